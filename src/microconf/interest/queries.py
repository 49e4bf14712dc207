"""Who is interested in what: the stars and imported interest, read."""

from collections import defaultdict
from uuid import UUID

from microconf.conference.models import Conference
from microconf.interest.models import Interest, Star


def starred_slugs(user, conference_id: int) -> list[str]:
    return list(
        Star.objects.filter(
            user=user, contribution__conference_id=conference_id
        ).values_list("contribution__slug", flat=True)
    )


def starred_guids(user, conference_id: int) -> set[UUID]:
    """The guids of what ``user`` starred here: exports name events by guid."""
    return set(
        Star.objects.filter(
            user=user, contribution__conference_id=conference_id
        ).values_list("contribution__guid", flat=True)
    )


def attendees_by_contribution(conference: Conference) -> dict[int, set[str]]:
    """Contribution id → attendee keys; an imported address with an account merges."""
    interest: dict[int, set[str]] = defaultdict(set)
    for contribution_id, user_id in Star.objects.filter(
        contribution__conference=conference
    ).values_list("contribution_id", "user_id"):
        interest[contribution_id].add(f"user:{user_id}")
    imported = list(
        Interest.objects.filter(conference=conference).values_list(
            "contribution_id", "attendee"
        )
    )
    accounts = {
        email.lower(): user_id
        for email, user_id in Star.objects.filter(
            contribution__conference=conference
        ).values_list("user__email", "user_id")
    }
    for contribution_id, attendee in imported:
        user_id = accounts.get(attendee.lower())
        key = f"user:{user_id}" if user_id else f"ext:{attendee.lower()}"
        interest[contribution_id].add(key)
    return interest


def star_count(conference: Conference) -> int:
    return Star.objects.filter(contribution__conference=conference).count()

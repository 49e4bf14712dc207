"""Shared querysets over contributions."""

from django.db.models import Prefetch, QuerySet

from microconf.cfp.lifecycle import PUBLIC_STATES
from microconf.cfp.models import Authorship, Contribution


def public_contributions(conference_slug: str) -> QuerySet[Contribution]:
    """Contributions the public programme shows, with what their pages need loaded."""
    return (
        Contribution.objects.filter(
            conference__slug=conference_slug, state__in=PUBLIC_STATES
        )
        .select_related("conference", "track__conference", "room")
        .prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("person").order_by(
                    "position", "id"
                ),
            ),
        )
    )


def team_contributions(conference: object, user: object) -> list[Contribution]:
    """Submitted contributions this user may see in the team's pages, in one pass.

    Drafts stay private to their authors. Which others appear follows the
    ``cfp.view_submission`` permission, checked on prefetched rows.
    """
    from microconf.cfp.lifecycle import State  # noqa: PLC0415 - models import lifecycle

    candidates = (
        Contribution.objects.filter(conference=conference)
        .exclude(state=State.DRAFT)
        .select_related("conference", "track", "track__cfp")
        .prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("person").order_by(
                    "position", "id"
                ),
            ),
            "reviews__scores",
        )
        .exclude(conflicts__user=user)
        .order_by("track__position", "track__name", "created")
    )
    return [c for c in candidates if user.has_perm("cfp.view_submission", c)]


def authored_by(user: object) -> list[Contribution]:
    """The user's own contributions across conferences, newest first."""
    return list(
        Contribution.objects.filter(authorships__person__user=user)
        .select_related("conference", "track")
        .order_by("-created")
    )

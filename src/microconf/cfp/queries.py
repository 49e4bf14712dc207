"""Shared querysets over contributions."""

import datetime as dt

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


def scheduled_contributions(
    conference_slug: str,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> list[Contribution]:
    """The current schedule: public contributions with a room and a start.

    The one place the timetable, the agenda, the feed and the export read the
    schedule from. A contribution's room and start are the latest release's: the
    scheduler's draft reaches them only through ``release_schedule``.
    ``since`` and ``until`` bound the start times (until excluded).
    """
    contributions = public_contributions(conference_slug).filter(
        start__isnull=False, room__isnull=False
    )
    if since is not None:
        contributions = contributions.filter(start__gte=since)
    if until is not None:
        contributions = contributions.filter(start__lt=until)
    return list(contributions.order_by("start", "room__position", "title"))


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

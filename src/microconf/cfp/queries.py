"""Shared querysets over contributions.

Every load of a contribution for a person starts at ``visible_contributions``:
drafts are their authors' alone, on every page, API answer, export and list.
"""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from microconf.cfp.lifecycle import PUBLIC_STATES, State
from microconf.cfp.models import Authorship, Contribution
from microconf.conference.models import Track


def visible_contributions(user: object | None) -> QuerySet[Contribution]:
    """Contributions this person may know exist: everything but others' drafts.

    Permissions (``cfp.view_submission``...) then narrow this further; a draft
    never gets that far unless the person is one of its authors.
    """
    if user is None or not user.is_authenticated:
        return Contribution.objects.exclude(state=State.DRAFT)
    own = Authorship.objects.filter(contribution=OuterRef("pk"), person__user=user)
    return Contribution.objects.filter(~Q(state=State.DRAFT) | Exists(own))


def _authorships() -> Prefetch:
    return Prefetch(
        "authorships",
        queryset=Authorship.objects.select_related("person").order_by("position", "id"),
    )


def public_contributions(conference_slug: str) -> QuerySet[Contribution]:
    """Contributions the public programme shows, with what their pages need loaded."""
    return (
        visible_contributions(None)
        .filter(conference__slug=conference_slug, state__in=PUBLIC_STATES)
        .select_related("conference", "track__conference", "room")
        .prefetch_related(_authorships())
    )


def contribution_for(
    user: object, conference_slug: str, pk: int
) -> Contribution | None:
    """One contribution with what its pages need, if this user may see it; else None.

    A draft of someone else, a contribution the user's roles do not reach and one
    that does not exist all answer None alike, so nobody learns which it was.
    """
    found = (
        visible_contributions(user)
        .select_related(
            "conference",
            "track",
            "track__cfp",
            "track__conference",
            "submission_type",
            "room",
        )
        .prefetch_related(
            _authorships(), "answers__question", "review_assignments", "conflicts"
        )
        .filter(conference__slug=conference_slug, pk=pk)
        .first()
    )
    if found is None or not user.has_perm("cfp.view_submission", found):
        return None
    return found


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

    Drafts stay private to their authors, even here. Which others appear follows
    the ``cfp.view_submission`` permission, checked on prefetched rows.
    """
    # Only confirmed conflicts hide (see people/rules.py has_conflict_with).
    conflicted = Contribution.objects.filter(
        conflicts__user=user, conflicts__status="confirmed"
    ).values("pk")
    candidates = (
        visible_contributions(None)
        .filter(conference=conference)
        .select_related("conference", "track", "track__cfp")
        .prefetch_related(
            _authorships(), "reviews__scores", "review_assignments", "conflicts"
        )
        .exclude(pk__in=conflicted)
        .order_by("track__position", "track__name", "created")
    )
    return [c for c in candidates if user.has_perm("cfp.view_submission", c)]


def draft_count(conference: object) -> int:
    """How many drafts are being written: all that organisers learn of them."""
    return Contribution.objects.filter(conference=conference, state=State.DRAFT).count()


def tracks_with_counts(conference_id: int) -> QuerySet[Track]:
    """Tracks in order, each annotated with how many public contributions it has."""
    return Track.objects.filter(conference_id=conference_id).annotate(
        public_count=Count(
            "contributions", filter=Q(contributions__state__in=PUBLIC_STATES)
        )
    )

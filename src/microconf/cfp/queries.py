"""Shared querysets over contributions.

Every load of a contribution for a person starts at ``visible_contributions``:
drafts are their authors' alone, on every page, API answer, export and list.
"""

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from microconf.cfp.lifecycle import PUBLIC_STATES, State
from microconf.cfp.models import Authorship, Contribution
from microconf.conference.models import Track
from microconf.people.rules import roles_in


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
    room_ids: Sequence[int] | None = None,
) -> list[Contribution]:
    """The current schedule: public contributions with a room and a start.

    The one place the timetable, the agenda, the feed and the export read the
    schedule from. A contribution's room and start are the latest release's: the
    scheduler's draft reaches them only through ``release_schedule``.
    ``since`` and ``until`` bound the start times (until excluded); ``room_ids``,
    when given, keeps those rooms' only.
    """
    contributions = public_contributions(conference_slug).filter(
        start__isnull=False, room__isnull=False
    )
    if since is not None:
        contributions = contributions.filter(start__gte=since)
    if until is not None:
        contributions = contributions.filter(start__lt=until)
    if room_ids is not None:
        contributions = contributions.filter(room_id__in=room_ids)
    return list(contributions.order_by("start", "room__position", "title"))


def _confirmed_conflicts(user: object) -> QuerySet:
    # Only confirmed conflicts hide (see people/rules.py has_conflict_with).
    return Contribution.objects.filter(
        conflicts__user=user, conflicts__status="confirmed"
    ).values("pk")


def _own(user: object) -> Exists:
    return Exists(
        Authorship.objects.filter(contribution=OuterRef("pk"), person__user=user)
    )


def team_queryset(conference: object, user: object) -> QuerySet[Contribution]:
    """Submitted contributions this user may see in the team's pages, as SQL.

    The ``cfp.view_submission`` permission written as a filter, so that a list can
    count, sort and page in the database: organisers see everything; committee
    members everything but microconference topics; runners their MC's topics;
    reviewers their track's (under anonymised review, only what they were given);
    authors their own. Drafts and confirmed conflicts never appear.
    ``tests/cfp/test_submission_list.py`` holds it to the permission, role by role.
    """
    found = (
        visible_contributions(None)
        .filter(conference=conference)
        .exclude(pk__in=_confirmed_conflicts(user))
    )
    roles = roles_in(user, conference.pk)
    if user.is_superuser or roles.is_organiser:
        return found
    allowed = Q(_own(user))
    topics = Q(track__kind=Track.Kind.MICROCONFERENCE)
    if roles.is_committee_member:
        allowed |= ~topics
    if roles.runner_track_ids:
        allowed |= topics & Q(track_id__in=roles.runner_track_ids)
    if roles.reviewer_track_ids:
        assigned = Contribution.objects.filter(review_assignments__reviewer=user)
        allowed |= Q(track_id__in=roles.reviewer_track_ids) & (
            Q(track__cfp__is_review_anonymised=False)
            | Q(track__cfp__isnull=True)
            | Q(pk__in=assigned.values("pk"))
        )
    return found.filter(allowed)


def team_contributions(conference: object, user: object) -> list[Contribution]:
    """Submitted contributions this user may see in the team's pages, in one pass.

    Drafts stay private to their authors, even here. The rows come from
    ``team_queryset`` and are checked once more against ``cfp.view_submission``.
    """
    candidates = (
        team_queryset(conference, user)
        .select_related("conference", "track", "track__cfp")
        .prefetch_related(
            _authorships(), "reviews__scores", "review_assignments", "conflicts"
        )
        .order_by("track__position", "track__name", "created")
    )
    return [c for c in candidates if user.has_perm("cfp.view_submission", c)]


def authors_hidden_from(user: object, conference: object) -> Q | None:
    """Where the authors' names are hidden from this user (``cfp.view_authors``).

    None when they never are (organisers). Otherwise: under anonymised review,
    in contributions the user is not an author of. Searching and sorting by names
    leave those rows out, so neither tells who wrote them.
    """
    if user.is_superuser or roles_in(user, conference.pk).is_organiser:
        return None
    return Q(track__cfp__is_review_anonymised=True) & ~Q(_own(user))


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

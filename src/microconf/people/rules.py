"""Who someone is in a conference: the base predicates every permission is made of.

Each app's ``rules.py`` composes these into named permissions (``cfp.decide``...),
and views and the API ask ``user.has_perm(name, obj)``. Nothing else decides access.

A user's roles in a conference are loaded once per request (two queries) and kept on
the user object, so checking many permissions on a page costs no more queries.
"""

from dataclasses import dataclass

import rules
from django.contrib.auth.models import AnonymousUser, User

from microconf.conference.models import Conference, Track
from microconf.people.models import TeamMembership

Role = TeamMembership.Role


@dataclass(frozen=True, slots=True)
class Roles:
    is_organiser: bool = False
    is_committee_member: bool = False
    reviewer_track_ids: frozenset[int] = frozenset()
    runner_track_ids: frozenset[int] = frozenset()


NO_ROLES = Roles()


def conference_id_of(obj: object) -> int | None:
    """The conference a conference, track, contribution or similar object belongs to."""
    if obj is None:
        return None
    if isinstance(obj, Conference):
        return obj.pk
    return getattr(obj, "conference_id", None)


def track_id_of(obj: object) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, Track):
        return obj.pk
    return getattr(obj, "track_id", None)


def roles_in(user: User | AnonymousUser, conference_id: int | None) -> Roles:
    """The user's roles in one conference, loaded once and kept on the user object."""
    if conference_id is None or not user.is_authenticated:
        return NO_ROLES
    cache = user.__dict__.setdefault("_microconf_roles", {})
    if conference_id not in cache:
        memberships = list(
            TeamMembership.objects.filter(
                user=user, conference_id=conference_id
            ).values_list("role", "track_id")
        )
        runner_tracks = Track.objects.filter(
            conference_id=conference_id, runners__user=user
        ).values_list("id", flat=True)
        cache[conference_id] = Roles(
            is_organiser=(Role.ORGANISER, None) in memberships,
            is_committee_member=(Role.COMMITTEE, None) in memberships,
            reviewer_track_ids=frozenset(
                track for role, track in memberships if role == Role.REVIEWER
            ),
            runner_track_ids=frozenset(runner_tracks),
        )
    return cache[conference_id]


@rules.predicate
def is_organiser(user: User, obj: object) -> bool:
    return user.is_superuser or roles_in(user, conference_id_of(obj)).is_organiser


@rules.predicate
def is_committee_member(user: User, obj: object) -> bool:
    return roles_in(user, conference_id_of(obj)).is_committee_member


@rules.predicate
def is_runner_of_mc(user: User, obj: object) -> bool:
    """Runs the microconference the object is (a track) or belongs to (a topic)."""
    track_id = track_id_of(obj)
    return track_id in roles_in(user, conference_id_of(obj)).runner_track_ids


@rules.predicate
def is_reviewer_of_track(user: User, obj: object) -> bool:
    track_id = track_id_of(obj)
    return track_id in roles_in(user, conference_id_of(obj)).reviewer_track_ids


@rules.predicate
def is_in_team(user: User, obj: object) -> bool:
    roles = roles_in(user, conference_id_of(obj))
    return roles != NO_ROLES or user.is_superuser


@rules.predicate
def is_author(user: User, contribution: object) -> bool:
    """Named on the contribution (any role), through the user's own person record."""
    if not user.is_authenticated or contribution is None:
        return False
    authorships = contribution.authorships.all()  # usually prefetched
    return any(a.person.user_id == user.pk for a in authorships)


@rules.predicate
def has_conflict_with(user: User, contribution: object) -> bool:
    """An author, or a confirmed conflict of interest (declared, or found, confirmed).

    Only stored conflicts count: suggestions found at assignment wait for an
    organiser, and nothing is worked out from the user's profile now, so editing
    one's own affiliation changes nothing one sees (review/conflicts.py).
    """
    if not user.is_authenticated or contribution is None:
        return False
    if is_author(user, contribution):
        return True
    cached = getattr(contribution, "_prefetched_objects_cache", {})
    if "conflicts" in cached:
        return any(
            c.user_id == user.pk and c.status == "confirmed"
            for c in cached["conflicts"]
        )
    # Conflicts are review's rows, read through the relation it declares.
    return contribution.conflicts.filter(user=user, status="confirmed").exists()


@rules.predicate
def is_assigned_to_review(user: User, contribution: object) -> bool:
    """Given this contribution to review (by assignment), usually prefetched."""
    if not user.is_authenticated or contribution is None:
        return False
    return any(a.reviewer_id == user.pk for a in contribution.review_assignments.all())


# The conference app sits below people, so its pages' permissions, made of the
# roles above, are named here.
rules.add_perm("conference.manage_team", is_organiser)
rules.add_perm("conference.manage_sponsors", is_organiser)

"""The API's routes: load through the same queries and permissions as the pages.

Each route lists every answer it gives besides 200 (``response=``), so the
OpenAPI document is the truth about errors too (tests/api/test_api_answers.py
provokes each one): 404 for an unknown conference or thing, 422 for a
parameter or body that cannot be read (a ``limit`` above ``MAX_LIMIT``, a
non-numeric id), 401 on team routes without a valid token or session, and 304
where a public list answers a matching ``If-None-Match``.
"""

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from microconf.api.app import api, team_auth, team_throttle
from microconf.api.caching import PageFirst, cached_list
from microconf.api.schemas import (
    ConferenceOut,
    ContributionOut,
    InvalidOut,
    MaterialOut,
    MessageOut,
    PersonOut,
    RefusalOut,
    RoomOut,
    SponsorTierOut,
    StateChangeIn,
    SubmissionOut,
    TrackOut,
)
from microconf.cfp.lifecycle import State, TransitionNotAllowed, change_state
from microconf.cfp.models import Contribution
from microconf.cfp.queries import (
    contribution_for,
    public_contributions,
    team_contributions,
)
from microconf.conference.models import Conference
from microconf.conference.queries import sponsor_tiers
from microconf.materials.models import Material
from microconf.people.models import Person

# The answers besides 200, by what the route does.
NOT_FOUND = {404: MessageOut}  # a path names no (public) conference or thing
INVALID = {422: InvalidOut}  # a query, path or body value it cannot read
# No token or session, an expired or unknown token; past the user's or the address's
# limit (Retry-After says when to come back).
TEAM = {401: MessageOut, 429: MessageOut}
CACHED = {304: None}  # If-None-Match names the current version


def _contribution(c: Contribution, *, with_authors: bool = True) -> dict:
    return {
        "id": c.pk, "slug": c.slug, "title": c.title, "kind": c.kind,
        "track": c.track.slug, "abstract": c.abstract, "duration": c.duration,
        "state": c.state, "room": c.room.name if c.room_id else None, "start": c.start,
        "authors": [
            {"person": a.person, "role": a.role, "is_speaker": a.is_speaker}
            for a in c.authorships.all()
        ] if with_authors else [],
    }  # fmt: skip


def _conference(slug: str) -> Conference:
    return get_object_or_404(Conference, slug=slug)


@api.get("/conferences", response=list[ConferenceOut], url_name="conferences")
def conferences(request: HttpRequest) -> list[Conference]:
    return list(Conference.objects.order_by("-start_date"))


@api.get(
    "/conferences/{slug}",
    response={200: ConferenceOut, **NOT_FOUND},
    url_name="conference",
)
def conference(request: HttpRequest, slug: str) -> Conference:
    return _conference(slug)


@api.get(
    "/conferences/{slug}/tracks",
    response={200: list[TrackOut], **CACHED, **NOT_FOUND},
    url_name="tracks",
)
@decorate_view(cached_list)
def tracks(request: HttpRequest, slug: str) -> list:
    return list(_conference(slug).tracks.all())


@api.get(
    "/conferences/{slug}/rooms",
    response={200: list[RoomOut], **CACHED, **NOT_FOUND},
    url_name="rooms",
)
@decorate_view(cached_list)
def rooms(request: HttpRequest, slug: str) -> list:
    return list(_conference(slug).rooms.all())


@api.get(
    "/conferences/{slug}/contributions",
    response={200: list[ContributionOut], **CACHED, **NOT_FOUND, **INVALID},
    url_name="contributions",
)
@decorate_view(cached_list)
@paginate(PageFirst, serialise=_contribution)
def contributions(
    request: HttpRequest, slug: str, track: str = "", kind: str = "", q: str = ""
) -> QuerySet[Contribution]:
    """Public contributions, filtered by track slug, kind or words in them."""
    _conference(slug)
    found = public_contributions(slug)
    if track:
        found = found.filter(track__slug=track)
    if kind:
        found = found.filter(kind=kind)
    if q:
        found = found.filter(Q(title__icontains=q) | Q(abstract__icontains=q))
    return found.order_by("start", "title", "pk")


@api.get(
    "/conferences/{slug}/contributions/{pk}",
    response={200: ContributionOut, **NOT_FOUND, **INVALID},
    url_name="contribution",
)
def contribution(request: HttpRequest, slug: str, pk: int) -> dict:
    found = public_contributions(slug).filter(pk=pk).first()
    if found is None:
        raise Http404("No such public contribution in this conference.")
    return _contribution(found)


@api.get(
    "/conferences/{slug}/contributions/{pk}/materials",
    response={200: list[MaterialOut], **NOT_FOUND, **INVALID},
    url_name="materials",
)
def materials(request: HttpRequest, slug: str, pk: int) -> list[dict]:
    if not public_contributions(slug).filter(pk=pk).exists():
        raise Http404("No such public contribution in this conference.")
    return [
        {"kind": m.kind, "title": m.title, "url": m.href}
        for m in Material.objects.filter(contribution_id=pk)
    ]


@api.get(
    "/conferences/{slug}/people",
    response={200: list[PersonOut], **CACHED, **NOT_FOUND, **INVALID},
    url_name="people",
)
@decorate_view(cached_list)
@paginate(PageFirst)
def people(request: HttpRequest, slug: str) -> QuerySet[Person]:
    """People named on the conference's public contributions; public fields only."""
    _conference(slug)
    public = public_contributions(slug).values("pk")
    return (
        Person.objects.filter(authorships__contribution__in=public)
        .only("id", "name", "affiliation")
        .distinct()
        .order_by("name", "pk")
    )


@api.get(
    "/conferences/{slug}/sponsors",
    response={200: list[SponsorTierOut], **CACHED, **NOT_FOUND},
    url_name="sponsors",
)
@decorate_view(cached_list)
def sponsors(request: HttpRequest, slug: str) -> list[dict]:
    return [
        {
            "name": t.name,
            "sponsors": [{"name": s.name, "url": s.url} for s in t.sponsors.all()],
        }
        for t in sponsor_tiers(_conference(slug).pk)
    ]


def _submission(request: HttpRequest, c: Contribution) -> dict:
    return {
        **_contribution(c, with_authors=request.user.has_perm("cfp.view_authors", c)),
        "expected_attendance": c.expected_attendance,
        "possible_topics": c.possible_topics,
    }


@api.get(
    "/conferences/{slug}/submissions",
    response={200: list[SubmissionOut], **TEAM, **NOT_FOUND, **INVALID},
    auth=team_auth,
    throttle=team_throttle(),
    url_name="submissions",
)
@paginate(PageFirst)
def submissions(request: HttpRequest, slug: str, state: str = "") -> list[dict]:
    """Submissions the caller's roles let them see, as on the team's pages."""
    conference = _conference(slug)
    if not request.user.has_perm("cfp.view_submissions", conference):
        raise Http404("No such conference team.")
    found = team_contributions(conference, request.user)
    return [_submission(request, c) for c in found if not state or c.state == state]


def _team_contribution(request: HttpRequest, slug: str, pk: int) -> Contribution:
    found = contribution_for(request.user, slug, pk)
    if found is None:
        raise Http404("No such submission.")
    return found


@api.get(
    "/conferences/{slug}/submissions/{pk}",
    response={200: SubmissionOut, **TEAM, **NOT_FOUND, **INVALID},
    auth=team_auth,
    throttle=team_throttle(),
    url_name="submission",
)
def submission(request: HttpRequest, slug: str, pk: int) -> dict:
    return _submission(request, _team_contribution(request, slug, pk))


@api.post(
    "/conferences/{slug}/submissions/{pk}/state",
    response={200: SubmissionOut, 403: MessageOut, 409: RefusalOut}
    | TEAM
    | NOT_FOUND
    | INVALID,
    auth=team_auth,
    throttle=team_throttle(),
    url_name="submission-state",
)
def submission_state(
    request: HttpRequest, slug: str, pk: int, body: StateChangeIn
) -> dict:
    """Change a submission's state through the same lifecycle as the pages."""
    found = _team_contribution(request, slug, pk)
    if body.to not in State.values:
        raise TransitionNotAllowed(
            f"“{body.to}” is not a state; use one of: {', '.join(State.values)}."
        )
    changed = change_state(found, body.to, by=request.user, reason=body.reason)
    return _submission(request, _team_contribution(request, slug, changed.pk))

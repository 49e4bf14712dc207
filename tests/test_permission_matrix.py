"""Every route of microconf against every role: who may use it and who may not.

Adding a route without a row here fails ``test_every_route_has_a_row``.
"""

import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from microconf.cfp.lifecycle import State
from microconf.cfp.models import Invitation
from microconf.exchange.models import ImportRun
from microconf.interest.models import AgendaFeed
from microconf.materials.models import Material
from microconf.notifications.models import MailTemplate, OutboxMail
from microconf.people.models import TeamMembership
from microconf.people.services import create_api_token
from microconf.scheduling import builds
from microconf.scheduling.models import DraftSlot, Release, SolveRun
from tests.factories import (
    add_author,
    make_contribution,
    make_person,
    make_room,
    make_sponsor,
    make_user,
)

NAMESPACES = {
    "programme", "cfp", "people", "review", "notifications", "api", "interchange",
    "materials", "print", "conference", "exports", "scheduling", "desk",
}  # fmt: skip
ROLES = [
    "anonymous", "attendee", "speaker", "reviewer", "rust_mc_runner",
    "committee_member", "organiser",
]  # fmt: skip
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
TEAM = {"reviewer", "rust_mc_runner", "committee_member", "organiser"}
ORGANISER = {"organiser"}
PLACED = dt.datetime(2023, 11, 13, 15, 0, tzinfo=dt.UTC)  # 10:00 in Richmond

# route name: (method, arguments built from the world, POST data, roles allowed)
MATRIX = {
    "programme:conference-list": ("get", lambda w: [], {}, EVERYONE),
    "programme:conference": ("get", lambda w: [w.slug], {}, EVERYONE),
    "programme:track": ("get", lambda w: [w.slug, "refereed"], {}, EVERYONE),
    "programme:contribution": ("get", lambda w: [w.slug, w.public.slug], {}, EVERYONE),
    "programme:timetable-first": ("get", lambda w: [w.slug], {}, EVERYONE),
    "programme:timetable": ("get", lambda w: [w.slug, "2023-11-13"], {}, EVERYONE),
    "programme:timetable-rooms": (
        "get", lambda w: [w.slug, "2023-11-13", w.room_pk], {}, EVERYONE,
    ),
    "programme:timetable-all-rooms": (
        "get", lambda w: [w.slug, "2023-11-13"], {}, EVERYONE,
    ),
    "programme:speaker": ("get", lambda w: [w.slug, w.public_author.pk], {}, EVERYONE),
    "programme:search": ("get", lambda w: [w.slug], {"q": "x"}, EVERYONE),
    "programme:agenda": ("get", lambda w: [w.slug], {}, EVERYONE),
    "programme:tracks": ("get", lambda w: [w.slug], {}, EVERYONE),
    "programme:speakers": ("get", lambda w: [w.slug], {}, EVERYONE),
    "programme:agenda-export": ("get", lambda w: [w.slug], {}, EVERYONE),
    "programme:manifest": ("get", lambda w: [w.slug], {}, EVERYONE),
    "programme:service-worker": ("get", lambda w: [w.slug], {}, EVERYONE),
    "programme:offline": ("get", lambda w: [w.slug], {}, EVERYONE),
    "programme:stars": ("json", lambda w: [w.slug], {"add": []}, SIGNED_IN),
    # The secret token in the address is the permission: whoever has it may read.
    "programme:agenda-feed": ("get", lambda w: [w.slug, w.feed.token], {}, EVERYONE),
    "cfp:calls": ("get", lambda w: [w.slug], {}, EVERYONE),
    "cfp:call": ("get", lambda w: [w.slug, "refereed"], {}, EVERYONE),
    "cfp:propose": ("get", lambda w: [w.slug, "refereed"], {}, SIGNED_IN),
    "cfp:invitation": ("get", lambda w: [w.invitation.token], {}, SIGNED_IN),
    "cfp:manage": ("get", lambda w: [w.slug], {}, TEAM),
    "cfp:manage-call": (
        "get", lambda w: [w.slug, "rust"], {}, {"organiser", "rust_mc_runner"},
    ),
    "cfp:submission": (
        "get", lambda w: [w.slug, w.talk.pk], {},
        {"speaker", "reviewer", "committee_member", "organiser"},
    ),
    "cfp:edit": ("get", lambda w: [w.slug, w.talk.pk], {}, {"speaker", "organiser"}),
    "cfp:change": (
        "post", lambda w: [w.slug, w.talk.pk], {"to": "accepted"},
        {"committee_member", "organiser"},
    ),
    "cfp:invite": (
        "post", lambda w: [w.slug, w.talk.pk], {"email": "new@example.org"},
        {"speaker"},
    ),
    "cfp:reopen": ("post", lambda w: [w.slug, w.talk.pk], {}, ORGANISER),
    "materials:add": (
        "post", lambda w: [w.slug, w.talk.pk], {"kind": "notes", "url": "https://x.org/n"},
        {"speaker", "organiser"},
    ),
    "materials:remove": (
        "post", lambda w: [w.slug, w.link.pk], {}, {"speaker", "organiser"},
    ),
    "materials:download": (
        "get", lambda w: [w.slug, w.upload.pk, w.upload.original_name], {},
        {"speaker", "reviewer", "committee_member", "organiser"},
    ),
    "print:conference": ("get", lambda w: [w.slug], {}, EVERYONE),
    "print:track": ("get", lambda w: [w.slug, "refereed"], {}, EVERYONE),
    "print:release": ("get", lambda w: [w.slug, w.release], {}, EVERYONE),
    "conference:sponsors": ("get", lambda w: [w.slug], {}, ORGANISER),
    "conference:remove-sponsor": (
        "post", lambda w: [w.slug, w.sponsor.pk], {}, ORGANISER,
    ),
    # Logos are public files; a missing one is a 404 for everybody alike.
    "conference:logo": ("get", lambda w: ["none.png"], {}, set()),
    "exports:schedule": ("get", lambda w: [w.slug, "xml"], {}, EVERYONE),
    "exports:track-ics": ("get", lambda w: [w.slug, "refereed"], {}, EVERYONE),
    "scheduling:changelog": ("get", lambda w: [w.slug], {}, EVERYONE),
    "scheduling:release": ("post", lambda w: [w.slug], {}, ORGANISER),
    "scheduling:board": ("get", lambda w: [w.slug], {}, ORGANISER),
    "scheduling:check": (
        "get", lambda w: [w.slug],
        lambda w: {"unit": w.unit, "room": w.room, "day": "0", "time": "600"},
        ORGANISER,
    ),
    "scheduling:move": (
        "post", lambda w: [w.slug],
        lambda w: {"unit": w.unit, "room": w.room, "day": "0", "time": "600"},
        ORGANISER,
    ),
    "scheduling:swap": (
        "post", lambda w: [w.slug], lambda w: {"unit": w.unit, "with": w.unit},
        ORGANISER,
    ),
    "scheduling:pin": (
        "post", lambda w: [w.slug], lambda w: {"unit": w.unit}, ORGANISER,
    ),
    "scheduling:discard": ("post", lambda w: [w.slug], {}, ORGANISER),
    "scheduling:availability": (
        "post", lambda w: [w.slug],
        lambda w: {"unit": w.unit, "day-0": "1", "from-0": "540", "to-0": "600"},
        ORGANISER,
    ),
    "scheduling:solve": ("post", lambda w: [w.slug], {"time_limit": "5"}, ORGANISER),
    "scheduling:run": ("get", lambda w: [w.slug, w.run.pk], {}, ORGANISER),
    "scheduling:interest": ("post", lambda w: [w.slug], {}, ORGANISER),
    # A release's built files: its state (JSON), a rebuild, the static export's zip.
    "scheduling:build": ("get", lambda w: [w.slug, w.release], {}, ORGANISER),
    "scheduling:rebuild": ("post", lambda w: [w.slug, w.release], {}, ORGANISER),
    "scheduling:site": ("get", lambda w: [w.slug, w.release], {}, ORGANISER),
    "people:dashboard": ("get", lambda w: [], {}, SIGNED_IN),
    "people:profile": ("get", lambda w: [], {}, SIGNED_IN),
    "people:create-token": ("post", lambda w: [], {"name": "x"}, SIGNED_IN),
    "people:delete-token": ("post", lambda w: [w.token.pk], {}, {"speaker"}),
    "people:team": ("get", lambda w: [w.slug], {}, ORGANISER),
    "people:remove-member": (
        "post", lambda w: [w.slug, w.committee_membership.pk], {}, ORGANISER,
    ),
    "review:dashboard": ("get", lambda w: [w.slug], {}, TEAM),
    "review:review": (
        "get", lambda w: [w.slug, w.talk.pk], {},
        {"reviewer", "committee_member", "organiser"},
    ),
    "review:assign": ("post", lambda w: [w.slug, "refereed"], {}, ORGANISER),
    "review:conflicts": ("get", lambda w: [w.slug], {}, ORGANISER),
    "notifications:outbox": ("get", lambda w: [w.slug], {}, ORGANISER),
    "notifications:send": ("post", lambda w: [w.slug], {"mail": ["1"]}, ORGANISER),
    "cfp:remind": (
        "post", lambda w: [w.slug], {"kind": "confirm-reminder"}, ORGANISER,
    ),
    "notifications:edit": ("get", lambda w: [w.slug, w.mail.pk], {}, ORGANISER),
    # Importing makes a new conference: staff only, and none of these roles is staff.
    "interchange:import": ("get", lambda w: [], {}, set()),
    # A queued import is followed by the staff member who uploaded it, and only them:
    # the organiser uploaded this one, but is not staff.
    "interchange:run": ("get", lambda w: [w.import_run.pk], {}, set()),
    # Creating a conference takes a site permission none of these roles holds
    # (tests/desk/test_desk.py grants it).
    "desk:new-conference": ("get", lambda w: [], {}, set()),
    "desk:desk": ("get", lambda w: [w.slug], {}, ORGANISER),
    "desk:details": ("get", lambda w: [w.slug], {}, ORGANISER),
    "desk:rooms": ("get", lambda w: [w.slug], {}, ORGANISER),
    "desk:room": ("get", lambda w: [w.slug, w.room_pk], {}, ORGANISER),
    "desk:remove-room": ("post", lambda w: [w.slug, w.room_pk], {}, ORGANISER),
    "desk:tracks": ("get", lambda w: [w.slug], {}, ORGANISER),
    "desk:track": ("get", lambda w: [w.slug, w.mc_pk], {}, ORGANISER),
    "desk:remove-track": ("post", lambda w: [w.slug, w.mc_pk], {}, ORGANISER),
    "desk:add-runner": (
        "post", lambda w: [w.slug, w.mc_pk], {"email": "new@example.org", "name": "N"},
        ORGANISER,
    ),
    "desk:remove-runner": (
        "post", lambda w: [w.slug, w.mc_pk, w.runner_pk], {}, ORGANISER,
    ),
    "desk:templates": ("get", lambda w: [w.slug], {}, ORGANISER),
    "desk:template": ("get", lambda w: [w.slug, w.template.pk], {}, ORGANISER),
    "desk:remove-template": (
        "post", lambda w: [w.slug, w.template.pk], {}, ORGANISER,
    ),
    "api:api-root": ("get", lambda w: [], {}, set()),  # ninja: 404 at the bare root
    "api:openapi-json": ("get", lambda w: [], {}, EVERYONE),
    "api:openapi-view": ("get", lambda w: [], {}, EVERYONE),
    "api:conferences": ("get", lambda w: [], {}, EVERYONE),
    "api:conference": ("get", lambda w: [w.slug], {}, EVERYONE),
    "api:tracks": ("get", lambda w: [w.slug], {}, EVERYONE),
    "api:rooms": ("get", lambda w: [w.slug], {}, EVERYONE),
    "api:contributions": ("get", lambda w: [w.slug], {}, EVERYONE),
    "api:contribution": ("get", lambda w: [w.slug, w.public.pk], {}, EVERYONE),
    "api:materials": ("get", lambda w: [w.slug, w.public.pk], {}, EVERYONE),
    "api:people": ("get", lambda w: [w.slug], {}, EVERYONE),
    "api:sponsors": ("get", lambda w: [w.slug], {}, EVERYONE),
    "api:submissions": ("get", lambda w: [w.slug], {}, TEAM),
    "api:submission": (
        "get", lambda w: [w.slug, w.talk.pk], {},
        {"speaker", "reviewer", "committee_member", "organiser"},
    ),
    "api:submission-state": (
        "json", lambda w: [w.slug, w.talk.pk], {"to": "accepted"},
        {"committee_member", "organiser"},
    ),
}  # fmt: skip


def _route_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            names |= _route_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and namespace in NAMESPACES:
            names.add(f"{namespace}:{entry.name}")
    return names


def test_every_route_has_a_row():
    assert _route_names(get_resolver()) == set(MATRIX)


class World:
    """What the routes act on, built around the cast."""

    def __init__(self, cast) -> None:
        self.slug = cast.conference.slug
        self.talk = make_contribution(cast.refereed, state=State.SUBMITTED)
        add_author(self.talk, cast.speaker.person, is_speaker=True)
        self.public = make_contribution(cast.refereed, state=State.CONFIRMED)
        self.public_author = make_person(name="Pia Public")
        add_author(self.public, self.public_author)
        self.feed = AgendaFeed.objects.create(
            user=cast.speaker, conference=cast.conference
        )
        self.invitation = Invitation.objects.create(
            contribution=self.talk, email="x@example.org", token="secret-token"
        )
        self.committee_membership = TeamMembership.objects.get(
            user=cast.committee_member, role=TeamMembership.Role.COMMITTEE
        )
        self.link = Material.objects.create(
            contribution=self.talk, kind="notes", title="n", url="https://x.org/n"
        )
        self.upload = Material.objects.create(
            contribution=self.talk, kind="slides", title="s", original_name="s.pdf",
            file=ContentFile(b"%PDF-1.4", name="s.pdf"), content_type="application/pdf",
        )  # fmt: skip
        self.sponsor = make_sponsor(cast.conference, "Gold", "Cobalt Labs")
        self.unit = f"c-{self.public.pk}"
        # The public talk is placed and in the draft, so the schedule board shows
        # every one of its forms (pin, discard, availability) to the form fuzz.
        room = make_room(cast.conference)
        self.room = f"r{room.pk}"
        self.room_pk = room.pk
        self.mc_pk = cast.rust_mc.pk
        self.runner_pk = cast.rust_mc_runner.person.pk
        self.template = MailTemplate.objects.create(
            conference=cast.conference, kind="accepted", subject="s", body="b"
        )
        self.public.room, self.public.start = room, PLACED
        self.public.save(update_fields=["room", "start"])
        DraftSlot.objects.create(
            conference=cast.conference,
            contribution=self.public,
            room=room,
            start=PLACED,
        )
        self.run = SolveRun.objects.create(conference=cast.conference, time_limit=5)
        self.import_run = ImportRun.objects.create(
            requested_by=cast.organiser, filename="schedule.xml"
        )
        self.token, _ = create_api_token(cast.speaker, "speaker's script")
        self.mail = OutboxMail.objects.create(
            conference=cast.conference, kind="accepted", key="k1",
            to_email="sam@example.org", subject="s", body="b",
        )  # fmt: skip
        # A release whose files the worker built (stand-ins: no WeasyPrint here).
        release = Release.objects.create(
            conference=cast.conference, number=1, released_by=cast.organiser
        )
        self.release = release.number
        queued = builds.queue(release)
        build = builds.claim(queued.pk, queued.attempt)  # as the worker does
        for name in (builds.PROGRAMME, builds.track_file("refereed"), builds.SITE):
            builds.store(build, name, ContentFile(b"%PDF-1.4 built", name="f.pdf"))
        builds.finish(build)


def _is_allowed(response) -> bool:
    if response.status_code == 200:
        return True
    if response.status_code == 302:
        return not response["Location"].startswith(
            ("/accounts/login/", "/admin/login/")
        )
    assert response.status_code in {401, 403, 404}, response.status_code
    return False


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_route_is_open_exactly_to_its_roles(
    client, cast, route, role, settings, tmp_path
):
    method, arguments, data, allowed = MATRIX[route]
    settings.MEDIA_ROOT = tmp_path
    world = World(cast)
    if role != "anonymous":
        client.force_login(getattr(cast, role))

    url = reverse(route, args=arguments(world))
    data = data(world) if callable(data) else data
    if method == "json":
        response = client.post(url, data, content_type="application/json")
    else:
        response = getattr(client, method)(url, data)

    if hasattr(response, "streaming_content"):
        response.close()
    assert _is_allowed(response) == (role in allowed), response.status_code


# Drafts are their authors' alone. Every route that takes a contribution is probed
# with a draft of Dora's (no role of the cast wrote it): it must answer exactly as
# for a contribution that does not exist. The drafts are placed in a room, as a
# hostile or stale row could be, so lists that filter on the schedule are tried too.
DRAFT_TITLE = "Zanzibar secret draft"
# Ids and addresses that occur nowhere else in a page, so answers compare as text.
DRAFT_ID, LINK_ID, UPLOAD_ID, MISSING = 888_888, 777_777, 666_666, 999_999
BLANKED = (str(DRAFT_ID), str(LINK_ID), str(UPLOAD_ID), str(MISSING), "zanzibar",
           "no-such-page")  # fmt: skip
QUERY = "ecret dra"  # in the draft's title; a search page echoes it, not the title

# route name (a "#suffix" tells two probes of one route apart): (method, arguments
# built from the world and the contribution's id, POST data, whether Dora may;
# None when the route answers alike either way)
DRAFT_PROBES = {
    "cfp:submission": ("get", lambda w, pk: [w.slug, pk], {}, True),
    "cfp:edit": ("get", lambda w, pk: [w.slug, pk], {}, True),
    "cfp:change": ("post", lambda w, pk: [w.slug, pk], {"to": "withdrawn"}, True),
    "cfp:invite": (
        "post", lambda w, pk: [w.slug, pk], {"email": "new@example.org"}, True,
    ),
    "cfp:reopen": ("post", lambda w, pk: [w.slug, pk], {}, False),
    "materials:add": (
        "post", lambda w, pk: [w.slug, pk], {"kind": "notes", "url": "https://x.org/n"},
        True,
    ),
    "materials:remove": (
        "post", lambda w, pk: [w.slug, w.draft_links.get(pk, MISSING)], {}, True,
    ),
    "materials:download": (
        "get", lambda w, pk: [w.slug, w.draft_uploads.get(pk, MISSING), "d.pdf"], {},
        True,
    ),
    "review:review": ("get", lambda w, pk: [w.slug, pk], {}, False),
    "review:review#post": (
        "post", lambda w, pk: [w.slug, pk], {"comment": "Fine."}, False,
    ),
    "review:review#conflict": (
        "post", lambda w, pk: [w.slug, pk], {"conflict": "1", "reason": "x"}, False,
    ),
    "programme:contribution": (
        "get", lambda w, pk: [w.slug, w.draft_slugs.get(pk, "no-such-page")], {},
        False,
    ),
    "programme:stars": (
        "json", lambda w, pk: [w.slug],
        lambda w, pk: {"add": [w.draft_slugs.get(pk, "no-such-page")]},
        None,  # answers 200 with the stars that hold, whoever asks
    ),
    "api:submission": ("get", lambda w, pk: [w.slug, pk], {}, True),
    "api:submission-state": (
        "json", lambda w, pk: [w.slug, pk], {"to": "withdrawn"}, True,
    ),
    "api:contribution": ("get", lambda w, pk: [w.slug, pk], {}, False),
    "api:materials": ("get", lambda w, pk: [w.slug, pk], {}, False),
    # The schedule board names units by contribution: c-<id>.
    "scheduling:check": (
        "get", lambda w, pk: [w.slug],
        lambda w, pk: {"unit": f"c-{pk}", "room": w.room, "day": "0", "time": "600"},
        False,
    ),
    "scheduling:move": (
        "post", lambda w, pk: [w.slug],
        lambda w, pk: {"unit": f"c-{pk}", "room": w.room, "day": "0", "time": "600"},
        False,
    ),
    "scheduling:swap": (
        "post", lambda w, pk: [w.slug],
        lambda w, pk: {"unit": w.unit, "with": f"c-{pk}"}, False,
    ),
    "scheduling:pin": (
        "post", lambda w, pk: [w.slug], lambda w, pk: {"unit": f"c-{pk}"}, False,
    ),
    "scheduling:availability": (
        "post", lambda w, pk: [w.slug],
        lambda w, pk: {"unit": f"c-{pk}", "day-0": "1", "from-0": "540", "to-0": "600"},
        False,
    ),
}  # fmt: skip

# Routes that list contributions: the draft's title is on none of them, for anyone.
DRAFT_LISTS = {
    "programme:conference": ("get", lambda w: [w.slug], {}),
    "programme:track": ("get", lambda w: [w.slug, "refereed"], {}),
    "programme:timetable": ("get", lambda w: [w.slug, "2023-11-13"], {}),
    "programme:timetable-rooms": (
        "get", lambda w: [w.slug, "2023-11-13", w.room_pk], {},
    ),
    "programme:timetable-all-rooms": ("get", lambda w: [w.slug, "2023-11-13"], {}),
    "programme:search": ("get", lambda w: [w.slug], {"q": QUERY}),
    "programme:speaker": ("get", lambda w: [w.slug, w.dora.person.pk], {}),
    "cfp:manage": ("get", lambda w: [w.slug], {}),
    "cfp:manage#drafts": ("get", lambda w: [w.slug], {"state": "draft"}),
    "review:dashboard": ("get", lambda w: [w.slug], {}),
    "scheduling:board": ("get", lambda w: [w.slug], {}),
    "api:contributions": ("get", lambda w: [w.slug], {"q": QUERY}),
    "api:submissions": ("get", lambda w: [w.slug], {}),
    "api:people": ("get", lambda w: [w.slug], {}),
    "exports:schedule": ("get", lambda w: [w.slug, "xml"], {}),
    "exports:track-ics": ("get", lambda w: [w.slug, "refereed"], {}),
    "people:dashboard": ("get", lambda w: [], {}),
}  # fmt: skip
DRAFT_ROLES = [*ROLES, "dora"]


def _draft_world(cast, track_slug: str) -> tuple[World, object]:
    """The world, plus a placed draft of Dora's with materials in ``track_slug``."""
    world = World(cast)
    world.dora = make_user("dora@example.org", name="Dora Drafter")
    track = {"refereed": cast.refereed, "rust": cast.rust_mc}[track_slug]
    draft = make_contribution(
        track, pk=DRAFT_ID, state=State.DRAFT, title=DRAFT_TITLE, slug="zanzibar",
        kind="topic" if track_slug == "rust" else "talk",
        room=cast.conference.rooms.first(), start=PLACED,
    )  # fmt: skip
    add_author(draft, world.dora.person, is_speaker=True)
    world.draft_slugs = {draft.pk: draft.slug}
    world.draft_links = {
        draft.pk: Material.objects.create(
            pk=LINK_ID,
            contribution=draft,
            kind="notes",
            title="d",
            url="https://x.org/d",
        ).pk
    }
    world.draft_uploads = {
        draft.pk: Material.objects.create(
            pk=UPLOAD_ID, contribution=draft, kind="slides", title="d",
            original_name="d.pdf",
            file=ContentFile(b"%PDF-1.4", name="d.pdf"),
            content_type="application/pdf",
        ).pk
    }  # fmt: skip
    return world, draft


def _request(client, method: str, url: str, data: dict):
    if method == "json":
        response = client.post(url, data, content_type="application/json")
    else:
        response = getattr(client, method)(url, data)
    if hasattr(response, "streaming_content"):
        response.close()
    return response


def _login(client, cast, world, role: str) -> None:
    if role == "dora":
        client.force_login(world.dora)
    elif role != "anonymous":
        client.force_login(getattr(cast, role))


def _blanked(text: str) -> str:
    for value in BLANKED:
        text = text.replace(value, "<id>")
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "csrf", text)


def _answer(response) -> tuple[int, str, str]:
    """What a response tells: status, where it leads and its text, ids blanked."""
    body = b"" if hasattr(response, "streaming_content") else response.content
    text = _blanked(body.decode(errors="replace"))
    return response.status_code, _blanked(response.get("Location", "")), text


def _names_used(value: object) -> set[str]:
    return set(value.__code__.co_names) if callable(value) else set()


def test_every_route_with_a_contribution_is_probed_with_a_draft():
    # A route takes a contribution when its row in MATRIX builds its address or
    # its data from one (the talk, the public contribution, a material, a unit).
    takes_one = {
        name
        for name, (_, arguments, data, _) in MATRIX.items()
        if (_names_used(arguments) | _names_used(data))
        & {"talk", "public", "link", "upload", "unit"}
    }
    takes_one.add("programme:stars")  # its data names contributions by address
    assert {name.partition("#")[0] for name in DRAFT_PROBES} == takes_one


@pytest.mark.parametrize("track_slug", ["refereed", "rust"])
@pytest.mark.parametrize("role", DRAFT_ROLES)
@pytest.mark.parametrize("route", sorted(DRAFT_PROBES))
def test_a_draft_answers_as_if_it_did_not_exist(
    client, cast, route, role, track_slug, settings, tmp_path
):
    method, arguments, data, authors_may = DRAFT_PROBES[route]
    settings.MEDIA_ROOT = tmp_path
    world, draft = _draft_world(cast, track_slug)
    _login(client, cast, world, role)
    name = route.partition("#")[0]

    def probe(pk: int):
        url = reverse(name, args=arguments(world, pk))
        sent = data(world, pk) if callable(data) else data
        return _request(client, method, url, sent)

    if role == "dora":
        response = probe(draft.pk)
        if authors_may is not None:
            assert _is_allowed(response) == authors_may
        else:  # a file's answer closes the request, and with it the connection
            assert draft.stars.count() == 0
        return
    missing = _answer(probe(MISSING))
    seen = _answer(probe(draft.pk))
    assert seen == missing
    assert DRAFT_TITLE not in seen[2]
    routed_by_id = name.startswith(("cfp:", "materials:", "review:", "api:"))
    if routed_by_id and role != "anonymous":  # anonymous: asked to sign in first
        assert seen[0] == 404
    draft.refresh_from_db()
    assert (
        draft.state, draft.reviews.count(), draft.conflicts.count(),
        draft.stars.count(), draft.materials.count(),
    ) == (State.DRAFT, 0, 0, 0, 2)  # fmt: skip


@pytest.mark.parametrize("track_slug", ["refereed", "rust"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(DRAFT_LISTS))
def test_no_list_shows_a_draft(client, cast, route, role, track_slug):
    method, arguments, data = DRAFT_LISTS[route]
    world, _ = _draft_world(cast, track_slug)
    _login(client, cast, world, role)

    response = _request(
        client, method, reverse(route.partition("#")[0], args=arguments(world)), data
    )

    assert DRAFT_TITLE.encode() not in response.content
    assert b"zanzibar" not in response.content.lower()


@pytest.mark.parametrize("role", DRAFT_ROLES)
def test_organisers_see_drafts_only_as_a_count(client, cast, role):
    world, _ = _draft_world(cast, "refereed")
    _login(client, cast, world, role)

    response = client.get(reverse("cfp:manage", args=[world.slug]))

    counted = b"1 proposal is still a draft" in response.content
    assert counted == (role == "organiser")


def test_the_author_sees_their_draft_on_their_page(client, cast):
    world, _ = _draft_world(cast, "refereed")
    client.force_login(world.dora)

    response = client.get(reverse("people:dashboard"))

    assert DRAFT_TITLE.encode() in response.content

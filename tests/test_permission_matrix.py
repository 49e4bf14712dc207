"""Every route of microconf against every role: who may use it and who may not.

Adding a route without a row here fails ``test_every_route_has_a_row``.
"""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from microconf.cfp.lifecycle import State
from microconf.cfp.models import Invitation
from microconf.materials.models import Material
from microconf.notifications.models import MailTemplate, OutboxMail
from microconf.people.models import TeamMembership
from microconf.people.services import create_api_token
from microconf.programme.models import AgendaFeed
from microconf.scheduling.models import DraftSlot, SolveRun
from tests.factories import (
    add_author,
    make_contribution,
    make_person,
    make_room,
    make_sponsor,
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
    "programme:speaker": ("get", lambda w: [w.slug, w.public_author.pk], {}, EVERYONE),
    "programme:search": ("get", lambda w: [w.slug], {"q": "x"}, EVERYONE),
    "programme:agenda": ("get", lambda w: [w.slug], {}, EVERYONE),
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
    "notifications:outbox": ("get", lambda w: [w.slug], {}, ORGANISER),
    "notifications:send": ("post", lambda w: [w.slug], {"mail": ["1"]}, ORGANISER),
    "notifications:remind": (
        "post", lambda w: [w.slug], {"kind": "confirm-reminder"}, ORGANISER,
    ),
    "notifications:edit": ("get", lambda w: [w.slug, w.mail.pk], {}, ORGANISER),
    # Importing makes a new conference: staff only, and none of these roles is staff.
    "interchange:import": ("get", lambda w: [], {}, set()),
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
        self.token, _ = create_api_token(cast.speaker, "speaker's script")
        self.mail = OutboxMail.objects.create(
            conference=cast.conference, kind="accepted", key="k1",
            to_email="sam@example.org", subject="s", body="b",
        )  # fmt: skip


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

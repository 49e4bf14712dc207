import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test.utils import override_settings
from django.utils import translation
from scripts.compile_messages import compile_stale

from microconf.conference.models import Track
from microconf.people.models import TeamMembership
from tests.factories import make_conference, make_track, make_user, open_cfp

REPO_ROOT = Path(__file__).resolve().parent.parent


# Before any test renders a page: Django reads the catalogues once per process.
compile_stale()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data (seed page, schemas, real files) beside the checkout."""
    path = Path(os.environ.get("MICROCONF_SHARED", REPO_ROOT.parent / "shared"))
    if not (path / "seed").is_dir():
        pytest.fail(
            f"The shared data directory {path} is missing: clone it beside the "
            "checkout as ../shared or set MICROCONF_SHARED to its path."
        )
    return path


# What `microconf demo` runs with: tests talk plain http to the app, as the demo does.
# tests/test_security_headers.py checks the production values on real responses.
PLAIN_HTTP = {
    "HTTPS": False,
    "SECURE_SSL_REDIRECT": False,
    "SECURE_HSTS_SECONDS": 0,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
    "LANGUAGE_COOKIE_SECURE": False,
}

# From import on, before any test module builds a WSGI application at collection
# (tests/api/test_api_fuzz.py) or the live server loads its middleware.
override_settings(**PLAIN_HTTP).enable()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: a request in German (Accept-Language)
    leaves German active in the thread, and code run outside a request would follow."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings, monkeypatch) -> None:
    # The default hasher costs about a second per user on these 2-core machines.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The demo's schedule only needs to be valid in tests, not as good as it gets.
    monkeypatch.setenv("MICROCONF_DEMO_SOLVE_SECONDS", "1")


@dataclass
class Cast:
    """The people of a conference, one per role, and the tracks they act in."""

    conference: object
    refereed: object
    proposals: object
    rust_mc: object
    tracing_mc: object
    organiser: object
    committee_member: object
    rust_mc_runner: object
    tracing_mc_runner: object
    reviewer: object
    speaker: object
    attendee: object

    def roles(self) -> dict[str, object]:
        return {
            "organiser": self.organiser,
            "committee_member": self.committee_member,
            "rust_mc_runner": self.rust_mc_runner,
            "reviewer": self.reviewer,
            "speaker": self.speaker,
            "attendee": self.attendee,
        }


@pytest.fixture
def cast(db) -> Cast:
    """A conference with open calls, and one user per role (see ``Cast``)."""
    conference = make_conference(name="Plumbers Test Conference", slug="plumbers")
    refereed = make_track(conference, name="Refereed Track", slug="refereed")
    proposals = make_track(
        conference,
        name="LPC Microconference Proposals",
        slug="mc-proposals",
        kind=Track.Kind.PROPOSALS,
    )
    rust_mc = make_track(
        conference, name="Rust MC", slug="rust", kind=Track.Kind.MICROCONFERENCE
    )
    tracing_mc = make_track(
        conference, name="Tracing MC", slug="tracing", kind=Track.Kind.MICROCONFERENCE
    )
    for track in (refereed, proposals, rust_mc, tracing_mc):
        open_cfp(track)
    users = {
        "organiser": make_user(
            "olga@example.org", name="Olga Organiser", affiliation="Org Co"
        ),
        "committee_member": make_user(
            "cara@example.org", name="Cara Committee", affiliation="PC Ltd"
        ),
        "rust_mc_runner": make_user(
            "rui@example.org", name="Rui Runner", affiliation="Rusty Inc"
        ),
        "tracing_mc_runner": make_user(
            "tam@example.org", name="Tam Tracer", affiliation="Trace Co"
        ),
        "reviewer": make_user(
            "rene@example.org", name="Rene Reviewer", affiliation="Review Labs"
        ),
        "speaker": make_user(
            "sam@example.org", name="Sam Speaker", affiliation="Speak GmbH"
        ),
        "attendee": make_user(
            "ada@example.org", name="Ada Attendee", affiliation="Attend BV"
        ),
    }
    TeamMembership.objects.create(
        conference=conference,
        user=users["organiser"],
        role=TeamMembership.Role.ORGANISER,
    )
    TeamMembership.objects.create(
        conference=conference,
        user=users["committee_member"],
        role=TeamMembership.Role.COMMITTEE,
    )
    for track in (refereed, proposals, rust_mc):
        TeamMembership.objects.create(
            conference=conference,
            user=users["reviewer"],
            role=TeamMembership.Role.REVIEWER,
            track=track,
        )
    rust_mc.runners.add(users["rust_mc_runner"].person)
    tracing_mc.runners.add(users["tracing_mc_runner"].person)
    return Cast(
        conference=conference,
        refereed=refereed,
        proposals=proposals,
        rust_mc=rust_mc,
        tracing_mc=tracing_mc,
        **users,
    )

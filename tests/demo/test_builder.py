import datetime as dt
import itertools
import re
from collections import defaultdict

import pytest
from django.contrib.auth.models import User

from microconf.cfp.lifecycle import PUBLIC_STATES
from microconf.cfp.models import Authorship, Contribution
from microconf.conference.models import Track
from microconf.demo.builder import RUST_PROPOSAL_SLUG, build_demo

pytestmark = pytest.mark.django_db


def _snapshot(conference) -> list[tuple]:
    # The schedule is the solver's answer within a time limit, so it is checked
    # for validity below rather than compared between builds.
    return sorted(
        (
            c.slug,
            c.title,
            c.state,
            c.is_scheduled,
            tuple(a.person.name for a in c.authorships.all()),
        )
        for c in conference.contributions.select_related("room").prefetch_related(
            "authorships__person"
        )
    )


def test_demo_is_the_same_on_every_build():
    first = _snapshot(build_demo())

    second = _snapshot(build_demo(reset=True))

    assert first == second


def test_building_again_without_reset_changes_nothing():
    conference = build_demo()
    count = conference.contributions.count()

    again = build_demo()

    assert (again.pk, again.contributions.count()) == (conference.pk, count)


def test_demo_has_the_shape_of_lpc_2023():
    conference = build_demo()

    kinds = [t.kind for t in conference.tracks.all()]
    assert (conference.name, conference.city, conference.timezone) == (
        "Linux Plumbers Conference 2023",
        "Richmond, VA",
        "America/New_York",
    )
    assert (conference.start_date, conference.end_date) == (
        dt.date(2023, 11, 13),
        dt.date(2023, 11, 15),
    )
    assert conference.rooms.count() == 8
    assert kinds.count(Track.Kind.MICROCONFERENCE) == 20
    assert {Track.Kind.REFEREED, Track.Kind.KERNEL_SUMMIT, Track.Kind.BOF} <= set(kinds)
    assert [t.name for t in conference.sponsor_tiers.all()] == [
        "Diamond", "Platinum", "Gold", "Silver", "Catchbox", "Livestream", "T-Shirt",
    ]  # fmt: skip
    assert all(t.sponsors.exists() for t in conference.sponsor_tiers.all())
    assert all(t.runners.count() >= 2 for t in conference.tracks.filter(kind="mc"))


def test_rust_proposal_is_unscheduled_in_the_proposals_track():
    conference = build_demo()

    rust = conference.contributions.get(slug=RUST_PROPOSAL_SLUG)

    assert (rust.title, rust.track.name) == ("Rust MC", "LPC Microconference Proposals")
    assert rust.is_scheduled is False
    assert rust.state in PUBLIC_STATES
    assert rust.authorships.filter(role=Authorship.Role.PRIMARY_AUTHOR).count() >= 2


def test_rust_abstract_carries_the_seed_text(shared_dir):
    seed = (shared_dir / "seed" / "lpc2023-rust-microconference.txt").read_text()
    seed_abstract = seed.split("LPC Microconference Proposals", 1)[1].split(
        "Primary authors", 1
    )[0]
    seed_lines = [
        line.strip().lstrip("•").strip() for line in seed_abstract.splitlines()
    ]
    rust = build_demo().contributions.get(slug=RUST_PROPOSAL_SLUG)

    demo_lines = [line.lstrip("-").strip() for line in rust.abstract.splitlines()]

    assert [x for x in demo_lines if x] == [x for x in seed_lines if x]


def _overlaps(intervals: list[tuple[dt.datetime, dt.datetime]]) -> bool:
    ordered = sorted(intervals)
    return any(a[1] > b[0] for a, b in itertools.pairwise(ordered))


def test_nobody_and_no_room_is_in_two_places_at_once():
    conference = build_demo()
    scheduled = conference.contributions.filter(start__isnull=False).prefetch_related(
        "authorships"
    )
    by_room, by_person = defaultdict(list), defaultdict(list)
    for c in scheduled:
        by_room[c.room_id].append((c.start, c.end))
        for a in c.authorships.all():
            by_person[a.person_id].append((c.start, c.end))

    assert scheduled.count() > 100
    assert not [room for room, slots in by_room.items() if _overlaps(slots)]
    assert not [person for person, slots in by_person.items() if _overlaps(slots)]


def test_scheduled_sessions_lie_within_the_conference_days():
    conference = build_demo()
    tz = conference.tz

    days = {
        c.start.astimezone(tz).date()
        for c in Contribution.objects.filter(conference=conference, start__isnull=False)
    }

    assert days == {dt.date(2023, 11, d) for d in (13, 14, 15)}


def test_demo_people_have_no_real_looking_email_domains():
    conference = build_demo()

    emails = {
        a.person.email
        for c in conference.contributions.prefetch_related("authorships__person")
        for a in c.authorships.all()
    }

    assert all(re.fullmatch(r"[a-z.\-]+@example\.org", e) for e in emails)


def test_demo_accounts_hold_their_roles():
    conference = build_demo()
    organiser = User.objects.get(email="organiser@example.org")
    rust = conference.tracks.get(slug="rust")
    runner = rust.runners.exclude(user=None).get().user

    assert organiser.check_password(conference.demo_password)
    assert organiser.has_perm("conference.manage_team", conference)
    assert organiser.has_perm("desk.create_conference")
    assert not runner.has_perm("desk.create_conference")
    assert runner.has_perm("cfp.manage_cfp", rust)
    assert not runner.has_perm("cfp.manage_cfp", conference.tracks.get(slug="bpf"))


def test_each_mc_proposal_leads_to_its_microconference():
    conference = build_demo()

    rust = conference.contributions.get(slug=RUST_PROPOSAL_SLUG)

    assert rust.microconference.slug == "rust"
    assert (
        rust.possible_topics.splitlines()[0] == "Rust abstractions for the block layer"
    )
    assert rust.track.cfp.closes_at.astimezone(conference.tz).date() == dt.date(
        2023, 6, 1
    )


def test_demo_schedule_is_solved_and_released(client):
    conference = build_demo()
    tz = conference.tz
    sessions = Contribution.objects.filter(
        conference=conference, state__in=PUBLIC_STATES
    ).exclude(kind=Contribution.Kind.MC_PROPOSAL)

    release = conference.releases.get()
    changelog = client.get(f"/{conference.slug}/changelog/")

    assert (release.number, release.note.startswith("Solved by microconf")) == (1, True)
    assert set(release.slots) == {
        str(pk) for pk in sessions.values_list("pk", flat=True)
    }
    assert not sessions.filter(start__isnull=True).exists()
    for c in sessions:
        local = c.start.astimezone(tz)
        begin, end = local.time(), (local + dt.timedelta(minutes=c.duration)).time()
        in_morning = dt.time(10) <= begin and end <= dt.time(13, 30)
        in_afternoon = dt.time(15) <= begin and end <= dt.time(18, 30)
        assert in_morning or in_afternoon, (c.title, begin, end)
    assert "Release 1" in changelog.content.decode()


def test_demo_microconference_topics_run_back_to_back_in_one_room():
    conference = build_demo()

    for track in conference.tracks.filter(kind=Track.Kind.MICROCONFERENCE):
        topics = sorted(
            track.contributions.filter(state__in=PUBLIC_STATES), key=lambda c: c.start
        )
        assert len({t.room_id for t in topics}) == 1, track.name
        assert all(a.end == b.start for a, b in itertools.pairwise(topics)), track.name

"""Fixtures for interchange tests: the shared schemas and a realistic schedule."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from microconf.interchange.identity import MICROCONF_NAMESPACE, stable_guid
from microconf.interchange.model import Event as ScheduleEvent
from microconf.interchange.model import Link, Person, Recording, Room, Schedule, Track

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("MICROCONF_SHARED", REPO_ROOT.parent / "shared"))
SCHEMAS = SHARED / "schemas" / "c3voc"
REALDATA = SHARED / "realdata" / "schedules"

NEW_YORK = ZoneInfo("America/New_York")
LPC_NAMESPACE = stable_guid(MICROCONF_NAMESPACE, "https://lpc.example.org/2023")

ROOM_NAMES = (
    "Ballroom A",
    "Ballroom B",
    "Salon 1",
    "Salon 2",
    "Salon 3",
    "James River",
    "Hörsaal Ü",
    "Online 🎥",
)
TRACKS = (
    Track(name="Kernel Summit", slug="kernel-summit", color="#f9b000"),
    Track(name="Real-time MC", slug="real-time-mc", color="#E40429"),
    Track(name="Rust MC", slug="rust-mc"),
    Track(name="Toolchains & Kernel MC", slug="toolchains-kernel-mc", color="#00a356"),
)
TITLES = (
    "Scheduling on big.LITTLE: état des lieux",
    "Rust für Linux \N{EN DASH} ein Jahr später",
    "eBPF 在生产环境中",
    "PREEMPT_RT: the final merge?",
    "Живой патчинг ядра",
    "io_uring & friends",
    "Folios, everywhere",
    "🐧 Penguins in Space",
)


def pytest_addoption(parser, pluginmanager):
    """Accept pyproject's DJANGO_SETTINGS_MODULE when run with `-p no:django`.

    These tests need no Django; without pytest-django the option is unknown
    and `filterwarnings = error` would turn that warning into a failure.
    """
    if not pluginmanager.has_plugin("django"):
        parser.addini("DJANGO_SETTINGS_MODULE", "unused by interchange tests")


def build_lpc_schedule(*, version: str = "2023-11-01 10:00") -> Schedule:
    """Build an LPC-like schedule: 3 days over the DST end, 8 rooms, 102 events.

    Richmond, VA, 4-6 November 2023: the clocks go back at 02:00 on 5 November.
    Rooms hold a talk every hour from 09:00; three late events cross or start
    after midnight, one at the repeated 01:30, and every fifth event has no
    persons.
    """
    rooms = tuple(
        Room(name=name, guid=stable_guid(LPC_NAMESPACE, f"room:{name}"))
        for name in ROOM_NAMES
    )
    events = []
    event_id = 100
    for day_offset in range(3):
        day = date(2023, 11, 4) + timedelta(days=day_offset)
        for room_index, room in enumerate(rooms):
            for hour in (9, 10, 11, 13):
                event_id += 1
                start = datetime(day.year, day.month, day.day, hour, 0, tzinfo=NEW_YORK)
                events.append(_event(event_id, start, room.name, room_index, hour))
    late = (
        datetime(2023, 11, 4, 23, 30, tzinfo=NEW_YORK),  # runs past midnight
        datetime(2023, 11, 5, 1, 30, tzinfo=NEW_YORK),  # first of two 01:30s
        datetime(2023, 11, 5, 1, 30, fold=1, tzinfo=NEW_YORK),  # second 01:30
        datetime(2023, 11, 6, 0, 15, tzinfo=NEW_YORK),  # after midnight
    )
    for start in late:
        event_id += 1
        events.append(_event(event_id, start, rooms[7].name, 7, 23))
    events.append(
        ScheduleEvent(
            id=event_id + 1,
            guid=stable_guid(LPC_NAMESPACE, f"event:{event_id + 1}"),
            title='Closing <&> "farewell"',
            start=datetime(2023, 11, 6, 17, 0, tzinfo=NEW_YORK),
            duration=90,
            room=rooms[0].name,
            type="Plenary",
            track="",
        )
    )
    events.append(
        ScheduleEvent(
            id=event_id + 2,
            guid=stable_guid(LPC_NAMESPACE, f"event:{event_id + 2}"),
            code="ABC123",
            slug="lpc2023-keep-this-slug",
            title="Unscheduled-room BoF",
            start=datetime(2023, 11, 6, 18, 30, tzinfo=NEW_YORK),
            duration=45,
            room="Hallway",
            type="BoF",
        )
    )
    return Schedule(
        title="Linux Plumbers Conference 2023 (test copy)",
        acronym="lpc2023",
        timezone="America/New_York",
        start=date(2023, 11, 4),
        end=date(2023, 11, 6),
        version=version,
        base_url="https://lpc.example.org/event/17/",
        url="https://lpc.example.org/",
        rooms=rooms,
        tracks=TRACKS,
        events=tuple(events),
    )


def _event(
    event_id: int, start: datetime, room: str, room_index: int, hour: int
) -> ScheduleEvent:
    persons = ()
    if event_id % 5:
        persons = (
            Person(
                name=f"Speaker {event_id} Ñandú",
                id=event_id * 10,
                guid=stable_guid(LPC_NAMESPACE, f"person:{event_id}"),
            ),
            Person(name=f"Co-speaker {event_id}"),
        )
    return ScheduleEvent(
        id=event_id,
        guid=stable_guid(LPC_NAMESPACE, f"event:{event_id}"),
        title=f"{TITLES[event_id % len(TITLES)]} #{event_id}",
        subtitle="" if event_id % 3 else "A subtitle",
        start=start,
        duration=90 if hour == 23 else 45 + 5 * (event_id % 4),
        room=room,
        type="Talk",
        track=TRACKS[room_index % len(TRACKS)].name if room_index < 6 else "",
        language="en",
        abstract=f'Abstract of {event_id}: less < more & "quotes"',
        description="Line one\nLine two with a control\x0bchar",
        url=f"https://lpc.example.org/event/17/contributions/{event_id}/",
        persons=persons,
        links=(
            Link(
                url=f"https://lpc.example.org/slides/{event_id}.pdf",
                title="Slides",
                type="slides",
            ),
        )
        if event_id % 2
        else (),
        recording=Recording(license="CC BY 4.0", optout=event_id % 7 == 0),
    )


@pytest.fixture
def lpc_schedule() -> Schedule:
    return build_lpc_schedule()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)

"""Builds a FOSDEM-sized conference in the database for benchmarks and tests.

About 950 public, scheduled contributions in 34 rooms over two days: three large
rooms hold main-track talks on the hour; every other room holds developer rooms
(each its own track) for a full day or for a half day, filled with talks of 20 to
40 minutes back to back. One or two speakers a talk, some speaking twice.
Deterministic: the same arguments always build the same conference.

    from microconf.demo.large import build_large   # with Django set up
    conference = build_large()                     # slug "fosdem-like"
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from zoneinfo import ZoneInfo

from django.db import transaction

from microconf.cfp.lifecycle import State
from microconf.cfp.models import Authorship, Contribution
from microconf.conference.models import Conference, Room, Track
from microconf.demo import content
from microconf.people.models import Person

SLUG = "fosdem-like"
TIMEZONE = "Europe/Brussels"
DAYS = (dt.date(2027, 2, 6), dt.date(2027, 2, 7))
MAIN_ROOMS = ("Janson", "K.1.105", "H.2215")
MAIN_CAPACITY = (1400, 800, 300)
SUBJECTS = (
    "Rust", "Go", "Python", "Kernel", "Embedded", "Databases", "Security", "Web",
    "Mozilla", "LibreOffice", "Graphics", "Containers", "Networking", "Legal",
    "Community", "Testing", "RISC-V", "HPC", "Geospatial", "Open Hardware",
    "Music", "Retro Computing", "Distributions", "Package Management", "Java",
    "Ruby", "Erlang", "Julia", "Nix", "Identity", "Energy", "Open Media",
    "Decentralised Internet", "Translations", "Accessibility", "Monitoring",
    "Compilers", "Emulators", "Microkernels", "BSD", "Matrix", "GNOME", "KDE",
    "Collaboration", "Design", "Education", "Science", "Healthcare", "Mobile",
    "Automotive", "Robotics", "Space", "Firmware", "Virtualisation",
    "Storage", "Email", "Social Web", "Search", "Data Analytics", "AI",
    "WebAssembly", "Kotlin", "Haskell", "OCaml", "Scheme", "Perl", "PHP",
)  # fmt: skip


def _at(day: dt.date, minutes: int) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(TIMEZONE))
    return (local + dt.timedelta(minutes=minutes)).astimezone(dt.UTC)


def _rooms(conference: Conference, count: int, rng: random.Random) -> list[Room]:
    names = list(MAIN_ROOMS) + [
        f"{building}.{floor}.{number}"
        for building, floor, number in itertools.product(
            ("AW", "UA2", "UB2", "UD2", "H", "K"), (1, 2), (105, 114, 120, 218)
        )
    ]
    return Room.objects.bulk_create(
        Room(
            conference=conference,
            name=name,
            position=position,
            capacity=MAIN_CAPACITY[position] if position < 3 else rng.randint(40, 250),
            features=["video"],
            is_recorded=True,
        )
        for position, name in enumerate(names[:count])
    )


@transaction.atomic
def build_large(rooms: int = 34, seed: int = 1) -> Conference:
    """Build the conference (or return it when it already exists)."""
    existing = Conference.objects.filter(slug=SLUG).first()
    if existing is not None:
        return existing
    rng = random.Random(seed)  # noqa: S311 - fictional data, deterministic
    conference = Conference.objects.create(
        name="FOSDEM-like 2027",
        slug=SLUG,
        start_date=DAYS[0],
        end_date=DAYS[-1],
        timezone=TIMEZONE,
        venue="A university campus",
        city="Brussels",
    )
    room_list = _rooms(conference, rooms, rng)
    main = Track(
        conference=conference, name="Main track", slug="main",
        kind=Track.Kind.REFEREED, position=0,
        description="Talks for everyone, in the large rooms.",
    )  # fmt: skip
    tracks = [main]
    # (track, room, day, first minute, last minute) per developer room.
    slots = []
    subjects = itertools.cycle(SUBJECTS)
    for room in room_list[len(MAIN_ROOMS) :]:
        for day in DAYS:
            halves = [(9 * 60, 19 * 60)]
            if rng.random() < 0.6:
                halves = [(9 * 60, 13 * 60 + 30), (14 * 60, 19 * 60)]
            for first, last in halves:
                subject = next(subjects)
                n = len(tracks)
                track = Track(
                    conference=conference, name=f"{subject} devroom {n}",
                    slug=f"devroom-{n}", kind=Track.Kind.OTHER, position=n,
                    description=f"A day of talks about {subject.lower()}.",
                )  # fmt: skip
                tracks.append(track)
                slots.append((track, room, day, first, last))
    Track.objects.bulk_create(tracks)

    talks = [
        _talk(conference, main, room, _at(day, hour * 60), 50)
        for room in room_list[: len(MAIN_ROOMS)]
        for day in DAYS
        for hour in range(10, 18)
    ]
    for track, room, day, first, last in slots:
        minute = first
        while True:
            length = rng.choice((20, 25, 30, 40))
            if minute + length > last:
                break
            talks.append(_talk(conference, track, room, _at(day, minute), length))
            minute += length + 5
    for n, talk in enumerate(talks, start=1):
        talk.slug = f"talk-{n}"
        talk.title = f"{talk.track.name.split(' devroom')[0]}: talk {n}"
        talk.abstract = (
            f"What changed in {talk.track.name.split(' devroom')[0].lower()} this "
            "year, what is next, and how to help."
        )
    Contribution.objects.bulk_create(talks)

    names = (
        f"{first} {last}{'' if round_ == 0 else f' {round_ + 1}'}"
        for round_ in itertools.count()
        for first, last in itertools.product(content.FIRST_NAMES, content.LAST_NAMES)
    )
    people = [
        Person(name=next(names), affiliation=rng.choice(content.AFFILIATIONS))
        for _ in range(round(len(talks) * 0.9))
    ]
    Person.objects.bulk_create(people)
    authorships = []
    for talk in talks:
        for position, person in enumerate(rng.sample(people, rng.choice((1, 1, 2)))):
            authorships.append(
                Authorship(
                    contribution=talk, person=person, position=position,
                    role=Authorship.Role.PRIMARY_AUTHOR if position == 0
                    else Authorship.Role.CO_AUTHOR,
                    is_speaker=True,
                )
            )  # fmt: skip
    Authorship.objects.bulk_create(authorships)
    return conference


def _talk(
    conference: Conference, track: Track, room: Room, start: dt.datetime, length: int
) -> Contribution:
    return Contribution(
        conference=conference, track=track, room=room, start=start,
        duration=length, kind=Contribution.Kind.TALK, state=State.CONFIRMED,
    )  # fmt: skip

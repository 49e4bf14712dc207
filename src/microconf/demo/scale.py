"""Grows the demo conference to a full-size programme for benchmarks.

The demo has about 150 scheduled sessions; a large Plumbers has about 300. This
adds fictional lightning talks in every free half hour of every room on the
three days (never over the lunch break) until the programme reaches the target.
Deterministic, like the demo itself.
"""

import datetime as dt
import itertools
import random

from django.db import transaction

from microconf.cfp.lifecycle import PUBLIC_STATES, State
from microconf.cfp.models import Authorship, Contribution
from microconf.conference.models import Conference, Track
from microconf.demo import content
from microconf.demo.builder import DAYS, _at, build_demo
from microconf.people.models import Person

TRACK_SLUG = "lightning-talks"
SLOT_MINUTES = 30
# Half hours from 08:00 to 20:00, leaving out lunch (13:30 to 15:00).
SLOTS = [
    dt.time(hour, minute)
    for hour in range(8, 20)
    for minute in (0, 30)
    if not (dt.time(13, 30) <= dt.time(hour, minute) < dt.time(15, 0))
]


def _busy(contributions: list[Contribution]) -> set[tuple[int, dt.datetime]]:
    """(room, half hour) pairs some session already overlaps."""
    busy = set()
    for c in contributions:
        moment = c.start.replace(minute=(c.start.minute // 30) * 30, second=0)
        while moment < c.end:
            busy.add((c.room_id, moment))
            moment += dt.timedelta(minutes=SLOT_MINUTES)
    return busy


@transaction.atomic
def scale_demo(target: int = 300) -> Conference:
    """Build the demo if needed; fill it up to ``target`` public scheduled sessions."""
    conference = build_demo()
    scheduled = list(
        Contribution.objects.filter(
            conference=conference, state__in=PUBLIC_STATES, start__isnull=False
        )
    )
    missing = target - len(scheduled)
    if missing <= 0:
        return conference
    rng = random.Random(300)  # noqa: S311 - demo data, not security
    track, _ = Track.objects.get_or_create(
        conference=conference,
        slug=TRACK_SLUG,
        defaults={
            "name": "Lightning Talks",
            "kind": Track.Kind.OTHER,
            "position": 5,
            "description": "Short talks in every free half hour.",
        },
    )
    busy = _busy(scheduled)
    free = [
        (room, _at(day, time))
        for day in DAYS
        for time in SLOTS
        for room in conference.rooms.order_by("position")
        if (room.id, _at(day, time)) not in busy
    ]
    used_names = set(Person.objects.values_list("name", flat=True))
    names = (
        f"{first} {last}"
        for first, last in itertools.product(content.FIRST_NAMES, content.LAST_NAMES)
        if f"{first} {last}" not in used_names
    )
    talks, authorships, people = [], [], []
    subjects = [s for _, _, subs in content.MICROCONFERENCES for s in subs]
    for n, (room, start) in enumerate(free[:missing]):
        subject = subjects[n % len(subjects)]
        talk = Contribution(
            conference=conference,
            track=track,
            title=f"Lightning talk {n + 1}: {subject}",
            slug=f"lightning-{n + 1}",
            kind=Contribution.Kind.TALK,
            abstract=f"Five slides on {subject.lower()}, then questions.",
            duration=SLOT_MINUTES,
            state=State.CONFIRMED,
            room=room,
            start=start,
        )
        speaker = Person(name=next(names), affiliation=rng.choice(content.AFFILIATIONS))
        talks.append(talk)
        people.append(speaker)
        authorships.append((talk, speaker))
    Person.objects.bulk_create(people)
    Contribution.objects.bulk_create(talks)
    Authorship.objects.bulk_create(
        Authorship(
            contribution=talk,
            person=person,
            role=Authorship.Role.PRIMARY_AUTHOR,
            is_speaker=True,
        )
        for talk, person in authorships
    )
    return conference

"""The demo's attendees' interests and its solved, released schedule."""

import datetime as dt
import random

from django.contrib.auth.models import User

from microconf.cfp.lifecycle import PUBLIC_STATES
from microconf.cfp.models import Contribution
from microconf.conference.models import Conference, Track
from microconf.demo import solve_seconds
from microconf.interest.models import Interest
from microconf.scheduling.models import SchedulingGrid
from microconf.scheduling.services import release_schedule
from microconf.scheduling.solve_runs import solve_conference
from microconf.scheduling.unit_ids import unit_id

ATTENDEES = 600
Kind = Contribution.Kind


def set_grid(conference: Conference) -> None:
    """LPC's day: two 210-minute blocks around a long lunch."""
    SchedulingGrid.objects.update_or_create(
        conference=conference,
        defaults={
            "day_start": dt.time(10, 0),
            "day_end": dt.time(18, 30),
            "slot_minutes": 15,
            "breaks": [{"start": "13:30", "end": "15:00", "label": "Lunch"}],
        },
    )


def add_interest(conference: Conference, rng: random.Random) -> int:
    """Fictional registrations: each attendee names a few sessions they want to see.

    Interest is skewed, as it is at LPC: a few microconferences and talks draw
    most of the room.
    """
    sessions: dict[str, list[int]] = {}
    for pk, kind, track_id, track_kind in (
        Contribution.objects.filter(conference=conference, state__in=PUBLIC_STATES)
        .exclude(kind=Kind.MC_PROPOSAL)
        .order_by("pk")
        .values_list("pk", "kind", "track_id", "track__kind")
    ):
        in_mc = kind == Kind.TOPIC and track_kind == Track.Kind.MICROCONFERENCE
        unit = unit_id(track_id=track_id) if in_mc else unit_id(contribution_id=pk)
        sessions.setdefault(unit, []).append(pk)
    keys = list(sessions)
    weights = [1.0 / (1 + rank) ** 0.8 for rank in range(len(keys))]
    rng.shuffle(weights)
    rows = set()
    for n in range(ATTENDEES):
        attendee = f"attendee-{n:04d}@example.org"
        wanted = rng.randint(3, 10)
        for key in set(rng.choices(keys, weights=weights, k=wanted)):
            for pk in rng.sample(sessions[key], k=min(2, len(sessions[key]))):
                rows.add((attendee, pk))
    Interest.objects.bulk_create(
        Interest(conference=conference, attendee=attendee, contribution_id=pk)
        for attendee, pk in sorted(rows)
    )
    return len(rows)


def solve_and_release(conference: Conference, organiser: User) -> None:
    """Solve the schedule into the draft and publish it as release 1."""
    _, solution, figures = solve_conference(conference, time_limit=solve_seconds())
    if not solution.assignment:
        raise RuntimeError(
            "The demo has no schedule: " + "; ".join(solution.explanation)
        )
    release_schedule(
        conference,
        by=organiser,
        note=(
            f"Solved by microconf: {figures['attendee_conflicts']} attendee "
            f"conflicts among {figures['attendees']} attendees' interests."
        ),
    )

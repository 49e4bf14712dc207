"""The anchor-1 adapter reads instances and writes schedules in the shared format."""

from microconf.scheduling.solver.anchor import (
    dump_schedule,
    load_instance,
    load_schedule,
)
from microconf.scheduling.solver.model import Placement
from microconf.scheduling.solver.solve import solve

INSTANCE = {
    "format": "anchor-1",
    "name": "tiny",
    "grid": {
        "days": [{"index": 0, "date": "2026-11-10", "start": "09:00", "end": "11:00"}],
        "slot_minutes": 30,
        "breaks": [],
    },
    "rooms": [{"id": "R1", "capacity": 10, "features": ["video"]}],
    "attendees": {"count": 3},
    "people": ["p1"],
    "sessions": [
        {
            "id": "T1",
            "kind": "talk",
            "duration": 30,
            "track": "x",
            "people": ["p1"],
            "interested": [0, 2],
            "demand": 2,
            "features": ["video"],
            "availability": [{"day": 0, "start": "10:00", "end": "11:00"}],
            "pin": None,
        },
        {
            "id": "B1",
            "kind": "bof",
            "duration": 60,
            "track": "x",
            "people": [],
            "interested": [1],
            "demand": 1,
            "features": [],
            "availability": None,
            "pin": {"room": "R1", "day": 0, "start": "09:00"},
        },
    ],
}


def test_instance_loads_times_as_minutes():
    p = load_instance(INSTANCE)
    t1 = p.sessions[0]
    assert (t1.demand, t1.availability[0].start, p.grid.days[0].end) == (2, 600, 660)
    assert p.sessions[1].pin == Placement(room="R1", day=0, start=540)


def test_schedule_round_trips_through_the_shared_format():
    p = load_instance(INSTANCE)
    solution = solve(p, time_limit_s=0.5)
    data = dump_schedule(solution, p)
    assert data["assignments"]["B1"] == {"room": "R1", "day": 0, "start": "09:00"}
    assert load_schedule(data) == dict(solution.assignment)

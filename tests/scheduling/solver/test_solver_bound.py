"""The lower bound never exceeds the optimum found by trying every schedule."""

import itertools

import numpy as np
import pytest

from microconf.scheduling.solver import check
from microconf.scheduling.solver.bound import lower_bound
from microconf.scheduling.solver.cover import cover_bound, forced_overlap
from microconf.scheduling.solver.model import Break, Placement
from microconf.scheduling.solver.placements import build_options
from tests.scheduling.solver.conftest import problem, room, session


def brute_force_optimum(p) -> int | None:
    """Try every combination of legal placements; return the best weighted total."""
    options = build_options(p)
    choices = [
        [
            Placement(room=p.rooms[int(r)].id, day=int(d), start=int(s))
            for r, d, s in zip(
                options.room[i], options.day[i], options.start[i], strict=True
            )
        ]
        for i in range(len(p.sessions))
    ]
    best = None
    for combo in itertools.product(*choices):
        assignment = {s.id: c for s, c in zip(p.sessions, combo, strict=True)}
        if check.violations(p, assignment):
            continue
        total = check.objective(p, assignment).total
        best = total if best is None else min(best, total)
    return best


def random_tiny_problem(rng):
    sessions = []
    for k in range(int(rng.integers(3, 6))):
        duration = int(rng.choice([30, 60, 90]))
        interested = tuple(sorted(int(a) for a in rng.choice(8, size=4, replace=False)))
        people = ("ann",) if rng.random() < 0.3 else ()
        sessions.append(
            session(f"S{k}", duration, interested=interested, people=people)
        )
    return problem(
        sessions,
        [room("R1", capacity=3), room("R2", capacity=4)],
        start=9 * 60,
        end=12 * 60,
        breaks=(Break(start=10 * 60 + 30, end=11 * 60, label="tea"),),
    )


@pytest.mark.parametrize("seed", range(6))
def test_bound_never_exceeds_brute_force_optimum(seed):
    # Draw until the instance has a schedule at all.
    rng = np.random.default_rng(seed)
    optimum = None
    while optimum is None:
        p = random_tiny_problem(rng)
        optimum = brute_force_optimum(p)
    bound = lower_bound(p, build_options(p), time_limit_s=5.0)
    assert bound.value <= optimum


def test_bound_is_tight_when_long_sessions_must_share_a_window():
    # Two 90-minute sessions in one 90-minute stretch with two rooms must overlap.
    p = problem(
        [session("A", 90, interested=(1, 2, 3)), session("B", 90, interested=(2, 3))],
        [room("R1"), room("R2")],
        end=10 * 60 + 30,
    )
    bound = lower_bound(p, build_options(p), time_limit_s=5.0)
    assert bound.value == brute_force_optimum(p) == 2


def random_crowded_problem(rng):
    """Tiny instances that force overlaps: up to 6 sessions in two short windows."""
    sessions = []
    for k in range(int(rng.integers(4, 7))):
        duration = int(rng.choice([30, 60]))
        size = int(rng.integers(1, 5))
        interested = tuple(
            sorted(int(a) for a in rng.choice(6, size=size, replace=False))
        )
        people = ("ann",) if rng.random() < 0.2 else ()
        sessions.append(
            session(f"S{k}", duration, interested=interested, people=people)
        )
    return problem(
        sessions,
        [room("R1", capacity=9), room("R2", capacity=9), room("R3", capacity=9)],
        start=9 * 60,
        end=11 * 60,
        breaks=(Break(start=10 * 60, end=10 * 60 + 30, label="tea"),),
    )


@pytest.mark.parametrize("seed", range(8))
def test_cover_bound_never_exceeds_brute_force_optimum(seed):
    rng = np.random.default_rng(100 + seed)
    optimum = None
    while optimum is None:
        p = random_crowded_problem(rng)
        optimum = brute_force_optimum(p)
    result = cover_bound(p, build_options(p), time_limit_s=5.0)
    assert result.optimal
    assert result.bound <= optimum


def full_rooms_problem():
    """Four 30-minute sessions, two rooms, one hour: two disjoint pairs must
    overlap, and every pair shares two attendees."""
    return problem(
        [
            session("A", 30, interested=(1, 2, 3)),
            session("B", 30, interested=(1, 2, 4)),
            session("C", 30, interested=(1, 3, 4)),
            session("D", 30, interested=(2, 3, 4)),
        ],
        [room("R1"), room("R2")],
        end=10 * 60,
    )


def test_cover_bound_is_tight_when_every_room_is_full():
    p = full_rooms_problem()
    assert brute_force_optimum(p) == 4
    assert cover_bound(p, build_options(p), time_limit_s=5.0).bound == 4


def test_forced_overlap_matches_the_integral():
    # 3 rooms' worth of minutes in one 60-minute window: C(3, 2) * 60 minutes.
    assert forced_overlap([60, 60, 60], [60]) == 180
    assert forced_overlap([30, 30], [60]) == 0
    assert forced_overlap([], []) == 0

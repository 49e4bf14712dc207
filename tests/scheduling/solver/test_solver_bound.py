"""The lower bound never exceeds the optimum found by trying every schedule."""

import itertools

import numpy as np
import pytest

from microconf.scheduling.solver import check
from microconf.scheduling.solver.bound import lower_bound
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

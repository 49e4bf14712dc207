"""The compiled annealing: every move kind keeps the schedule valid and its count true.

Each move kind runs alone on medium-s1 (pins, availability windows, features,
shared people), and the kernel's own running totals are compared with the
independent checker's recount of the schedule it hands back.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from microconf.scheduling.solver import check
from microconf.scheduling.solver.anchor import load_instance
from microconf.scheduling.solver.annealing import Arrays, Incumbent, anneal
from microconf.scheduling.solver.model import Weights
from microconf.scheduling.solver.placements import build_options
from microconf.scheduling.solver.search import SearchConfig, State, construct

ONLY = {
    "relocate": {"relocate_share": 1.0},
    "shift": {"shift_share": 1.0},
    "swap": {"swap_share": 1.0},
    "segment": {"segment_share": 1.0},
    "rooms": {"rooms_share": 1.0},
    # Block swaps take whatever share the others leave.
    "block": {},
}
NO_MOVES = {
    "relocate_share": 0.0,
    "shift_share": 0.0,
    "swap_share": 0.0,
    "segment_share": 0.0,
    "rooms_share": 0.0,
}


def _start(problem, previous=None) -> State:
    state = State(problem, build_options(problem), previous)
    assert construct(state, previous) == []
    return state


def _run(state: State, config: SearchConfig, seconds: float = 0.6):
    seen: list[Incumbent] = []
    best = anneal(
        state,
        Arrays(state),
        time_limit_s=seconds,
        config=config,
        on_improvement=seen.append,
    )
    return best, seen


@pytest.fixture
def medium(instances_dir):
    return load_instance(instances_dir / "medium-s1.json")


@pytest.mark.parametrize("kind", sorted(ONLY))
def test_each_move_kind_keeps_the_schedule_valid_and_counted(medium, kind):
    problem = dataclasses.replace(medium, weights=Weights(track_rooms=3))
    state = _start(problem)
    before = state.total()
    config = SearchConfig(
        seed=5, iterations_per_second=200_000, **{**NO_MOVES, **ONLY[kind]}
    )
    best, seen = _run(state, config)
    state.restore(best)
    assignment = state.assignment()
    assert check.violations(problem, assignment) == []
    recount = check.objective(problem, assignment, None)
    assert recount.total == state.total() < before
    # What the progress callback was told is the checker's count too.
    assert seen[-1].total() == recount.total
    assert seen[-1].conflicts == recount.attendee_conflicts


def test_moves_away_from_the_previous_schedule_are_counted(medium):
    first = _start(medium)
    previous = first.assignment()
    state = _start(medium, previous)
    assert state.moves == 0
    best, _ = _run(state, SearchConfig(seed=2, iterations_per_second=200_000))
    state.restore(best)
    recount = check.objective(medium, state.assignment(), previous)
    assert recount.total == state.total()
    # A move costs 200, far more than any conflict it could save here.
    assert recount.moves <= 3


def test_pinned_sessions_never_move(medium):
    state = _start(medium)
    pinned = [i for i, s in enumerate(medium.sessions) if s.pin is not None]
    assert pinned
    before = state.snapshot()[pinned]
    best, _ = _run(state, SearchConfig(seed=3, iterations_per_second=200_000))
    assert np.array_equal(best[pinned], before)


def test_a_finished_plan_gives_the_same_schedule_for_the_same_seed(medium):
    config = SearchConfig(seed=11, iterations_per_second=20_000)
    # 20 000 moves end long before the 5 s, so the clock plays no part.
    first, _ = _run(_start(medium), config, seconds=5.0)
    second, _ = _run(_start(medium), config, seconds=5.0)
    other, _ = _run(_start(medium), dataclasses.replace(config, seed=12), seconds=5.0)
    assert np.array_equal(first, second)
    assert not np.array_equal(first, other)

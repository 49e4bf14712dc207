"""The bound per grouping of the long sessions (bench/grouped.py) and its search."""

import math

import numpy as np
import pytest

from grouped import grouped_bound, grouping_of, search_groupings
from microconf.scheduling.solver import slots
from microconf.scheduling.solver.anchor import load_instance
from microconf.scheduling.solver.model import Break
from microconf.scheduling.solver.partition import long_sessions
from microconf.scheduling.solver.placements import build_options
from microconf.scheduling.solver.search import State, construct
from tests.scheduling.solver.conftest import INSTANCES, problem, room, session
from tests.scheduling.solver.test_solver_bound import brute_force_optimum


def random_block_problem(rng):
    """Tiny instances with long sessions: 60-minute sessions in 60-minute windows."""
    sessions = []
    for k in range(int(rng.integers(4, 6))):
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
        [room("R1", capacity=9), room("R2", capacity=9)],
        start=9 * 60,
        end=11 * 60 + 30,
        breaks=(Break(start=10 * 60, end=10 * 60 + 30, label="tea"),),
    )


@pytest.mark.parametrize("seed", range(10))
def test_grouped_bound_never_exceeds_brute_force_optimum(seed):
    rng = np.random.default_rng(300 + seed)
    optimum = None
    while optimum is None:
        p = random_block_problem(rng)
        options = build_options(p)
        if long_sessions(options):
            optimum = brute_force_optimum(p)
    result = grouped_bound(p, options, time_limit_s=30.0)
    assert result is not None
    assert result.bound <= optimum
    # Each grouping's relaxation holds the plain one's facts and more.
    assert result.bound >= slots.slot_bound(p, options, time_limit_s=10.0).bound


@pytest.mark.parametrize("seed", [375, 378, 392])
def test_grouped_bound_is_stronger_where_blocks_cannot_be_cut_up(seed):
    # Instances found by drawing random_block_problem: there the plain
    # relaxation lets a long session spend part of its window beside one
    # session and part beside another, which no schedule can.
    p = random_block_problem(np.random.default_rng(seed))
    options = build_options(p)
    plain = slots.slot_bound(p, options, time_limit_s=5.0).bound
    grouped = grouped_bound(p, options, time_limit_s=10.0)
    assert plain < grouped.bound <= brute_force_optimum(p)


def test_grouped_bound_gives_up_on_too_many_groupings(monkeypatch):
    monkeypatch.setattr("grouped.MAX_GROUPINGS", 1)
    p = problem(
        [session(f"S{k}", 60, interested=(1, 2)) for k in range(3)],
        [room("R1"), room("R2"), room("R3")],
        start=9 * 60,
        end=11 * 60 + 30,
        breaks=(Break(start=10 * 60, end=10 * 60 + 30, label="tea"),),
    )
    assert grouped_bound(p, build_options(p), time_limit_s=5.0) is None


def test_grouping_of_reads_the_window_of_each_long_session():
    p = random_block_problem(np.random.default_rng(375))
    options = build_options(p)
    state = State(p, options)
    assert construct(state) == []
    found = grouping_of(p, options, state.assignment())
    assert set(found) == set(long_sessions(options))
    for b, w in found.items():
        window = options.windows[w]
        placed = state.assignment()[p.sessions[b].id]
        assert window.day == placed.day
        assert window.start <= placed.start < window.end


# Seeds whose greedy schedule's grouping is not the weakest one nearby.
@pytest.mark.parametrize("seed", [300, 302, 333, 354, 389])
def test_grouping_search_stays_between_the_global_bound_and_its_start(seed):
    p = random_block_problem(np.random.default_rng(seed))
    options = build_options(p)
    state = State(p, options)
    assert construct(state) == []
    start = grouping_of(p, options, state.assignment())
    found = search_groupings(p, options, start, time_limit_s=30.0, seed=seed)
    # The schedule's own grouping cannot prove more than the schedule has.
    assert found.start <= state.conflicts + 1e-6
    assert found.local_minimum
    assert found.lowest < found.start
    # It tries some groupings; the bound over all of them is the lowest.
    everywhere = grouped_bound(p, options, time_limit_s=30.0)
    assert everywhere.bound <= math.ceil(found.lowest - 1e-6)
    assert set(found.grouping) == set(start)


def test_grouping_search_finds_the_weakest_grouping_of_medium_instance():
    p = load_instance(INSTANCES / "medium-s1.json")
    options = build_options(p)
    state = State(p, options)
    assert construct(state) == []
    start = grouping_of(p, options, state.assignment())
    found = search_groupings(p, options, start, time_limit_s=120.0)
    assert found.local_minimum
    # bench/grouped_bound.py over all 252 groupings: 476.0, so nothing below.
    assert 475.9 < found.lowest <= found.start


def test_grouping_search_needs_every_long_session_placed():
    p = random_block_problem(np.random.default_rng(375))
    options = build_options(p)
    state = State(p, options)
    construct(state)
    start = grouping_of(p, options, state.assignment())
    start.pop(next(iter(start)))
    assert search_groupings(p, options, start, time_limit_s=5.0) is None

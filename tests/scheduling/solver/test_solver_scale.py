"""What the solver does at scale stays valid on instances small enough to check.

The slot relaxation's bound from a pricing cut short, from smoothed prices and
from the search's schedules as columns never exceeds the optimum found by trying
every schedule; the lazily built placement lookup says what the dicts said; a
solve on the large-instance path (the partition beside the search) gives a
schedule the independent checker accepts.
"""

import threading
import time

import numpy as np
import pytest

from microconf.scheduling.solver import bound, check, slots
from microconf.scheduling.solver.anchor import load_instance
from microconf.scheduling.solver.generate import generate
from microconf.scheduling.solver.model import Status
from microconf.scheduling.solver.placements import build_options
from microconf.scheduling.solver.search import State, construct
from microconf.scheduling.solver.solve import PARTITION_IN_THREAD_SESSIONS, solve
from tests.scheduling.solver.test_solver_bound import (
    brute_force_optimum,
    full_rooms_problem,
    random_crowded_problem,
    random_tiny_problem,
)
from tests.scheduling.solver.test_solver_slots import brute_force_gain, random_model


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("limit", [1, 3, 10, 40])
def test_pricing_cut_short_still_bounds_every_set(seed, limit):
    rng = np.random.default_rng(seed)
    model = random_model(rng, n=10, rooms=4)
    prices = rng.uniform(-2.0, 9.0, size=len(model.need))
    sets, exhausted, upper = slots.price(model, prices, wanted=3, limit=limit)
    best = brute_force_gain(model, prices)
    assert upper >= best - 1e-9
    found = sets[0][0] if sets else 0.0
    assert found <= best + 1e-9
    if exhausted:
        assert upper == pytest.approx(best)


def test_pricing_cut_short_is_not_merely_infinite():
    # With a generous budget the upper bound is the best gain itself; cut short
    # it is finite and at most the sum of the best prices (the root's bound).
    rng = np.random.default_rng(3)
    model = random_model(rng, n=12, rooms=4)
    prices = rng.uniform(5.0, 9.0, size=12)
    _, exhausted, upper = slots.price(model, prices, limit=5)
    assert not exhausted
    assert brute_force_gain(model, prices) <= upper <= np.sort(prices)[-4:].sum()


def _drawn(rng):
    optimum = None
    while optimum is None:
        p = (
            random_crowded_problem(rng)
            if rng.random() < 0.5
            else (random_tiny_problem(rng))
        )
        optimum = brute_force_optimum(p)
    return p, optimum


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("limit", [2, slots.NODE_LIMIT])
@pytest.mark.parametrize("smoothing", [0.0, 0.5, 0.9])
def test_slot_bound_with_cut_short_or_smoothed_pricing_stays_below_optimum(
    seed, limit, smoothing
):
    p, optimum = _drawn(np.random.default_rng(500 + seed))
    result = slots.slot_bound(
        p,
        build_options(p),
        time_limit_s=5.0,
        limit=limit,
        smoothing=smoothing,
    )
    # The weighted optimum includes overflow; conflicts alone are at most that.
    assert 0 <= result.bound <= optimum


@pytest.mark.parametrize("smoothing", [0.0, 0.5, 0.9])
def test_smoothed_slot_bound_is_still_tight_on_full_rooms(smoothing):
    p = full_rooms_problem()
    bound = slots.slot_bound(
        p, build_options(p), time_limit_s=5.0, smoothing=smoothing
    ).bound
    assert bound == brute_force_optimum(p) == 4


@pytest.mark.parametrize("seed", range(6))
def test_slot_bound_fed_with_schedules_stays_below_optimum(seed):
    p, optimum = _drawn(np.random.default_rng(700 + seed))
    options = build_options(p)
    state = State(p, options)
    construct(state)
    asked = []

    def more():
        asked.append(1)
        return slots.schedule_sets(p, options, state.snapshot())

    result = slots.slot_bound(p, options, time_limit_s=5.0, more=more)
    assert asked
    assert 0 <= result.bound <= optimum


def test_placement_lookup_is_the_enumeration():
    p = load_instance(generate(scale=0.5, seed=2))
    options = build_options(p)
    for i in range(0, len(p.sessions), 7):
        index = options.index[i]
        keys = list(
            zip(
                options.room[i].tolist(),
                options.day[i].tolist(),
                options.start[i].tolist(),
                strict=True,
            )
        )
        assert len(index) == len(keys)
        assert dict(index) == {key: k for k, key in enumerate(keys)}
        assert index.get((-1, 0, 0)) is None
        assert keys[-1] in index


def test_a_solve_on_the_large_instance_path_passes_the_checker():
    p = load_instance(generate(scale=1.5, seed=4))
    assert len(p.sessions) >= PARTITION_IN_THREAD_SESSIONS
    solution = solve(p, time_limit_s=6.0, seed=1)
    assert solution.status in (Status.FEASIBLE, Status.OPTIMAL)
    assert check.violations(p, solution.assignment) == []
    objective = check.objective(p, solution.assignment)
    assert solution.objective == objective
    assert solution.bound <= objective.total


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("count", [2, 3, 4])
def test_heaviest_subset_bound_stays_below_optimum(seed, count, monkeypatch):
    # The large-instance path: the slot relaxation over the heaviest sessions only.
    monkeypatch.setattr(bound, "LARGE_SESSIONS", 0)
    monkeypatch.setattr(bound, "SUBSET_SESSIONS", count)
    p, optimum = _drawn(np.random.default_rng(900 + seed))
    options = build_options(p)
    sub, _ = bound.heaviest_subproblem(p, options, count)
    assert len(sub.sessions) == min(count, len(p.sessions))
    result = bound.lower_bound(p, options, time_limit_s=5.0)
    assert 0 <= result.value <= optimum


@pytest.mark.parametrize("seed", range(4))
def test_heaviest_subsets_grow_while_they_converge(seed, monkeypatch):
    # Two sessions first, one more each time the relaxation converged, up to all;
    # every bound on the way, with the search's schedule as columns, stays valid.
    monkeypatch.setattr(bound, "LARGE_SESSIONS", 0)
    monkeypatch.setattr(bound, "SUBSET_SESSIONS", 2)
    monkeypatch.setattr(bound, "SUBSET_STEP", 1)
    sizes = []
    real = bound.slot_bound

    def spy(sub, sub_options, **kwargs):
        sizes.append(len(sub.sessions))
        return real(sub, sub_options, **kwargs)

    monkeypatch.setattr(bound, "slot_bound", spy)
    p, optimum = _drawn(np.random.default_rng(950 + seed))
    options = build_options(p)
    state = State(p, options)
    construct(state)
    result = bound.lower_bound(
        p, options, time_limit_s=10.0, schedule=state.snapshot(), partition=0
    )
    assert sizes == list(range(2, len(p.sessions) + 1))
    assert 0 <= result.value <= optimum


@pytest.mark.parametrize("seed", range(3))
def test_the_heaviest_sets_prove_the_same_in_their_own_process(seed, monkeypatch):
    # The child process runs the same relaxation (all of a tiny instance, as
    # SUBSET_SESSIONS is above its size) and reports its bounds over a pipe.
    monkeypatch.setattr(bound, "LARGE_SESSIONS", 0)
    p, optimum = _drawn(np.random.default_rng(980 + seed))
    options = build_options(p)
    in_thread = bound.lower_bound(p, options, time_limit_s=10.0, partition=0)
    monkeypatch.setattr(bound, "PROCESS_SESSIONS", 0)
    heard = []
    in_process = bound.lower_bound(
        p, options, time_limit_s=10.0, partition=0, on_bound=heard.append
    )
    assert in_process.value == in_thread.value <= optimum
    assert heard
    assert max(heard) == in_process.value


def test_a_stop_request_ends_the_bound_process(monkeypatch):
    monkeypatch.setattr(bound, "PROCESS_SESSIONS", 0)
    p = load_instance(generate(scale=1.5, seed=4))
    stop = threading.Event()
    threading.Timer(3.0, stop.set).start()
    began = time.monotonic()
    bound.lower_bound(p, build_options(p), time_limit_s=120.0, partition=0, stop=stop)
    assert time.monotonic() - began < 30.0


@pytest.mark.parametrize("seed", range(12))
def test_greedy_sets_are_feasible_and_never_beat_the_best_set(seed):
    rng = np.random.default_rng(900 + seed)
    model = random_model(rng, n=10, rooms=4)
    prices = rng.uniform(-2.0, 9.0, size=len(model.need))
    sets = slots.greedy_sets(model, prices)
    assert len(sets) == int((prices > slots.EPSILON).sum())
    best = brute_force_gain(model, prices)
    for gain, members in sets:
        m = sorted(members)
        assert 1 <= len(m) <= model.rooms
        assert not model.share[np.ix_(m, m)].any()
        assert (model.features[m].sum(axis=0) <= model.capacity).all()
        assert gain == pytest.approx(float(prices[m].sum()) - model.set_cost(m))
        assert gain <= best + 1e-9


@pytest.mark.parametrize("seed", range(5))
def test_slot_bound_with_greedy_rounds_stays_below_optimum(seed, monkeypatch):
    # Greedy rounds forced on every round they can run: the bound still comes
    # only from exact pricings, so it stays valid and reaches the optimum
    # where every slot is full.
    monkeypatch.setattr(slots, "_greedy_pays", lambda pricing_s, master_s: True)
    p, optimum = _drawn(np.random.default_rng(1100 + seed))
    assert 0 <= slots.slot_bound(p, build_options(p), time_limit_s=5.0).bound <= optimum
    full = full_rooms_problem()
    assert slots.slot_bound(full, build_options(full), time_limit_s=5.0).bound == 4

"""The slot relaxation: exact pricing, and a bound that never exceeds the optimum."""

import itertools

import numpy as np
import pytest

from microconf.scheduling.solver import slots
from microconf.scheduling.solver.anchor import load_instance
from microconf.scheduling.solver.model import Break
from microconf.scheduling.solver.placements import build_options
from microconf.scheduling.solver.search import State, construct
from tests.scheduling.solver.conftest import INSTANCES, problem, room, session
from tests.scheduling.solver.test_solver_bound import (
    brute_force_optimum,
    full_rooms_problem,
    random_crowded_problem,
    random_tiny_problem,
)


def random_model(rng, n=9, rooms=3):
    weight = rng.integers(0, 6, size=(n, n)).astype(np.float64)
    weight = np.triu(weight, 1)
    weight = weight + weight.T
    share = np.zeros((n, n), dtype=np.uint8)
    for i, j in itertools.combinations(range(n), 2):
        if rng.random() < 0.15:
            share[i, j] = share[j, i] = 1
    # Two feature sets: "video" (two rooms) and "video + hybrid" (one room).
    video = rng.random(n) < 0.4
    hybrid = video & (rng.random(n) < 0.5)
    features = np.stack([video, hybrid], axis=1).astype(np.int64)
    return slots.SlotModel(
        slots=4,
        need=np.ones(n, dtype=np.int64),
        cost=weight,
        share=share,
        features=features,
        capacity=np.array([2, 1], dtype=np.int64),
        rooms=rooms,
    )


def brute_force_gain(model, prices):
    """The largest prices(T) - cost(T) over every feasible set, by enumeration."""
    n = len(prices)
    best = 0.0
    for size in range(1, model.rooms + 1):
        for members in itertools.combinations(range(n), size):
            m = list(members)
            if model.share[np.ix_(m, m)].any():
                continue
            if (model.features[m].sum(axis=0) > model.capacity).any():
                continue
            best = max(best, float(prices[m].sum()) - model.set_cost(m))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_pricing_finds_the_best_set(seed):
    rng = np.random.default_rng(seed)
    model = random_model(rng)
    prices = rng.uniform(-2.0, 9.0, size=len(model.need))
    sets, exhausted = slots.best_sets(model, prices, wanted=5)
    assert exhausted
    best = brute_force_gain(model, prices)
    top = sets[0][0] if sets else 0.0
    assert top == pytest.approx(best)
    gains = [g for g, _ in sets]
    assert gains == sorted(gains, reverse=True)
    for gain, members in sets:
        m = sorted(members)
        # Every set it returns is feasible and its gain is what it says.
        assert not model.share[np.ix_(m, m)].any()
        assert (model.features[m].sum(axis=0) <= model.capacity).all()
        assert gain == pytest.approx(float(prices[m].sum()) - model.set_cost(m))


def test_pricing_reports_a_search_it_cut_short():
    rng = np.random.default_rng(1)
    model = random_model(rng, n=12, rooms=4)
    _, exhausted = slots.best_sets(model, rng.uniform(5, 9, size=12), limit=3)
    assert not exhausted


@pytest.mark.parametrize("seed", range(6))
def test_slot_bound_never_exceeds_brute_force_optimum(seed):
    rng = np.random.default_rng(200 + seed)
    optimum = None
    while optimum is None:
        p = random_tiny_problem(rng) if seed % 2 else random_crowded_problem(rng)
        optimum = brute_force_optimum(p)
    result = slots.slot_bound(p, build_options(p), time_limit_s=10.0)
    assert result.converged
    # The weighted optimum includes overflow; conflicts alone are at most that.
    assert result.bound <= optimum


def test_slot_bound_is_tight_when_every_slot_is_full():
    # Two slots of two rooms: two pairs must run together.
    p = full_rooms_problem()
    assert brute_force_optimum(p) == 4
    assert slots.slot_bound(p, build_options(p), time_limit_s=5.0).bound == 4


def test_a_shared_person_and_a_feature_keep_sessions_apart():
    # Four 30-minute sessions, three rooms, two slots: A and B share a speaker,
    # C and D both need the only video room.
    video = frozenset({"video"})
    p = problem(
        [
            session("A", 30, interested=(1, 2), people=("ann",)),
            session("B", 30, interested=(1, 2), people=("ann",)),
            session("C", 30, interested=(1, 2), features=video),
            session("D", 30, interested=(1, 2), features=video),
        ],
        [room("R1", features=video), room("R2"), room("R3")],
        end=10 * 60,
    )
    # A and B never run together, nor C and D, so each slot holds one of each:
    # 2 conflicts per slot.
    assert brute_force_optimum(p) == 4
    assert slots.slot_bound(p, build_options(p), time_limit_s=5.0).bound == 4


def test_no_bound_when_a_duration_is_not_whole_slots():
    p = problem(
        [session("A", 45, interested=(1,)), session("B", 30, interested=(1,))],
        [room("R1"), room("R2")],
        slot=30,
        end=12 * 60,
    )
    assert slots.slot_model(p, build_options(p)) is None
    assert slots.slot_bound(p, build_options(p), time_limit_s=1.0).bound == 0


def test_slots_inside_a_break_are_not_counted():
    p = problem(
        [session("A", 30), session("B", 30)],
        [room("R1")],
        start=9 * 60,
        end=11 * 60,
        breaks=(Break(start=10 * 60, end=10 * 60 + 30, label="tea"),),
    )
    assert slots.slot_model(p, build_options(p)).slots == 3


def test_medium_instance_bound_is_far_above_the_cover_bound():
    p = load_instance(INSTANCES / "medium-s1.json")
    options = build_options(p)
    state = State(p, options)
    assert construct(state) == []
    start = slots.schedule_sets(p, options, state.choice)
    result = slots.slot_bound(p, options, time_limit_s=60.0, start=start)
    assert result.converged
    # A schedule's own sets cost at most its conflicts, so the relaxation is
    # below the greedy schedule; the overlap cover proved 178 here.
    assert 400 < result.bound <= state.conflicts
    assert result.relaxation == pytest.approx(result.bound, abs=1.0)

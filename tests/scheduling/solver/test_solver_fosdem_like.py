"""The FOSDEM-like benchmark instance (bench/fosdem_like.py): its shape, and that
schedules made for it pass the independent checker."""

from __future__ import annotations

import importlib.util
from collections import Counter

import pytest

from microconf.scheduling.solver import check, explain
from microconf.scheduling.solver.anchor import load_instance
from microconf.scheduling.solver.placements import build_options
from microconf.scheduling.solver.search import State, construct, repair
from microconf.scheduling.solver.solve import solve
from tests.scheduling.solver.conftest import REPO_ROOT

_spec = importlib.util.spec_from_file_location(
    "fosdem_like", REPO_ROOT / "bench" / "fosdem_like.py"
)
fosdem_like = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fosdem_like)


@pytest.fixture(scope="module")
def fosdem() -> dict:
    return fosdem_like.generate_fosdem(scale=1.0, seed=1)


def test_the_same_scale_and_seed_give_the_same_instance(fosdem):
    assert fosdem_like.generate_fosdem(scale=1.0, seed=1) == fosdem
    assert fosdem_like.generate_fosdem(scale=1.0, seed=2) != fosdem


def test_it_has_fosdems_shape(fosdem):
    problem = load_instance(fosdem)  # the shared format's own reader
    assert len(problem.grid.days) == 2
    assert not problem.grid.breaks
    assert len(problem.rooms) >= 30
    assert problem.attendee_count >= 5000
    blocks = [s for s in problem.sessions if s.kind == "mc"]
    lengths = Counter("full" if s.duration >= 480 else "half" for s in blocks)
    assert lengths["full"] >= 15
    assert lengths["half"] >= 30
    free = [s for s in problem.sessions if s.kind != "mc"]
    assert 200 <= len(free) <= 500
    assert len({s.track for s in blocks}) == len(blocks)  # a devroom each


def test_the_greedy_schedule_passes_the_checker(fosdem):
    problem = load_instance(fosdem)
    options = build_options(problem)
    assert explain.precheck_local(problem, options) == []
    state = State(problem, options)
    stuck = construct(state)
    if stuck:
        stuck = repair(state, stuck)
    assert stuck == []
    assert check.violations(problem, state.assignment()) == []


def test_a_short_solve_of_a_small_one_passes_the_checker():
    problem = load_instance(fosdem_like.generate_fosdem(scale=0.25, seed=3))
    solution = solve(problem, time_limit_s=3.0, seed=1)
    assert check.violations(problem, solution.assignment) == []
    assert solution.objective.attendee_conflicts == check.attendee_conflicts(
        problem, solution.assignment
    )
    assert solution.bound <= solution.objective.total

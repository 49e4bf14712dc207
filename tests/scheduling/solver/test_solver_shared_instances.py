"""The shared instances solve briefly into schedules with no hard violation."""

import pytest

from microconf.scheduling.solver import check
from microconf.scheduling.solver.anchor import load_instance
from microconf.scheduling.solver.model import Status
from microconf.scheduling.solver.solve import solve


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "seconds"), [("small-s1", 2), ("medium-s1", 3), ("lpc-s1", 4)]
)
def test_shared_instance_solves_without_violations(instances_dir, name, seconds):
    p = load_instance(instances_dir / f"{name}.json")
    solution = solve(p, time_limit_s=seconds)
    assert solution.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert check.violations(p, solution.assignment) == []
    assert solution.bound <= solution.objective.total
    assert solution.objective == check.objective(p, solution.assignment)


@pytest.mark.slow
def test_second_search_process_keeps_the_schedule_valid(instances_dir):
    p = load_instance(instances_dir / "medium-s1.json")
    solution = solve(p, time_limit_s=4, search_workers=2)
    assert check.violations(p, solution.assignment) == []
    assert solution.objective == check.objective(p, solution.assignment)
    assert solution.bound <= solution.objective.total


def test_a_move_budget_makes_the_run_reproducible(instances_dir):
    problem = load_instance(instances_dir / "small-s1.json")
    # 300 000 moves take a fraction of a second, well inside the time limit;
    # the bound may use the rest of it, which does not touch the schedule.
    runs = [
        solve(problem, time_limit_s=5, seed=seed, moves=300_000) for seed in (4, 4, 5)
    ]
    first, again, other = (run.assignment for run in runs)
    assert first == again
    assert first != other


def test_a_move_budget_below_one_is_refused(instances_dir):
    problem = load_instance(instances_dir / "small-s1.json")
    with pytest.raises(ValueError, match="above 0, not 0"):
        solve(problem, time_limit_s=1, moves=0)

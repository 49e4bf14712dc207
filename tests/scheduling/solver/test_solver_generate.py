"""The instance generator is deterministic and its instances load and solve."""

from microconf.scheduling.solver import check
from microconf.scheduling.solver.anchor import load_instance
from microconf.scheduling.solver.generate import generate
from microconf.scheduling.solver.solve import solve


def test_same_scale_and_seed_give_the_same_instance():
    assert generate(scale=0.3, seed=4) == generate(scale=0.3, seed=4)


def test_generated_instance_solves_without_violations():
    p = load_instance(generate(scale=0.5, seed=1))
    solution = solve(p, time_limit_s=2.0)
    assert check.violations(p, solution.assignment) == []
    assert solution.bound <= solution.objective.total

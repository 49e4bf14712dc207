"""The exact CP-SAT model over legal placements, used when the greedy gets stuck.

It either finds some valid schedule (low overflow preferred) or proves that none
exists; then the sessions in CP-SAT's infeasible core are named, since they are the
ones that cannot all be placed together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from microconf.scheduling.solver import constraints, objectives
from microconf.scheduling.solver.model import Problem, Status
from microconf.scheduling.solver.placements import Options


@dataclass(frozen=True, slots=True, kw_only=True)
class ExactResult:
    """A placement index per session, or why there is none."""

    status: Status
    choice: np.ndarray | None
    explanation: tuple[str, ...] = ()


def find_schedule(
    problem: Problem,
    options: Options,
    *,
    time_limit_s: float,
    workers: int = 1,
    seed: int = 0,
) -> ExactResult:
    """Look for any valid schedule, or explain why none exists."""
    cp = cp_model.CpModel()
    placed = [
        [cp.new_bool_var(f"{s.id}_{k}") for k in range(len(options.room[i]))]
        for i, s in enumerate(problem.sessions)
    ]
    wanted = [cp.new_bool_var(f"place_{s.id}") for s in problem.sessions]
    constraints.add_one_placement_per_session(cp, placed, wanted)
    constraints.add_room_holds_one_session(cp, placed, problem, options)
    constraints.add_person_in_one_place(cp, placed, problem, options)
    literals, coefficients = objectives.overflow_terms(placed, options)
    cp.add_assumptions(wanted)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    # A first solve without an objective so the infeasible core is available.
    status = solver.solve(cp)
    if status == cp_model.INFEASIBLE:
        core = solver.sufficient_assumptions_for_infeasibility()
        names = sorted(
            problem.sessions[i].id for i, w in enumerate(wanted) if w.index in set(core)
        )
        return ExactResult(
            status=Status.INFEASIBLE,
            choice=None,
            explanation=(
                "These sessions cannot all be scheduled together: "
                + ", ".join(names)
                + ". Between them they need more room time, or more of one "
                "person's time, than their availability windows offer.",
            ),
        )
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ExactResult(status=Status.UNKNOWN, choice=None)
    choice = _choice(solver, placed)
    if literals:
        for row in placed:
            for literal in row:
                cp.add_hint(literal, solver.boolean_value(literal))
        cp.clear_assumptions()
        for literal in wanted:
            cp.add(literal == 1)
        cp.minimize(sum(c * v for c, v in zip(coefficients, literals, strict=True)))
        solver.parameters.max_time_in_seconds = max(0.5, time_limit_s / 4)
        if solver.solve(cp) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            choice = _choice(solver, placed)
    return ExactResult(status=Status.FEASIBLE, choice=choice)


def _choice(solver: cp_model.CpSolver, placed) -> np.ndarray:
    return np.array(
        [
            next(k for k, v in enumerate(row) if solver.boolean_value(v))
            for row in placed
        ],
        dtype=np.int64,
    )

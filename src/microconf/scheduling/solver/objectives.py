"""Soft terms of the exact CP-SAT model, as (literals, coefficients) in plain sight."""

from __future__ import annotations

from collections.abc import Mapping

from ortools.sat.python import cp_model

from microconf.scheduling.solver.model import Placement, Problem
from microconf.scheduling.solver.placements import Options

Placed = list[list[cp_model.IntVar]]


def overflow_terms(
    placed: Placed, options: Options
) -> tuple[list[cp_model.IntVar], list[int]]:
    """Demand above the room's capacity, per placement taken."""
    literals, coefficients = [], []
    for i, row in enumerate(placed):
        for k, literal in enumerate(row):
            excess = int(options.demand[i] - options.capacity[options.room[i][k]])
            if excess > 0:
                literals.append(literal)
                coefficients.append(excess)
    return literals, coefficients


def move_terms(
    placed: Placed,
    problem: Problem,
    options: Options,
    previous: Mapping[str, Placement] | None,
) -> tuple[list[cp_model.IntVar], list[int]]:
    """One per session placed away from where the previous schedule had it."""
    if not previous:
        return [], []
    room_index = {r.id: k for k, r in enumerate(problem.rooms)}
    literals, coefficients = [], []
    for i, session in enumerate(problem.sessions):
        before = previous.get(session.id)
        if before is None:
            continue
        keep = options.index[i].get(
            (room_index.get(before.room, -1), before.day, before.start)
        )
        for k, literal in enumerate(placed[i]):
            if k != keep:
                literals.append(literal)
                coefficients.append(1)
    return literals, coefficients

"""Soft terms of the exact CP-SAT model, as (literals, coefficients) in plain sight."""

from __future__ import annotations

from ortools.sat.python import cp_model

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

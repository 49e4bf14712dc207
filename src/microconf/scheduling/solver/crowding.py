"""The crowding bound: what a group of sessions costs when it must share the slots.

It rests on the slot relaxation's fact (``slots.py``): the conflicts of any
schedule are at least ``sum over slots s of c(T_s)``, ``T_s`` the set running in
slot ``s`` and ``c(T) = sum over pairs of T of w_ij / min(r_i, r_j)``. Pairs inside
disjoint groups of sessions are disjoint, so the conflicts are at least the sum
over groups G of ``sum_s c(T_s & G)``, and each group can be bounded alone.

For one group, a slot holding ``k`` of its sessions costs at least what each of
them pays with its ``k - 1`` cheapest possible partners in the group, half each
(every pair is counted from both ends): ``c(T) >= sum_{i in T} a_i(k)`` with
``a_i(k)`` half the sum of the ``k - 1`` smallest ``c_ij`` over the sessions j
of the group that may share a slot with i (not sharing a person). Then a linear
programme over how many slots hold how many of the group's sessions bounds it:
``y_k`` slots hold exactly ``k`` (at most N slots in all, ``k`` at most the
rooms), ``x_ik`` of them hold session ``i`` (at most once per slot, ``r_i`` in
all), and ``sum_i x_ik = k * y_k``. Every schedule gives a solution costing at
most its conflicts inside the group, so the programme's optimum is a valid bound.

The bound is strong where a group's sessions cannot all be kept apart: a popular
track whose talks and blocks need more slot-room than the grid has slots (on
generate(scale=5) one track alone proves 12 407 of the 14 915), and weak across
groups, which it ignores; the slot relaxation's column generation sees those
pairs but does not converge at that size. Groups are the tracks: the sessions an
audience follows together, so their pairs are the heavy ones.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence

import numpy as np
from ortools.linear_solver import pywraplp

from microconf.scheduling.solver.model import Problem
from microconf.scheduling.solver.placements import Options
from microconf.scheduling.solver.slots import SlotModel, slot_model

# Conflicts are whole numbers; this margin absorbs the LP solver's tolerances.
EPSILON = 1e-6


def track_groups(problem: Problem) -> list[list[int]]:
    """Session indexes per track (sessions without a track form one group)."""
    groups: dict[str, list[int]] = {}
    for i, session in enumerate(problem.sessions):
        groups.setdefault(session.track, []).append(i)
    return [members for _, members in sorted(groups.items())]


def partner_costs(model: SlotModel, members: Sequence[int]) -> np.ndarray:
    """``a[i, k - 1]``: half the cost of member i's k - 1 cheapest possible partners.

    Partners sharing a person can never share a slot; an entry is ``inf`` when a
    member has fewer than ``k - 1`` possible partners in the group.
    """
    idx = np.asarray(members, dtype=np.int64)
    n = len(idx)
    cost = model.cost[np.ix_(idx, idx)].astype(np.float64)
    cost[model.share[np.ix_(idx, idx)] != 0] = np.inf
    np.fill_diagonal(cost, np.inf)
    cheapest = np.sort(cost, axis=1)[:, : n - 1]
    sums = np.concatenate([np.zeros((n, 1)), np.cumsum(cheapest, axis=1)], axis=1)
    return 0.5 * sums


def group_bound(model: SlotModel, members: Sequence[int]) -> float:
    """The linear programme's optimum for one group (0.0 when it fits apart)."""
    need = model.need[np.asarray(members, dtype=np.int64)].astype(np.float64)
    if len(members) < 2 or need.sum() <= model.slots:
        # Every member can have slots of its own.
        return 0.0
    largest = min(len(members), model.rooms)
    a = partner_costs(model, members)[:, :largest]
    solver = pywraplp.Solver.CreateSolver("GLOP")
    y = [solver.NumVar(0.0, model.slots, f"y{k}") for k in range(1, largest + 1)]
    objective = solver.Objective()
    by_size: list[list] = [[] for _ in range(largest)]
    for i in range(len(members)):
        row = []
        for k in range(largest):
            if not math.isfinite(a[i, k]):
                break
            x = solver.NumVar(0.0, float(need[i]), "")
            solver.Add(x <= y[k])
            objective.SetCoefficient(x, float(a[i, k]))
            row.append(x)
            by_size[k].append(x)
        solver.Add(solver.Sum(row) == float(need[i]))
    for k in range(largest):
        solver.Add(solver.Sum(by_size[k]) == (k + 1) * y[k])
    solver.Add(solver.Sum(y) <= model.slots)
    objective.SetMinimization()
    status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        # Infeasible means no schedule at all; either way claim nothing.
        return 0.0
    return max(0.0, objective.Value())


def crowding_bound(
    problem: Problem,
    options: Options,
    *,
    groups: Sequence[Sequence[int]] | None = None,
    stop: threading.Event | None = None,
) -> int:
    """A proven conflict bound: the groups' (by default the tracks') bounds summed."""
    model = slot_model(problem, options)
    if model is None or model.slots == 0:
        return 0
    total = 0.0
    for members in track_groups(problem) if groups is None else groups:
        if stop is not None and stop.is_set():
            break
        total += group_bound(model, members)
    return max(0, math.ceil(total - EPSILON * max(1.0, total)))

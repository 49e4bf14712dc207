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

Across two tracks u and t (``cross_crowding_bound``) a slot has a pair of counts
(k_u, k_t), and a member of u there pays, besides its own track's share, half of
its k_t cheapest possible partners in t (the members of t pay the other half).
A table per pair says how many slots have which pair of counts; its margins are
the single tracks' ``y``, and each member's slots are split over the table's
cells, so one linear programme holds the tracks and their heaviest pairs
together. The counts are grouped in classes (0, 1, 2, 3-4, 5-8, ...), each
charged at its smallest count: costs grow with the count, so this stays valid
(finer classes proved 19 949 against 19 876 on generate(scale=5), 10 pairs, in
five times the time). On generate(scale=5) the tracks alone prove 14 915, with
their 20 heaviest pairs 20 429 in about 13 s.
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
# Track pairs given a table of their own (by cross cost): on generate(scale=5)
# 10 pairs prove 19 876 in 7 s, 20 pairs 20 429 in 13 s, 30 pairs 20 572 in 24 s.
CROSS_PAIRS = 20
# Upper ends of the count classes of a pair table (above the last, one class).
CLASS_ENDS = (1, 2, 4, 8, 16, 32, 64)
# The primal simplex took 43 s on two tables of generate(scale=5), the dual 0.7 s.
GLOP_PARAMETERS = "use_dual_simplex: true"


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


def count_classes(largest: int) -> list[tuple[int, int]]:
    """Classes of slot counts 0..largest: (0, 0), (1, 1), (2, 2), (3, 4), ..."""
    classes, low = [(0, 0)], 1
    for end in CLASS_ENDS:
        if low > largest:
            return classes
        classes.append((low, min(end, largest)))
        low = end + 1
    if low <= largest:
        classes.append((low, largest))
    return classes


def heaviest_pairs(
    model: SlotModel, groups: Sequence[Sequence[int]], count: int
) -> list[tuple[int, int]]:
    """The ``count`` pairs of groups (by index) of the largest cross cost."""
    weights = []
    for u in range(len(groups)):
        for t in range(u + 1, len(groups)):
            total = float(model.cost[np.ix_(groups[u], groups[t])].sum())
            if total > 0:
                weights.append((-total, u, t))
    return [(u, t) for _, u, t in sorted(weights)[:count]]


class _Tables:
    """One linear programme: the groups' slot counts and their pairs' tables."""

    def __init__(self, model: SlotModel) -> None:
        self.model = model
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        self.solver.SetSolverSpecificParametersAsString(GLOP_PARAMETERS)
        self.objective = self.solver.Objective()
        # Per group: y[m] (slots holding exactly m members, y[0] unused) and per
        # member x[i][m] (its slots among them).
        self.y: list[list] = []
        self.x: list[dict[int, dict[int, object]]] = []
        self.members: list[np.ndarray] = []

    def variable(self, upper: float, cost: float = 0.0):
        v = self.solver.NumVar(0.0, upper, "")
        if cost:
            self.objective.SetCoefficient(v, cost)
        return v

    def add_group(self, members: Sequence[int]) -> None:
        model, solver = self.model, self.solver
        idx = np.asarray(members, dtype=np.int64)
        largest = min(len(idx), model.rooms)
        a = partner_costs(model, idx)[:, :largest]
        y = [None] + [self.variable(model.slots) for _ in range(largest)]
        solver.Add(solver.Sum(y[1:]) <= model.slots)
        by_size: list[list] = [[] for _ in range(largest + 1)]
        rows: dict[int, dict[int, object]] = {}
        for p, i in enumerate(idx.tolist()):
            row = {}
            for m in range(1, largest + 1):
                if not math.isfinite(a[p, m - 1]):
                    break
                v = self.variable(float(model.need[i]), float(a[p, m - 1]))
                solver.Add(v <= y[m])
                row[m] = v
                by_size[m].append(v)
            solver.Add(solver.Sum(list(row.values())) == float(model.need[i]))
            rows[i] = row
        for m in range(1, largest + 1):
            solver.Add(solver.Sum(by_size[m]) == m * y[m])
        self.y.append(y)
        self.x.append(rows)
        self.members.append(idx)

    def _margin(self, g: int, low: int, high: int):
        """Slots whose count of group g's members lies in [low, high]."""
        y = self.y[g]
        if low == 0:
            return self.model.slots - self.solver.Sum(y[1:])
        return self.solver.Sum(y[low : high + 1])

    def add_pair(self, u: int, t: int) -> None:
        model, solver = self.model, self.solver
        classes = (count_classes(len(self.y[u]) - 1), count_classes(len(self.y[t]) - 1))
        cells = {
            (a, b): self.variable(model.slots)
            for a, (low_a, _) in enumerate(classes[0])
            for b, (low_b, _) in enumerate(classes[1])
            if low_a + low_b <= model.rooms
        }
        for side, g in ((0, u), (1, t)):
            for c, (low, high) in enumerate(classes[side]):
                line = [v for key, v in cells.items() if key[side] == c]
                solver.Add(solver.Sum(line) == self._margin(g, low, high))
        for side, g, other in ((0, u, t), (1, t, u)):
            self._split_members(g, self.members[other], classes, side, cells)

    def _split_members(self, g, partners, classes, side, cells) -> None:
        """Spread each member's slots of every own-count class over the cells."""
        model, solver = self.model, self.solver
        own, theirs = classes[side], classes[1 - side]
        in_cell: dict[tuple[int, int], list] = {key: [] for key in cells}
        for i, row in self.x[g].items():
            cost = model.cost[i, partners].astype(np.float64)
            cost[model.share[i, partners] != 0] = np.inf
            cheapest = 0.5 * np.concatenate([[0.0], np.cumsum(np.sort(cost))])
            for c, (low, high) in enumerate(own):
                mine = [row[m] for m in range(max(1, low), high + 1) if m in row]
                if c == 0 or not mine:
                    continue
                split = []
                for d, (their_low, _) in enumerate(theirs):
                    key = (c, d) if side == 0 else (d, c)
                    if key not in cells or not math.isfinite(cheapest[their_low]):
                        continue
                    v = self.variable(model.slots, float(cheapest[their_low]))
                    solver.Add(v <= cells[key])
                    split.append(v)
                    in_cell[key].append(v)
                solver.Add(solver.Sum(split) == solver.Sum(mine))
        for key, members in in_cell.items():
            low, high = own[key[side]]
            if low == 0:
                continue
            if not members:
                solver.Add(cells[key] == 0)
                continue
            solver.Add(solver.Sum(members) >= low * cells[key])
            solver.Add(solver.Sum(members) <= high * cells[key])

    def solve(self, time_limit_s: float | None) -> float:
        if time_limit_s is not None:
            self.solver.SetTimeLimit(max(1, int(1000 * time_limit_s)))
        self.objective.SetMinimization()
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            # Cut short or infeasible: claim nothing.
            return 0.0
        return max(0.0, self.objective.Value())


def cross_bound(
    model: SlotModel,
    groups: Sequence[Sequence[int]],
    pairs: Sequence[tuple[int, int]],
    *,
    time_limit_s: float | None = None,
) -> float:
    """The programme over the groups in ``pairs`` (indexes into ``groups``) and
    their tables; groups in no pair are bounded alone."""
    joined = sorted({g for pair in pairs for g in pair})
    alone = sum(
        group_bound(model, members)
        for g, members in enumerate(groups)
        if g not in joined
    )
    if not joined:
        return alone
    tables = _Tables(model)
    position = {}
    for g in joined:
        position[g] = len(tables.y)
        tables.add_group(groups[g])
    for u, t in pairs:
        tables.add_pair(position[u], position[t])
    return alone + tables.solve(time_limit_s)


def _proven(total: float) -> int:
    return max(0, math.ceil(total - EPSILON * max(1.0, total)))


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
    return _proven(total)


def cross_crowding_bound(
    problem: Problem,
    options: Options,
    *,
    pairs: int = CROSS_PAIRS,
    time_limit_s: float | None = None,
) -> int:
    """The tracks' crowding with tables for their ``pairs`` heaviest pairs."""
    model = slot_model(problem, options)
    if model is None or model.slots == 0:
        return 0
    groups = track_groups(problem)
    chosen = heaviest_pairs(model, groups, pairs)
    return _proven(cross_bound(model, groups, chosen, time_limit_s=time_limit_s))

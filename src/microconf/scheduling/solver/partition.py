"""The set-partitioning bound for long sessions, by column generation.

A session longer than half of every window it may take overlaps every other such
session of its window, so the conflicts among long sessions are exactly the
co-interest inside the groups they form per window. Choosing one group per window
(possibly empty) so that every long session is in one group is a set-partitioning
problem; the value of its linear relaxation is a lower bound on its optimum, and
so on the attendee conflicts of any schedule.

Groups are enumerated up to the most long sessions a window can hold; the linear
program is solved by column generation with GLOP, and after every round the
Lagrangian value (restricted optimum plus, per window, the most negative reduced
cost) is a valid bound even before the generation converges.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from microconf.scheduling.solver.model import Problem
from microconf.scheduling.solver.placements import Options

MAX_GROUPS = 400_000
MAX_EXACT_COLUMNS = 3_000
MAX_MARGIN = 200.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Partition:
    """The proven bound, and the window per long session of the best grouping."""

    bound: int
    windows: dict[int, int] | None


def long_sessions(options: Options) -> list[int]:
    """Sessions longer than half of every window they may take."""
    lengths = {w.index: w.length for w in options.windows}
    chosen = []
    for i, wins in enumerate(options.window):
        allowed = np.unique(wins)
        if len(allowed) and all(
            2 * int(options.duration[i]) > lengths[int(w)] for w in allowed
        ):
            chosen.append(i)
    return chosen


def _groups(members: list[int], weight: np.ndarray, share: np.ndarray, largest: int):
    """Groups without a shared person, up to ``largest`` members, with their cost."""
    m = len(members)
    sub_w = weight[np.ix_(members, members)].astype(np.float64)
    sub_share = share[np.ix_(members, members)]
    levels = [(np.zeros((1, 0), dtype=np.int64), np.zeros(1))]
    total = 1
    for size in range(1, largest + 1):
        prev, prev_cost = levels[-1]
        last = prev[:, -1] if size > 1 else np.full(len(prev), -1)
        new_rows, new_cost = [], []
        for j in range(m):
            keep = last < j
            if size > 1:
                keep &= ~sub_share[j][prev].any(axis=1)
            if not keep.any():
                continue
            rows = prev[keep]
            cost = prev_cost[keep] + (sub_w[j][rows].sum(axis=1) if size > 1 else 0.0)
            new_rows.append(np.hstack([rows, np.full((len(rows), 1), j)]))
            new_cost.append(cost)
        if not new_rows:
            break
        rows = np.vstack(new_rows)
        total += len(rows)
        if total > MAX_GROUPS:
            return None
        levels.append((rows, np.concatenate(new_cost)))
    return levels


def partition_bound(
    problem: Problem,
    options: Options,
    *,
    time_limit_s: float,
    on_bound: Callable[[int], None] | None = None,
) -> Partition:
    """Return a lower bound on the conflicts among long sessions, and their grouping.

    ``windows`` maps each long session to the window of the best partition found
    (None when none was found); it is a good start for the search.
    """
    started = time.monotonic()
    members = long_sessions(options)
    windows_of: dict[int, int] | None = None
    if len(members) < 2:
        return Partition(bound=0, windows=None)
    windows = options.windows
    n_windows = len(windows)
    allowed = np.zeros((len(members), n_windows), dtype=bool)
    for a, i in enumerate(members):
        allowed[a, np.unique(options.window[i])] = True
    # How many long sessions with each need fit in a window: rooms having the need.
    needs = sorted({problem.sessions[i].features for i in members}, key=sorted)
    room_count = {
        need: sum(1 for r in problem.rooms if need <= r.features) for need in needs
    }
    largest = min(len(members), max(room_count.values()))
    levels = _groups(members, options.co_interest, options.share_person, largest)
    if levels is None:
        return Partition(bound=0, windows=None)
    # Flatten groups into one padded index matrix (-1 = empty slot).
    rows = [np.full((1, largest), -1, dtype=np.int64)]
    costs = [np.zeros(1)]
    for group, cost in levels[1:]:
        padded = np.full((len(group), largest), -1, dtype=np.int64)
        padded[:, : group.shape[1]] = group
        rows.append(padded)
        costs.append(cost)
    groups = np.vstack(rows)
    cost = np.concatenate(costs)
    present = groups >= 0
    safe = np.where(present, groups, 0)
    # Per need, how many members of a group have it (for the room-count rule).
    need_of = np.array([needs.index(problem.sessions[i].features) for i in members])
    over_rooms = np.zeros(len(groups), dtype=bool)
    for need in needs:
        having = np.array([need <= needs[need_of[a]] for a in range(len(members))])
        count = (present & having[safe]).sum(axis=1)
        over_rooms |= count > room_count[need]
    fits = []  # per window: mask of groups allowed there
    for w in range(n_windows):
        ok = (~present | allowed[safe, w]).all(axis=1) & ~over_rooms
        fits.append(ok)

    lp = pywraplp.Solver.CreateSolver("GLOP")
    cover = [lp.Add(lp.Sum([]) == 1) for _ in members]
    pick = [lp.Add(lp.Sum([]) == 1) for _ in range(n_windows)]
    objective = lp.Objective()
    objective.SetMinimization()
    added: set[tuple[int, int]] = set()

    def add_column(w: int, g: int) -> None:
        added.add((w, g))
        var = lp.NumVar(0.0, 1.0, "")
        objective.SetCoefficient(var, float(cost[g]))
        pick[w].SetCoefficient(var, 1.0)
        for a in groups[g][present[g]]:
            cover[int(a)].SetCoefficient(var, 1.0)

    # An uncovered session costs more than any grouping, which keeps the master
    # feasible from the start; it only adds options, so bounds stay valid.
    uncovered_cost = float(cost.max() * len(members) + 1.0)
    for row in cover:
        slack = lp.NumVar(0.0, 1.0, "")
        objective.SetCoefficient(slack, uncovered_cost)
        row.SetCoefficient(slack, 1.0)
    for w in range(n_windows):
        add_column(w, 0)
        for a in range(len(members)):
            single = np.flatnonzero((groups[:, 0] == a) & (~present[:, 1:]).all(axis=1))
            if len(single) and fits[w][single[0]]:
                add_column(w, int(single[0]))
    best = 0.0
    while time.monotonic() - started < time_limit_s:
        if lp.Solve() != pywraplp.Solver.OPTIMAL:
            break
        value = objective.Value()
        pi = np.array([c.dual_value() for c in cover])
        mu = np.array([c.dual_value() for c in pick])
        gain = np.where(present, pi[safe], 0.0).sum(axis=1)
        reduced_all = cost - gain
        lagrange = value
        improving = False
        for w in range(n_windows):
            reduced = np.where(fits[w], reduced_all - mu[w], np.inf)
            lagrange += min(0.0, float(reduced.min()))
            order = np.argsort(reduced)[:40]
            for g in order:
                if reduced[g] < -1e-6 and (w, int(g)) not in added:
                    add_column(w, int(g))
                    improving = True
        best = max(best, lagrange)
        if on_bound is not None:
            on_bound(math.ceil(best - 1e-6))
        if not improving:
            best = max(best, value)
            rest = time_limit_s - (time.monotonic() - started)
            if rest > 0.5:
                exact, grouping = _close_gap(
                    value,
                    reduced_all,
                    mu,
                    fits,
                    groups,
                    present,
                    len(members),
                    cost,
                    rest,
                )
                best = max(best, exact)
                if grouping is not None:
                    windows_of = {members[a]: w for a, w in grouping.items()}
            break
    return Partition(bound=max(0, math.ceil(best - 1e-6)), windows=windows_of)


def _close_gap(
    lp_value, reduced_all, mu, fits, groups, present, n_members, cost, time_limit_s
) -> tuple[float, dict[int, int] | None]:
    """Solve the partition exactly over the columns whose reduced cost is small.

    At the linear optimum every reduced cost is non-negative, so a partition that
    uses a column of reduced cost above ``margin`` costs more than lp + margin.
    Solving over the other columns therefore gives the exact optimum when it is at
    most lp + margin, and proves lp + margin otherwise.
    """
    candidates = [
        np.where(ok, reduced_all - mu[w], np.inf) for w, ok in enumerate(fits)
    ]
    stacked = np.concatenate(candidates)
    limit = min(len(stacked) - 1, MAX_EXACT_COLUMNS)
    margin = float(np.partition(stacked, limit)[limit]) if limit > 0 else 0.0
    margin = max(0.0, min(margin, MAX_MARGIN))
    # Take at most ``limit`` columns even when many tie at the margin (a problem
    # with little interest has thousands of zero-cost groups): every column left
    # out still costs at least the margin, which is all the proof needs.
    chosen = np.zeros(len(stacked), dtype=bool)
    order = np.argsort(stacked, kind="stable")[: max(limit, 1)]
    chosen[order[stacked[order] <= margin]] = True
    offsets = np.cumsum([0, *(len(c) for c in candidates)])
    mip = pywraplp.Solver.CreateSolver("SCIP")
    if mip is None:
        return lp_value, None
    covering: list[list] = [[] for _ in range(n_members)]
    terms = []
    columns: list[tuple[int, int, object]] = []
    for w in range(len(candidates)):
        picked = []
        for g in np.flatnonzero(chosen[offsets[w] : offsets[w + 1]]):
            var = mip.BoolVar("")
            picked.append(var)
            columns.append((w, int(g), var))
            terms.append(float(cost[g]) * var)
            for a in groups[g][present[g]]:
                covering[int(a)].append(var)
        if not picked:
            return lp_value + margin, None
        mip.Add(mip.Sum(picked) == 1)
    for row in covering:
        if not row:
            return lp_value + margin, None
        mip.Add(mip.Sum(row) == 1)
    mip.Minimize(mip.Sum(terms))
    mip.SetTimeLimit(int(time_limit_s * 1000))
    status = mip.Solve()
    if status in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        grouping = {
            int(a): w
            for w, g, var in columns
            if var.solution_value() > 0.5
            for a in groups[g][present[g]]
        }
    else:
        grouping = None
    if status == pywraplp.Solver.OPTIMAL:
        return min(mip.Objective().Value(), lp_value + margin), grouping
    if status == pywraplp.Solver.INFEASIBLE:
        return lp_value + margin, None
    bound = max(lp_value, min(mip.Objective().BestBound(), lp_value + margin))
    return bound, grouping

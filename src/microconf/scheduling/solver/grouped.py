"""The slot relaxation per grouping of the long sessions: stronger, when they are few.

The plain slot relaxation (``slots``) lets a microconference block run beside other
blocks in some slots and beside talks in others, as if it could be cut up. Here
every way of putting the long sessions (longer than half of every window they may
take, ``partition.long_sessions``) into windows is tried, and for each grouping the
slot relaxation is solved with the facts that grouping brings, all of which every
schedule with that grouping satisfies:

* a slot of window ``w`` holds only sessions that have a legal placement in ``w``,
  and of the long sessions only those grouped into ``w``; ``w`` has ``N_w`` slots;
* intervals of ``r_b`` slots inside ``N_w`` slots all share at least
  ``2 * min r_b - N_w`` slots (the latest start is at most ``N_w - min r_b``, the
  earliest end at least ``min r_b`` after the earliest start), so at least that many
  slots of ``w`` hold every long session of the group together; when that is every
  slot (a block as long as its window), every slot holds the whole group.

Every schedule has one grouping and, for it, a solution of that relaxation costing
at most its conflicts; so the smallest of the groupings' bounds is a conflict bound.
A grouping whose bound reaches ``cutoff`` (say, a schedule's conflicts) needs no
more work: it cannot hold a better schedule. Each grouping is solved by column
generation like ``slots``, with one pricing problem per window, and its Lagrangian
bound is valid at every round.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from microconf.scheduling.solver.model import Problem
from microconf.scheduling.solver.partition import long_sessions
from microconf.scheduling.solver.placements import Options
from microconf.scheduling.solver.slots import (
    COLUMNS_PER_ROUND,
    EPSILON,
    NODE_LIMIT,
    SlotModel,
    _price,
    slot_model,
)

MAX_GROUPINGS = 5000


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupedBound:
    """The proven bound, the groupings tried, and the grouping with the lowest bound."""

    bound: int
    groupings: int
    weakest: dict[int, int] | None


@dataclass(frozen=True, slots=True)
class _Window:
    slots: int
    allowed: np.ndarray  # bool per session: legal here and not a long session elsewhere
    group: tuple[int, ...]
    together: int  # slots that hold the whole group at least


def _window_slots(problem: Problem, options: Options) -> list[int]:
    slot = problem.grid.slot_minutes
    starts = {d.index: d.start for d in problem.grid.days}
    counts = []
    for w in options.windows:
        first = -(-(w.start - starts[w.day]) // slot)
        last = (w.end - starts[w.day]) // slot
        counts.append(max(0, last - first))
    return counts


def groupings(options: Options, model: SlotModel) -> list[tuple[int, ...]] | None:
    """Every window choice for the long sessions that fits rooms and people.

    None when there are more than MAX_GROUPINGS (checked while enumerating).
    """
    longs = long_sessions(options)
    choices = [sorted({int(w) for w in options.window[b]}) for b in longs]
    found: list[tuple[int, ...]] = []
    for assign in itertools.product(*choices):
        if not _fits(longs, assign, model):
            continue
        found.append(assign)
        if len(found) > MAX_GROUPINGS:
            return None
    return found


def _fits(longs: list[int], assign: tuple[int, ...], model: SlotModel) -> bool:
    # Long sessions of one window all run at its midpoint: distinct rooms with
    # their features, no shared person.
    for w in set(assign):
        group = [b for b, a in zip(longs, assign, strict=True) if a == w]
        if len(group) > model.rooms:
            return False
        if (model.features[group].sum(axis=0) > model.capacity).any():
            return False
        if model.share[np.ix_(group, group)].any():
            return False
    return True


class _Grouping:
    """Column generation for one grouping; ``round`` returns its Lagrangian bound."""

    def __init__(self, model: SlotModel, windows: list[_Window]) -> None:
        self.model = model
        self.windows = windows
        solver = pywraplp.Solver.CreateSolver("GLOP")
        inf = solver.infinity()
        self.solver = solver
        self.cover = [solver.Constraint(float(r), inf) for r in model.need.tolist()]
        self.capacity = [solver.Constraint(-inf, float(w.slots)) for w in windows]
        self.together = {
            k: solver.Constraint(float(w.together), inf)
            for k, w in enumerate(windows)
            if len(w.group) > 1 and 0 < w.together < w.slots
        }
        self.objective = solver.Objective()
        big = 1.0 + float(model.cost.sum())
        for row in [*self.cover, *self.together.values()]:
            extra = solver.NumVar(0.0, inf, "")
            row.SetCoefficient(extra, 1.0)
            self.objective.SetCoefficient(extra, big)
        self.objective.SetMinimization()
        self.columns: set[tuple[int, frozenset[int]]] = set()
        for k, w in enumerate(windows):
            if w.group:
                self._add(k, frozenset(w.group))

    def _add(self, k: int, members: frozenset[int]) -> bool:
        if not members or (k, members) in self.columns:
            return False
        self.columns.add((k, members))
        y = self.solver.NumVar(0.0, self.solver.infinity(), "")
        self.objective.SetCoefficient(y, self.model.set_cost(members))
        self.capacity[k].SetCoefficient(y, 1.0)
        for i in members:
            self.cover[i].SetCoefficient(y, 1.0)
        if k in self.together and set(self.windows[k].group) <= members:
            self.together[k].SetCoefficient(y, 1.0)
        return True

    def round(self) -> tuple[float | None, bool]:
        """One master solve and pricing; return (bound or None, converged)."""
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None, True
        prices = np.maximum([row.dual_value() for row in self.cover], 0.0)
        # Read every dual before a column is added: adding one resets the solve.
        slot_prices = [row.dual_value() for row in self.capacity]
        extras = {k: max(0.0, row.dual_value()) for k, row in self.together.items()}
        lagrange = float(prices @ self.model.need)
        lagrange += sum(extras[k] * self.windows[k].together for k in extras)
        exact = True
        added = 0
        for k, w in enumerate(self.windows):
            sets, best, exhausted = self._price(w, prices, extras.get(k))
            exact &= exhausted
            lagrange -= w.slots * best
            for gain, members in sets[:COLUMNS_PER_ROUND]:
                if gain + slot_prices[k] > EPSILON:
                    added += self._add(k, members)
        return (lagrange if exact else None), exact and added == 0

    def _price(
        self, w: _Window, prices: np.ndarray, extra: float | None
    ) -> tuple[list[tuple[float, frozenset[int]]], float, bool]:
        """Sets of window w by falling gain, the largest gain, exhaustive or not."""
        if w.group and w.together >= w.slots:
            sets, exhausted = self._best(w, prices, w.group)
            return sets, sets[0][0], exhausted
        sets, exhausted = self._best(w, prices, ())
        best = max(0.0, sets[0][0] if sets else 0.0)
        if extra is not None:
            whole, done = self._best(w, prices, w.group)
            exhausted &= done
            sets = sorted(
                [*sets, *((g + extra, m) for g, m in whole)], key=lambda t: -t[0]
            )
            best = max(best, whole[0][0] + extra)
        return sets, best, exhausted

    def _best(
        self, w: _Window, prices: np.ndarray, forced: tuple[int, ...]
    ) -> tuple[list[tuple[float, frozenset[int]]], bool]:
        """Best sets of w holding ``forced`` (the forced set alone is one of them)."""
        model = self.model
        f = list(forced)
        price = np.where(w.allowed, prices, -1.0)
        capacity = model.capacity - model.features[f].sum(axis=0)
        base = float(prices[f].sum()) - model.set_cost(f)
        if f:
            price = price - model.cost[f].sum(axis=0)
            price[model.share[f].any(axis=0)] = -1.0
            price[f] = -1.0
            price[~w.allowed] = -1.0
        # Long sessions of the group join only through ``forced`` or freely when
        # nothing is forced; those of other windows never (``allowed``).
        order = np.argsort(-price, kind="stable")
        order = order[price[order] > 0].astype(np.int64)
        room_left = model.rooms - len(f)
        sets: list[tuple[float, frozenset[int]]] = [(base, frozenset(f))] if f else []
        if room_left <= 0 or len(order) == 0:
            return sets, True
        out_sets = np.full((COLUMNS_PER_ROUND, model.rooms), -1, dtype=np.int64)
        out_gain = np.zeros(COLUMNS_PER_ROUND)
        found, _, exhausted = _price(
            price,
            model.cost,
            model.share,
            model.features,
            capacity,
            min(room_left, len(order)),
            order,
            out_sets,
            out_gain,
            NODE_LIMIT,
        )
        for q in range(found):
            extra = frozenset(int(x) for x in out_sets[q] if x >= 0)
            sets.append((base + float(out_gain[q]), frozenset(f) | extra))
        sets.sort(key=lambda t: -t[0])
        return sets, exhausted


def grouped_bound(
    problem: Problem,
    options: Options,
    *,
    time_limit_s: float,
    cutoff: float = math.inf,
    progress: Callable[[int, int, int], None] | None = None,
) -> GroupedBound | None:
    """The smallest bound over all groupings of the long sessions, or None.

    None when there are no long sessions, too many groupings, durations off the
    slot grid, or the time runs out before every grouping is done. ``progress``
    hears (groupings done, groupings, lowest bound so far) after each grouping.
    """
    began = time.monotonic()
    model = slot_model(problem, options)
    if model is None:
        return None
    found = groupings(options, model)
    if not found:
        return None
    longs = long_sessions(options)
    is_long = np.zeros(len(problem.sessions), dtype=bool)
    is_long[longs] = True
    legal = np.zeros((len(options.windows), len(problem.sessions)), dtype=bool)
    for i, wins in enumerate(options.window):
        legal[np.unique(wins), i] = True
    counts = _window_slots(problem, options)
    lowest = math.inf
    weakest = None
    for done, assign in enumerate(found, start=1):
        windows = []
        for k, n_slots in enumerate(counts):
            group = tuple(b for b, a in zip(longs, assign, strict=True) if a == k)
            allowed = legal[k] & ~is_long
            allowed[list(group)] = True
            need = min((int(model.need[b]) for b in group), default=0)
            windows.append(_Window(n_slots, allowed, group, max(0, 2 * need - n_slots)))
        solve = _Grouping(model, windows)
        best = -math.inf
        limit = min(cutoff, lowest)
        while True:
            if time.monotonic() - began > time_limit_s:
                return None
            value, converged = solve.round()
            if value is not None:
                best = max(best, value)
            if converged or best >= limit:
                break
        if best == -math.inf:
            return None  # no exact pricing for this grouping: nothing proven
        if best < lowest:
            lowest, weakest = best, dict(zip(longs, assign, strict=True))
        if progress is not None:
            progress(done, len(found), _whole(lowest))
    return GroupedBound(bound=_whole(lowest), groupings=len(found), weakest=weakest)


def _whole(value: float) -> int:
    # Conflicts are whole numbers; the margin absorbs rounding.
    return max(0, math.ceil(value - EPSILON * max(1.0, abs(value))))

"""The slot relaxation per grouping of the long sessions: stronger, when they are few.

The module serves only bench/grouped_bound.py, so it lives beside it, not in the solver.

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from microconf.scheduling.solver.model import Placement, Problem
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


class _Groupings:
    """What every grouping's relaxation shares: model, long sessions, windows."""

    def __init__(self, problem: Problem, options: Options, model: SlotModel) -> None:
        self.model = model
        self.longs = long_sessions(options)
        self.is_long = np.zeros(len(problem.sessions), dtype=bool)
        self.is_long[self.longs] = True
        self.legal = np.zeros((len(options.windows), len(problem.sessions)), dtype=bool)
        for i, wins in enumerate(options.window):
            self.legal[np.unique(wins), i] = True
        self.counts = _window_slots(problem, options)

    def fits(self, assign: tuple[int, ...]) -> bool:
        return _fits(self.longs, assign, self.model)

    def bound(
        self, assign: tuple[int, ...], *, limit: float, deadline: float
    ) -> float | None:
        """The grouping's Lagrangian bound, raised until it converges or reaches limit.

        None when the deadline passes first; -inf when no round priced exactly.
        """
        windows = []
        for k, n_slots in enumerate(self.counts):
            group = tuple(b for b, a in zip(self.longs, assign, strict=True) if a == k)
            allowed = self.legal[k] & ~self.is_long
            allowed[list(group)] = True
            need = min((int(self.model.need[b]) for b in group), default=0)
            windows.append(_Window(n_slots, allowed, group, max(0, 2 * need - n_slots)))
        solve = _Grouping(self.model, windows)
        best = -math.inf
        while True:
            if time.monotonic() > deadline:
                return None
            value, converged = solve.round()
            if value is not None:
                best = max(best, value)
            if converged or best >= limit:
                return best


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
    deadline = time.monotonic() + time_limit_s
    model = slot_model(problem, options)
    if model is None:
        return None
    found = groupings(options, model)
    if not found:
        return None
    shared = _Groupings(problem, options, model)
    lowest = math.inf
    weakest = None
    for done, assign in enumerate(found, start=1):
        best = shared.bound(assign, limit=min(cutoff, lowest), deadline=deadline)
        if best is None or best == -math.inf:
            return None  # out of time, or no exact pricing: nothing proven
        if best < lowest:
            lowest, weakest = best, dict(zip(shared.longs, assign, strict=True))
        if progress is not None:
            progress(done, len(found), _whole(lowest))
    return GroupedBound(bound=_whole(lowest), groupings=len(found), weakest=weakest)


@dataclass(frozen=True, slots=True, kw_only=True)
class Neighbourhood:
    """The lowest grouping bound a search around one grouping met, and where."""

    start: float
    lowest: float
    grouping: dict[int, int]
    tried: int
    local_minimum: bool  # every swap and move around ``grouping`` was tried


def grouping_of(
    problem: Problem, options: Options, assignment: Mapping[str, Placement]
) -> dict[int, int]:
    """The window of every long session a schedule places legally."""
    rooms = {r.id: k for k, r in enumerate(problem.rooms)}
    found = {}
    for b in long_sessions(options):
        placed = assignment.get(problem.sessions[b].id)
        if placed is None or placed.room not in rooms:
            continue
        k = options.index[b].get((rooms[placed.room], placed.day, placed.start))
        if k is not None:
            found[b] = int(options.window[b][k])
    return found


def search_groupings(
    problem: Problem,
    options: Options,
    start: dict[int, int],
    *,
    time_limit_s: float,
    seed: int = 0,
    progress: Callable[[int, float], None] | None = None,
) -> Neighbourhood | None:
    """Look for groupings near ``start`` whose relaxation proves less than its own.

    A first-improvement local search: swap the windows of two long sessions or
    move one to another window (rooms, features and people permitting), in a
    random order, and take the first change whose grouping's bound is lower;
    stop at a grouping none of whose neighbours is lower (a local minimum) or at
    the time limit. This shows whether the grouping a schedule has is where the
    relaxation is weakest nearby; it proves nothing about groupings it never
    tries. The start's own bound is always finished; ``time_limit_s`` bounds the
    rest. None without a slot model, long sessions,
    or a window in ``start`` for each of them.
    """
    model = slot_model(problem, options)
    if model is None:
        return None
    shared = _Groupings(problem, options, model)
    if not shared.longs or any(b not in start for b in shared.longs):
        return None
    deadline = time.monotonic() + time_limit_s
    current = tuple(start[b] for b in shared.longs)
    first = shared.bound(current, limit=math.inf, deadline=math.inf)
    if first is None or first == -math.inf:
        return None
    lowest = first
    choices = [sorted({int(w) for w in options.window[b]}) for b in shared.longs]
    rng = np.random.default_rng(seed)
    seen = {current}
    tried = 0
    local_minimum = False
    unpriced = False  # some neighbour's pricing never finished: no claim about it
    searching = True
    while searching:
        searching = False
        for candidate in _neighbours(current, choices, rng):
            if candidate in seen:
                continue
            seen.add(candidate)
            if not shared.fits(candidate):
                continue
            tried += 1
            value = shared.bound(candidate, limit=lowest, deadline=deadline)
            if value is None:
                break  # out of time
            if value == -math.inf:
                unpriced = True
                continue
            if progress is not None:
                progress(tried, min(lowest, value))
            if value < lowest - EPSILON:
                lowest, current, searching = value, candidate, True
                break
        else:
            local_minimum = not unpriced
    return Neighbourhood(
        start=first,
        lowest=lowest,
        grouping=dict(zip(shared.longs, current, strict=True)),
        tried=tried,
        local_minimum=local_minimum,
    )


def _neighbours(
    current: tuple[int, ...], choices: list[list[int]], rng: np.random.Generator
) -> list[tuple[int, ...]]:
    """Every grouping one swap or one move away, in a random order."""
    found = []
    for a, b in itertools.combinations(range(len(current)), 2):
        wa, wb = current[a], current[b]
        if wa != wb and wb in choices[a] and wa in choices[b]:
            found.append((*current[:a], wb, *current[a + 1 : b], wa, *current[b + 1 :]))
    for a, windows in enumerate(choices):
        found.extend(
            (*current[:a], w, *current[a + 1 :]) for w in windows if w != current[a]
        )
    return [found[k] for k in rng.permutation(len(found))]


def _whole(value: float) -> int:
    # Conflicts are whole numbers; the margin absorbs rounding.
    return max(0, math.ceil(value - EPSILON * max(1.0, abs(value))))

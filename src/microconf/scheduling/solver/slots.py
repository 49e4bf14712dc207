"""The slot relaxation: a conflict bound from what one slot of the grid can hold.

Every session starts on the slot grid and lasts a whole number of slots, so it runs
in exactly ``r_i = d_i / slot`` slots. Two sessions that run together in ``m`` slots
overlap, so they count their co-interest ``w_ij`` once, and ``m <= min(r_i, r_j)``:
``w_ij >= w_ij * m / min(r_i, r_j)``. Summed over pairs, the conflicts of any
schedule are at least the sum over slots of ``c(T_s)``, where ``T_s`` is the set of
sessions running in slot ``s`` and ``c(T) = sum over pairs of T of w_ij /
min(r_i, r_j)``.

Every such set holds at most one session per room; for every feature set some
session needs, at most as many sessions needing it as rooms having it; and no two
sessions sharing a person. Each session is in ``r_i`` of the ``N`` slots that some
legal placement covers. (Windows, contiguity, pins and availability are dropped:
the relaxation only gets weaker.)

For any prices ``pi``, ``sum_s c(T_s) = sum_s (c(T_s) - pi(T_s)) + sum_i pi_i r_i``,
and each slot's term is at least ``-max(0, max_T (pi(T) - c(T)))`` over feasible
sets ``T``. So ``sum_i pi_i r_i - N * max(0, max_T (pi(T) - c(T)))`` bounds the
conflicts for every ``pi`` (Lagrange). Good prices are the duals of the linear
relaxation "choose N sets that hold session i r_i times, at least cost", solved by
column generation; the pricing problem (the set of largest ``pi(T) - c(T)``) is
solved exactly by a depth-first branch and bound, so every round's bound is valid,
not only the last. At convergence it equals the linear relaxation's optimum.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from numba import njit
from ortools.linear_solver import pywraplp

from microconf.scheduling.solver.model import Problem
from microconf.scheduling.solver.placements import Options

# Columns the pricing returns per round, and the nodes one pricing may visit.
COLUMNS_PER_ROUND = 100
NODE_LIMIT = 5_000_000
# A reduced cost below this is "no improving column" (floating point noise).
EPSILON = 1e-6
# Weight of the best prices so far in the point each round prices.
SMOOTHING = 0.5
# Greedy pricing rounds (``_greedy_pays``) run between exact ones, at most
# this long, while an exact pricing takes longer than this.
EXACT_EVERY_S = 5.0
SLOW_PRICING_S = 0.25


@dataclass(frozen=True, slots=True, kw_only=True)
class SlotBound:
    """The slot relaxation's proven conflict bound and how far its solve went."""

    bound: int
    relaxation: float | None
    converged: bool
    rounds: int
    columns: int


@dataclass(frozen=True, slots=True)
class SlotModel:
    """The relaxation's data: slots per session, pair costs, set limits."""

    slots: int
    need: np.ndarray  # sessions x slots
    cost: np.ndarray  # pair cost per shared slot, w_ij / min(r_i, r_j)
    share: np.ndarray  # uint8, the pair shares a person
    features: np.ndarray  # sessions x feature sets: the session needs the set
    capacity: np.ndarray  # rooms having each feature set
    rooms: int

    def set_cost(self, members: Iterable[int]) -> float:
        m = list(members)
        return float(self.cost[np.ix_(m, m)].sum() / 2)


def slot_model(problem: Problem, options: Options) -> SlotModel | None:
    """Build the relaxation, or None when a duration is not a whole number of slots."""
    slot = problem.grid.slot_minutes
    duration = options.duration.astype(np.int64)
    if slot <= 0 or len(duration) == 0 or (duration % slot).any():
        return None
    need = duration // slot
    covered: set[tuple[int, int]] = set()
    for i in range(len(duration)):
        starts = zip(options.day[i].tolist(), options.start[i].tolist(), strict=True)
        for day, start in set(starts):
            covered.update((day, start + k * slot) for k in range(int(need[i])))
    weight = options.co_interest.astype(np.float64)
    cost = weight / np.minimum.outer(need, need).astype(np.float64)
    np.fill_diagonal(cost, 0.0)
    sets = sorted(
        {frozenset(s.features) for s in problem.sessions if s.features}, key=sorted
    )
    features = np.array(
        [[f <= frozenset(s.features) for f in sets] for s in problem.sessions],
        dtype=np.int64,
    ).reshape(len(duration), len(sets))
    capacity = np.array(
        [sum(f <= r.features for r in problem.rooms) for f in sets], dtype=np.int64
    )
    return SlotModel(
        slots=len(covered),
        need=need,
        cost=cost,
        share=options.share_person.astype(np.uint8),
        features=features,
        capacity=capacity,
        rooms=len(problem.rooms),
    )


@njit(cache=True, nogil=True)
def _price(
    prices, cost, share, features, capacity, largest, order, out_sets, out_gain, limit
):  # pragma: no cover - compiled
    """``_price_upper`` without the upper bound: (sets found, nodes, exhausted)."""
    upper = np.zeros(1)
    return _price_upper(
        prices,
        cost,
        share,
        features,
        capacity,
        largest,
        order,
        out_sets,
        out_gain,
        limit,
        upper,
    )


@njit(cache=True, nogil=True)
def _largest_sum(values, start, count, tops):  # pragma: no cover - compiled
    """The sum of the ``count`` largest of values[start:] (0 where fewer).

    ``tops`` is scratch space of at least ``count`` items.
    """
    for q in range(count):
        tops[q] = 0.0
    for a in range(start, len(values)):
        v = values[a]
        if v > tops[count - 1]:
            q = count - 1
            while q > 0 and tops[q - 1] < v:
                tops[q] = tops[q - 1]
                q -= 1
            tops[q] = v
    total = 0.0
    for q in range(count):
        total += tops[q]
    return total


@njit(cache=True, nogil=True)
def _price_upper(
    prices,
    cost,
    share,
    features,
    capacity,
    largest,
    order,
    out_sets,
    out_gain,
    limit,
    upper,
):  # pragma: no cover - compiled
    """Fill out_* with the sets of largest prices(T) - cost(T), best first.

    Depth-first over ``order`` (sessions by falling price). A node's bound adds to
    its gain the largest ``largest - depth`` marginal gains of the sessions still
    allowed: joining more sessions only adds pair costs, so no completion does
    better. A session of non-positive marginal gain is never added (leaving it out
    is as good). Returns (sets found, nodes, exhausted); ``upper[0]`` receives an
    upper bound on the largest gain of any set (the exact one when exhausted).
    """
    m = len(order)
    n_sets = len(capacity)
    wanted = out_gain.shape[0]
    marginal = np.empty((largest + 1, m))
    for a in range(m):
        marginal[0, a] = prices[order[a]]
    chosen = np.empty(largest, np.int64)
    count = np.zeros(n_sets, np.int64)
    gain = np.zeros(largest + 1)
    position = np.zeros(largest + 1, np.int64)
    tops = np.zeros(largest)
    found = 0
    nodes = 0
    depth = 0
    while depth >= 0:
        p = position[depth]
        threshold = out_gain[wanted - 1] if found == wanted else 0.0
        prune = depth == largest or p >= m
        if not prune:
            left = largest - depth
            bound = gain[depth] + _largest_sum(marginal[depth], p, left, tops)
            prune = bound <= threshold + 1e-9
        if prune:
            depth -= 1
            if depth >= 0:
                last = chosen[depth]
                for f in range(n_sets):
                    count[f] -= features[last, f]
            continue
        position[depth] = p + 1
        v = marginal[depth, p]
        if v <= 0.0:
            continue
        i = order[p]
        fits = True
        for f in range(n_sets):
            if count[f] + features[i, f] > capacity[f]:
                fits = False
        if not fits:
            continue
        nodes += 1
        if nodes > limit:
            # Interrupted: no set beats the best found or the bound of a subtree
            # still open on the stack, so the largest of these is an upper bound.
            top = out_gain[0] if found > 0 else 0.0
            for d in range(depth + 1):
                start = p if d == depth else position[d]
                bound = gain[d] + _largest_sum(marginal[d], start, largest - d, tops)
                if bound > top:
                    top = bound
            upper[0] = top
            return found, nodes, False
        chosen[depth] = i
        for f in range(n_sets):
            count[f] += features[i, f]
        now = gain[depth] + v
        if now > threshold + 1e-9:
            q = found if found < wanted else wanted - 1
            if found < wanted:
                found += 1
            while q > 0 and out_gain[q - 1] < now:
                out_gain[q] = out_gain[q - 1]
                out_sets[q, :] = out_sets[q - 1, :]
                q -= 1
            out_gain[q] = now
            out_sets[q, :] = -1
            out_sets[q, : depth + 1] = chosen[: depth + 1]
        gain[depth + 1] = now
        for a in range(p + 1, m):
            j = order[a]
            if share[i, j]:
                marginal[depth + 1, a] = -1e300
            else:
                marginal[depth + 1, a] = marginal[depth, a] - cost[i, j]
        position[depth + 1] = p + 1
        depth += 1
    upper[0] = out_gain[0] if found > 0 else 0.0
    return found, nodes, True


@njit(cache=True, nogil=True)
def _greedy_sets(
    prices, cost, share, features, capacity, largest, seeds, out_sets, out_gain
):  # pragma: no cover - compiled
    """From each seed, add the session of largest marginal gain while one gains.

    A cheap pricing heuristic: one set per seed, each a feasible set (rooms,
    feature capacities, no shared person) with its gain prices(T) - cost(T).
    """
    n = len(prices)
    n_sets = len(capacity)
    marginal = np.empty(n)
    count = np.zeros(n_sets, np.int64)
    for q in range(len(seeds)):
        for j in range(n):
            marginal[j] = prices[j]
        for f in range(n_sets):
            count[f] = 0
        i = seeds[q]
        gain = 0.0
        size = 0
        while i >= 0:
            out_sets[q, size] = i
            size += 1
            gain += marginal[i]
            for f in range(n_sets):
                count[f] += features[i, f]
            marginal[i] = -1e300
            for j in range(n):
                if share[i, j]:
                    marginal[j] = -1e300
                else:
                    marginal[j] -= cost[i, j]
            i = -1
            if size < largest:
                top = 0.0
                for j in range(n):
                    if marginal[j] > top:
                        fits = True
                        for f in range(n_sets):
                            if count[f] + features[j, f] > capacity[f]:
                                fits = False
                        if fits:
                            top = marginal[j]
                            i = j
        out_gain[q] = gain


def greedy_sets(
    model: SlotModel, prices: np.ndarray
) -> list[tuple[float, frozenset[int]]]:
    """One greedy set from each session of positive price (``_greedy_sets``)."""
    seeds = np.flatnonzero(prices > EPSILON).astype(np.int64)
    largest = min(model.rooms, max(1, len(seeds)))
    out_sets = np.full((len(seeds), largest), -1, dtype=np.int64)
    out_gain = np.zeros(len(seeds))
    _greedy_sets(
        prices.astype(np.float64),
        model.cost,
        model.share,
        model.features,
        model.capacity,
        largest,
        seeds,
        out_sets,
        out_gain,
    )
    return [
        (float(out_gain[q]), frozenset(int(x) for x in out_sets[q] if x >= 0))
        for q in range(len(seeds))
    ]


def best_sets(
    model: SlotModel,
    prices: np.ndarray,
    wanted: int = COLUMNS_PER_ROUND,
    limit: int = NODE_LIMIT,
) -> tuple[list[tuple[float, frozenset[int]]], bool]:
    """The feasible sets of largest positive prices(T) - cost(T), best first.

    The second value says the search was exhaustive, so the first set's gain is
    the exact maximum (or no set gains anything).
    """
    sets, exhausted, _ = price(model, prices, wanted, limit)
    return sets, exhausted


def price(
    model: SlotModel,
    prices: np.ndarray,
    wanted: int = COLUMNS_PER_ROUND,
    limit: int = NODE_LIMIT,
) -> tuple[list[tuple[float, frozenset[int]]], bool, float]:
    """``best_sets`` and an upper bound on every feasible set's gain (at least 0).

    Cut short by ``limit``, the search still bounds what it did not visit: no set
    gains more than the best found or the bound of a subtree left on its stack.
    """
    order = np.argsort(-prices, kind="stable")
    order = order[prices[order] > 0].astype(np.int64)
    out_sets = np.full((wanted, model.rooms), -1, dtype=np.int64)
    out_gain = np.zeros(wanted)
    upper = np.zeros(1)
    found, _, exhausted = _price_upper(
        prices.astype(np.float64),
        model.cost,
        model.share,
        model.features,
        model.capacity,
        min(model.rooms, max(1, len(order))),
        order,
        out_sets,
        out_gain,
        limit,
        upper,
    )
    sets = [
        (float(out_gain[q]), frozenset(int(x) for x in out_sets[q] if x >= 0))
        for q in range(found)
    ]
    return sets, bool(exhausted), max(0.0, float(upper[0]))


class _Master:
    """The linear relaxation over the columns found so far (GLOP, incremental)."""

    def __init__(self, model: SlotModel) -> None:
        self.model = model
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        inf = self.solver.infinity()
        self.slots = self.solver.Constraint(-inf, float(model.slots))
        self.cover = [
            self.solver.Constraint(float(r), inf) for r in model.need.tolist()
        ]
        self.objective = self.solver.Objective()
        self.columns: set[frozenset[int]] = set()
        # One artificial per session keeps the relaxation feasible before the
        # columns can cover everything. Its cost caps the session's dual price;
        # the Lagrangian bound holds for any prices, so a cap never makes it
        # wrong, and this one (the most a session can add to a slot's set: its
        # rooms - 1 largest pair costs) keeps the first duals from the huge
        # values a degenerate start gives, which large instances never left.
        top = np.sort(model.cost, axis=1)[:, ::-1][:, : max(1, model.rooms - 1)]
        for row, cap in zip(self.cover, top.sum(axis=1).tolist(), strict=True):
            extra = self.solver.NumVar(0.0, inf, "")
            row.SetCoefficient(extra, 1.0)
            self.objective.SetCoefficient(extra, 1.0 + cap)
        self.objective.SetMinimization()

    def add(self, members: frozenset[int]) -> bool:
        if not members or members in self.columns:
            return False
        self.columns.add(members)
        y = self.solver.NumVar(0.0, self.solver.infinity(), "")
        self.objective.SetCoefficient(y, self.model.set_cost(members))
        self.slots.SetCoefficient(y, 1.0)
        for i in members:
            self.cover[i].SetCoefficient(y, 1.0)
        return True

    def solve(self) -> tuple[float, np.ndarray, float] | None:
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        prices = np.array([row.dual_value() for row in self.cover])
        return self.objective.Value(), np.maximum(prices, 0.0), self.slots.dual_value()


def schedule_sets(
    problem: Problem, options: Options, choice: np.ndarray
) -> list[frozenset[int]]:
    """The sets of sessions running in each slot of a (complete) schedule."""
    slot = problem.grid.slot_minutes
    running: dict[tuple[int, int], set[int]] = {}
    for i, k in enumerate(choice.tolist()):
        if k < 0:
            continue
        day, start = int(options.day[i][k]), int(options.start[i][k])
        for t in range(start, start + int(options.duration[i]), slot):
            running.setdefault((day, t), set()).add(i)
    return [frozenset(s) for s in running.values()]


def slot_bound(
    problem: Problem,
    options: Options,
    *,
    time_limit_s: float,
    start: Iterable[frozenset[int]] = (),
    stop: threading.Event | None = None,
    on_bound: Callable[[int], None] | None = None,
    more: Callable[[], Iterable[frozenset[int]]] | None = None,
    smoothing: float = SMOOTHING,
    limit: int = NODE_LIMIT,
    beat: int = 0,
    give_up_s: float | None = None,
) -> SlotBound:
    """Raise the slot relaxation's conflict bound until it converges or time runs out.

    ``start`` holds sets to begin the columns with (a schedule's, from
    ``schedule_sets``); ``more`` is asked every round for further such sets (the
    search's newer schedules); ``on_bound`` hears every better bound as it is
    proven. With ``give_up_s`` it stops once that long has passed without a bound
    above ``beat`` (another bound's value): its core is better used by the search.
    Every round's bound is valid, whether or not the pricing finished: a
    pricing cut short still bounds every set's gain from above (``price``).

    The prices are smoothed (Wentges): each round prices a point between the best
    prices so far (the centre) and the master's duals, which keeps column
    generation from oscillating on large instances; a round whose smoothed point
    finds no column improving the master prices the duals themselves.
    Where the exact pricing is slow, the rounds between exact ones take greedy
    columns instead (``greedy_sets``); those rounds prove nothing new, so an
    exact pricing runs at least every ``EXACT_EVERY_S``.
    """
    began = time.monotonic()
    model = slot_model(problem, options)
    if model is None or model.slots == 0:
        return SlotBound(bound=0, relaxation=None, converged=False, rounds=0, columns=0)
    master = _Master(model)
    for members in start:
        master.add(members)
    best = 0
    rounds = 0
    relaxation = None
    converged = False
    need = model.need.astype(np.float64)
    centre: np.ndarray | None = None
    centre_value = -math.inf
    exact_at = time.monotonic()
    pricing_s = 0.0

    def lagrange(prices: np.ndarray, upper: float) -> float:
        nonlocal best
        value = float(prices @ need) - model.slots * upper
        # Conflicts are whole numbers; the margin absorbs rounding.
        proven = math.ceil(value - EPSILON * max(1.0, abs(value)))
        if proven > best:
            best = proven
            if on_bound is not None:
                on_bound(best)
        return value

    while time.monotonic() - began < time_limit_s and not (stop and stop.is_set()):
        waited = time.monotonic() - began
        if give_up_s is not None and best <= beat and waited > give_up_s:
            break
        if more is not None:
            for members in more():
                master.add(members)
        solving = time.monotonic()
        solved = master.solve()
        master_s = time.monotonic() - solving
        if solved is None:
            break
        rounds += 1
        relaxation, duals, slot_price = solved
        added = 0
        exhausted = False
        recent = time.monotonic() - exact_at < EXACT_EVERY_S
        if recent and _greedy_pays(pricing_s, master_s):
            added = _add_improving(master, greedy_sets(model, duals), duals, slot_price)
            if added:
                continue
        exact_at = time.monotonic()
        if centre is not None and smoothing > 0:
            probe = smoothing * centre + (1.0 - smoothing) * duals
            sets, exhausted, upper = price(model, probe, limit=limit)
            value = lagrange(probe, upper)
            if value > centre_value:
                centre, centre_value = probe, value
            added = _add_improving(master, sets, duals, slot_price)
        if added == 0:
            sets, exhausted, upper = price(model, duals, limit=limit)
            value = lagrange(duals, upper)
            if value > centre_value:
                centre, centre_value = duals, value
            added = _add_improving(master, sets, duals, slot_price)
        pricing_s = time.monotonic() - exact_at
        if added == 0:
            converged = exhausted
            break
    return SlotBound(
        bound=max(0, best),
        relaxation=relaxation,
        converged=converged,
        rounds=rounds,
        columns=len(master.columns),
    )


def _greedy_pays(pricing_s: float, master_s: float) -> bool:
    """Whether greedy columns should stand in for the exact pricing this round.

    Where the exact pricing is slow and costs more than the master, greedy
    columns between exact rounds bring the master down for much less
    (generate(scale=2, seed=3), the heaviest 150 sessions: converged in 6 s
    against 37 s); where it is fast they only make the master larger (lpc-s1).
    """
    return pricing_s > max(master_s, SLOW_PRICING_S)


def _add_improving(
    master: _Master,
    sets: list[tuple[float, frozenset[int]]],
    duals: np.ndarray,
    slot_price: float,
) -> int:
    """Add the sets whose reduced cost at the master's duals is negative."""
    added = 0
    for _, members in sets:
        m = list(members)
        gain = float(duals[m].sum()) - master.model.set_cost(m)
        if gain + slot_price > EPSILON and master.add(members):
            added += 1
    return added

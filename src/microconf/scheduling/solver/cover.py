"""The overlap-cover bound: how cheaply can the forced overlap minutes be absorbed?

It forgets which window a session takes and keeps only how many minutes of
overlap every schedule must have, and how much of it each pair and each session
can carry. The facts, each true for every schedule:

1. *Overlap minutes are forced.* No session crosses a break or a day's end, so
   each lies in one break-free window and only sessions of one window overlap.
   With n(t) sessions running at instant t of a window of length L holding
   sessions of total duration D_w, the pair overlap minutes of that window add
   up to the integral of C(n(t), 2), and C(n, 2) >= k*n - k(k+1)/2 for all
   integers n, k (the difference is (n-k)(n-k-1)/2 >= 0). Integrating gives
   k*D_w - L*k(k+1)/2, and summing over the windows with one common k gives
   sum of pair overlap minutes >= k*D - L_total*k(k+1)/2 =: F, where D is the
   total duration of all sessions (each lies in exactly one window) and
   L_total the total length of all windows.
2. *A pair carries at most its shorter duration*: m_ij <= min(d_i, d_j) * c_ij,
   where c_ij = 1 when the pair overlaps at all (it then costs its co-interest
   w_ij, which is exactly what the measure counts), and m_ij = 0 for a pair that
   shares a person (they never overlap).
3. *A session overlaps at most rooms - 1 others at a time*: every session
   running beside it is in another room, so sum_j m_ij <= (rooms - 1) * d_i.

So every schedule gives a solution (c, m) of this small mixed-integer program
with the schedule's own attendee conflicts as its objective, and any lower bound
on the program's optimum (SCIP's dual bound, rounded up since the objective is an
integer) is a valid lower bound on the conflicts. Pairs with no co-interest cost
nothing and enter with c fixed at 1. It needs no window variables, so it holds
all sessions at once (3 160 pairs on medium-s1, 13 530 on lpc-s1).
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from microconf.scheduling.solver.model import Problem
from microconf.scheduling.solver.placements import Options


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverBound:
    """The proven conflict bound and whether the program was solved to optimality."""

    bound: int
    optimal: bool


def forced_overlap(durations: Sequence[int], lengths: Sequence[int]) -> int:
    """Overlap minutes every schedule has: max over k of k*D - L*k(k+1)/2."""
    total = sum(durations)
    length = sum(lengths)
    if length <= 0:
        return 0
    best = 0
    k = 1
    while True:
        value = k * total - length * k * (k + 1) // 2
        best = max(best, value)
        if (k + 1) * length >= total:  # it no longer increases after this k
            return best
        k += 1


def cover_bound(
    problem: Problem,
    options: Options,
    *,
    time_limit_s: float,
    stop: threading.Event | None = None,
    beat: int = 0,
) -> CoverBound:
    """Return a lower bound on the attendee conflicts of every schedule.

    When a greedy solution of the program already costs at most ``beat`` (a
    bound the caller has), the program's optimum cannot beat it, and nothing is
    solved.
    """
    started = time.monotonic()
    n = len(problem.sessions)
    rooms = len(problem.rooms)
    duration = [int(options.duration[i]) for i in range(n)]
    forced = forced_overlap(duration, [w.length for w in options.windows])
    if n < 2 or rooms < 2 or forced <= 0:
        return CoverBound(bound=0, optimal=True)
    unit = 0
    for value in duration:
        unit = math.gcd(unit, value)
    unit = max(unit, 1)
    dur = [d // unit for d in duration]
    # Minutes are counted in units of the durations' gcd; m is continuous, so
    # nothing is rounded.
    need = forced / unit
    weight = options.co_interest
    share = options.share_person
    pairs = [(i, j) for i, j in itertools.combinations(range(n), 2) if not share[i, j]]
    greedy = _greedy_cost(pairs, dur, weight, rooms, need)
    if greedy == 0:
        return CoverBound(bound=0, optimal=True)
    if greedy is None or greedy <= beat:
        return CoverBound(bound=0, optimal=False)
    mip = pywraplp.Solver.CreateSolver("SCIP")
    if mip is None:
        return CoverBound(bound=0, optimal=False)
    # Wall-clock time, so that a loaded machine does not stretch the limit.
    mip.SetSolverSpecificParametersAsString("timing/clocktype = 2\n")
    carried: list[list] = [[] for _ in range(n)]
    minutes = []
    objective = []
    for i, j in pairs:
        cap = min(dur[i], dur[j])
        m = mip.NumVar(0.0, float(cap), "")
        w_ij = int(weight[i, j])
        if w_ij:
            c = mip.BoolVar("")
            mip.Add(m <= cap * c)
            objective.append(w_ij * c)
        minutes.append(m)
        carried[i].append(m)
        carried[j].append(m)
    for i in range(n):
        if carried[i]:
            mip.Add(mip.Sum(carried[i]) <= (rooms - 1) * dur[i])
    mip.Add(mip.Sum(minutes) >= need)
    if not objective:
        return CoverBound(bound=0, optimal=True)
    mip.Minimize(mip.Sum(objective))
    rest = time_limit_s - (time.monotonic() - started)
    if rest <= 0.05 or (stop is not None and stop.is_set()):
        return CoverBound(bound=0, optimal=False)
    mip.SetTimeLimit(max(1, int(rest * 1000)))
    done = threading.Event()
    if stop is not None:
        threading.Thread(
            target=_interrupt_when_set, args=(stop, done, mip), daemon=True
        ).start()
    try:
        status = mip.Solve()
    finally:
        done.set()
    if status == pywraplp.Solver.INFEASIBLE:
        # No (c, m) at all: then no schedule exists either; claim nothing.
        return CoverBound(bound=0, optimal=False)
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return CoverBound(bound=0, optimal=False)
    value = mip.Objective().BestBound()
    if not math.isfinite(value):
        return CoverBound(bound=0, optimal=False)
    return CoverBound(
        bound=max(0, math.ceil(value - 1e-6)),
        optimal=status == pywraplp.Solver.OPTIMAL,
    )


def _greedy_cost(pairs, dur, weight, rooms: int, need: float) -> int | None:
    """Cost of a feasible (c, m) built from the cheapest minutes first, or None."""
    left = [(rooms - 1) * d for d in dur]
    order = sorted(pairs, key=lambda p: int(weight[p]) / min(dur[p[0]], dur[p[1]]))
    cost = 0
    for i, j in order:
        if need <= 1e-9:
            return cost
        take = min(dur[i], dur[j], left[i], left[j], need)
        if take <= 0:
            continue
        left[i] -= take
        left[j] -= take
        need -= take
        cost += int(weight[i, j])
    return cost if need <= 1e-9 else None


def _interrupt_when_set(
    stop: threading.Event, done: threading.Event, mip: pywraplp.Solver
) -> None:
    while not done.is_set():
        if stop.wait(0.05):
            mip.InterruptSolve()
            return

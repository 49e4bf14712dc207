"""A valid lower bound on the objective: partition, slots, overlap cover, windows.

``lower_bound`` takes the best of four conflict bounds, each valid on its own:
the long-session partition (``partition``), the slot relaxation (``slots``), the
overlap-cover bound (``cover``; each module's docstring says why its constraints
hold for every schedule), and the window-assignment relaxation below.

No session crosses a break or a day's end, so each one lies in exactly one
break-free window, and attendee conflicts only arise between sessions of one window.
The relaxation keeps only which window each session goes to, plus facts that every
schedule satisfies:

* two sessions of one window of length L whose durations add up to more than L
  always overlap (so they conflict, and may not share a person);
* sessions longer than L/2 all contain the window's midpoint, so no more of them
  than rooms (with the features they need) share a window;
* the minutes of sessions needing features F fit in the rooms having F;
* a person's sessions in one window fit in its length;
* while a session runs, at most (rooms - 1) others run beside it, so its overlap
  minutes with all others add up to at most (rooms - 1) times its duration;
* with n(t) sessions running at instant t, the overlap minutes summed over pairs
  equal the integral of C(n(t), 2), which is at least k*D - L*k(k+1)/2 for every
  integer k (D = total minutes in the window); a pair overlaps for at most the
  shorter duration, and never when it shares a person.

Every schedule gives a solution of the relaxation with the same conflict count, so
its optimum (and any bound CP-SAT proves on it) bounds the real objective from
below. On large instances it keeps a subset of the sessions (the long ones); the
conflicts among a subset never exceed the conflicts among all, so that stays valid.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import math
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from microconf.scheduling.solver.cover import cover_bound
from microconf.scheduling.solver.crowding import (
    cross_crowding_bound,
    crowding_bound,
    track_groups,
)
from microconf.scheduling.solver.model import Placement, Problem
from microconf.scheduling.solver.partition import long_sessions, partition_bound
from microconf.scheduling.solver.placements import Options, build_options
from microconf.scheduling.solver.slots import schedule_sets, slot_bound

MAX_PAIR_WINDOWS = 3000
SUBSET_PAIR_WINDOWS = 4000
FIRST_SUBSET_SHARE = 0.2
# From this many sessions on, the slot relaxation gives up after this share of
# the time if it has not beaten the partition by then.
LARGE_SESSIONS = 200
GIVE_UP_SHARE = 0.5
# From LARGE_SESSIONS on, the slot relaxation holds only the heaviest sessions (by
# total co-interest): this many first, then SUBSET_STEP more each time it has
# converged. Over all 330 of generate(scale=2) it proved 3169 in a 60 s solve;
# over the heaviest 150 it converges in 5 s (3030), over 200 in 25 s (3568).
SUBSET_SESSIONS = 150
SUBSET_STEP = 50
# From this many sessions on that relaxation runs in its own process.
PROCESS_SESSIONS = 200
# How often the search's best schedule is looked at for the bound process.
FEED_EVERY_S = 1.0


@dataclass(frozen=True, slots=True, kw_only=True)
class BoundResult:
    """A proven lower bound on the weighted objective, and how it was reached."""

    value: int
    conflicts: int
    overflow: int
    moves: int
    sessions_used: int
    relaxation_optimal: bool


def separable_floor(
    problem: Problem, options: Options, previous: Mapping[str, Placement] | None
) -> tuple[int, int]:
    """Return (overflow, moves) no schedule can go below, session by session."""
    overflow = 0
    moves = 0
    room_index = {r.id: k for k, r in enumerate(problem.rooms)}
    for i, session in enumerate(problem.sessions):
        rooms = options.room[i]
        if len(rooms):
            overflow += int(
                np.maximum(0, options.demand[i] - options.capacity[rooms]).min()
            )
        before = (previous or {}).get(session.id)
        if before is not None:
            key = (room_index.get(before.room, -1), before.day, before.start)
            if key not in options.index[i]:
                moves += 1
    return overflow, moves


def _windows_of(options: Options, i: int) -> list[int]:
    return sorted({int(w) for w in options.window[i]})


def _choose_sessions(problem: Problem, options: Options) -> list[int]:
    """All sessions when the pair model is small enough, else the heaviest ones.

    Heaviest means most demand-minutes: they carry most of the co-interest. The
    conflicts among a subset never exceed those among all sessions.
    """
    n = len(problem.sessions)
    n_windows = max(1, len(options.windows))
    order = sorted(
        range(n),
        key=lambda i: -int(options.demand[i]) * int(options.duration[i]),
    )
    if n * (n - 1) // 2 * n_windows <= MAX_PAIR_WINDOWS:
        return order
    chosen: list[int] = []
    for i in order:
        if (len(chosen) + 1) * len(chosen) // 2 * n_windows > SUBSET_PAIR_WINDOWS:
            break
        chosen.append(i)
    return chosen


def _subsets(problem: Problem, options: Options) -> list[list[int]]:
    """The whole set when small enough, else growing prefixes of the heaviest."""
    chosen = _choose_sessions(problem, options)
    if len(chosen) == len(problem.sessions):
        return [chosen]
    sizes = [*range(16, len(chosen), 4), len(chosen)]
    return [chosen[:k] for k in sizes]


def conflict_bound(
    problem: Problem,
    options: Options,
    *,
    time_limit_s: float,
    workers: int = 1,
    seed: int = 0,
    on_bound: Callable[[int], None] | None = None,
    stop: threading.Event | None = None,
    chosen: list[int] | None = None,
) -> tuple[int, bool, int]:
    """Return (conflict bound, whether the relaxation was solved, sessions used)."""
    if chosen is None:
        chosen = _choose_sessions(problem, options)
    windows = options.windows
    if len(chosen) < 2 or not windows:
        return 0, True, 0
    unit = 0
    for value in [w.length for w in windows] + [
        int(options.duration[i]) for i in chosen
    ]:
        unit = math.gcd(unit, value)
    unit = max(unit, 1)
    dur = {i: int(options.duration[i]) // unit for i in chosen}
    length = {w.index: w.length // unit for w in windows}
    cp = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for i in chosen:
        wins = _windows_of(options, i)
        if not wins:
            return 0, True, 0
        for w in wins:
            x[i, w] = cp.new_bool_var(f"in_{problem.sessions[i].id}_w{w}")
        # Each session lies in exactly one window.
        cp.add_exactly_one(x[i, w] for w in wins)

    _break_window_symmetry(cp, x, problem, options, chosen)

    feature_sets = {frozenset()} | {problem.sessions[i].features for i in chosen}
    for w in windows:
        members = [i for i in chosen if (i, w.index) in x]
        # Minutes of sessions needing features F fit in the rooms that have F.
        for need in feature_sets:
            users = [i for i in members if need <= problem.sessions[i].features]
            rooms = [r for r, room in enumerate(problem.rooms) if need <= room.features]
            if not users:
                continue
            room_minutes = sum(_room_minutes(problem, r, w) for r in rooms) // unit
            cp.add(sum(dur[i] * x[i, w.index] for i in users) <= room_minutes)
            # Sessions longer than half the window all hold its midpoint.
            longs = [i for i in users if 2 * dur[i] > length[w.index]]
            if len(longs) > 1:
                cp.add(sum(x[i, w.index] for i in longs) <= len(rooms))
        # A person's sessions in one window fit in its length.
        by_person: dict[str, list[int]] = {}
        for i in members:
            for person in set(problem.sessions[i].people):
                by_person.setdefault(person, []).append(i)
        for group in by_person.values():
            if sum(dur[i] for i in group) > length[w.index]:
                cp.add(sum(dur[i] * x[i, w.index] for i in group) <= length[w.index])

    weight = options.co_interest
    share = options.share_person
    objective = []
    for w in windows:
        members = [i for i in chosen if (i, w.index) in x]
        big_l = length[w.index]
        overlap_terms = []
        per_session: dict[int, list] = {i: [] for i in members}
        for i, j in itertools.combinations(members, 2):
            both = cp.new_bool_var("")
            cp.add_implication(both, x[i, w.index])
            cp.add_implication(both, x[j, w.index])
            cp.add_bool_or([x[i, w.index].Not(), x[j, w.index].Not(), both])
            cap = min(dur[i], dur[j])
            if share[i, j]:
                if dur[i] + dur[j] > big_l:
                    cp.add(both == 0)
                continue
            forced = dur[i] + dur[j] - big_l
            if forced > 0:
                conflict = both
            else:
                conflict = cp.new_bool_var("")
                cp.add_implication(conflict, both)
            minutes = cp.new_int_var(0, cap, "")
            cp.add(minutes <= cap * conflict)
            if forced > 0:
                cp.add(minutes >= forced * both)
            overlap_terms.append(minutes)
            per_session[i].append(minutes)
            per_session[j].append(minutes)
            if weight[i, j]:
                objective.append(int(weight[i, j]) * conflict)
        if not overlap_terms:
            continue
        total = sum(dur[i] * x[i, w.index] for i in members)
        rooms_here = sum(
            1 for r in range(len(problem.rooms)) if _room_minutes(problem, r, w)
        )
        # While a session runs, at most rooms-1 others run beside it.
        for i, terms in per_session.items():
            if terms:
                cp.add(sum(terms) <= (rooms_here - 1) * dur[i] * x[i, w.index])
        # The overlap integral: sum of pair overlaps >= k*D - L*k(k+1)/2.
        for k in range(1, max(2, rooms_here) + 1):
            cp.add(sum(overlap_terms) >= k * total - big_l * k * (k + 1) // 2)
    if not objective:
        return 0, True, len(chosen)
    cp.minimize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit_s)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    if on_bound is not None:
        solver.best_bound_callback = lambda value: on_bound(math.ceil(value - 1e-6))
    if stop is not None and stop.is_set():
        return 0, False, len(chosen)
    done = threading.Event()
    if stop is not None:
        threading.Thread(
            target=_stop_when_set, args=(stop, done, solver), daemon=True
        ).start()
    try:
        status = solver.solve(cp)
    finally:
        done.set()
    if status == cp_model.OPTIMAL:
        return round(solver.objective_value), True, len(chosen)
    if status == cp_model.FEASIBLE:
        return max(0, math.ceil(solver.best_objective_bound - 1e-6)), False, len(chosen)
    return 0, False, len(chosen)


def _break_window_symmetry(cp, x, problem: Problem, options: Options, chosen) -> None:
    """Number interchangeable windows by the order sessions first use them.

    Windows of one length, with the same room minutes and the same chosen sessions
    allowed, differ only by name inside the relaxation, so any solution can be
    relabelled so that the k-th such window is opened by a session before one that
    opens the (k+1)-th. This removes only relabelled copies, never a value.
    """
    classes: dict[tuple, list[int]] = {}
    for w in options.windows:
        allowed = tuple(i for i in chosen if (i, w.index) in x)
        minutes = tuple(_room_minutes(problem, r, w) for r in range(len(problem.rooms)))
        classes.setdefault((w.length, minutes, allowed), []).append(w.index)
    for (_, _, allowed), members in classes.items():
        if len(members) < 2:
            continue
        for m, i in enumerate(allowed):
            for k in range(1, len(members)):
                if k > m:
                    cp.add(x[i, members[k]] == 0)
                else:
                    earlier = [x[j, members[k - 1]] for j in allowed[:m]]
                    cp.add(x[i, members[k]] <= sum(earlier))


def _stop_when_set(
    stop: threading.Event, done: threading.Event, solver: cp_model.CpSolver
) -> None:
    while not done.is_set():
        if stop.wait(0.05):
            solver.stop_search()
            return


def _room_minutes(problem: Problem, r: int, window) -> int:
    room = problem.rooms[r]
    if room.availability is None:
        return window.length
    return sum(
        max(0, min(a.end, window.end) - max(a.start, window.start))
        for a in room.availability
        if a.day == window.day
    )


def heaviest_sessions(options: Options, count: int) -> list[int]:
    """The ``count`` sessions of most co-interest with all others, in index order."""
    weight = options.co_interest.astype(np.int64)
    total = weight.sum(axis=1) - np.diagonal(weight)
    return sorted(np.argsort(-total, kind="stable")[:count].tolist())


def heaviest_subproblem(
    problem: Problem, options: Options, count: int
) -> tuple[Problem, Options]:
    """The instance restricted to the ``count`` sessions of most co-interest.

    Every schedule of the whole instance, restricted to these sessions, is a
    schedule of the sub-instance with their conflicts among themselves, which are
    at most all its conflicts: any bound on the sub-instance bounds the whole.
    """
    chosen = heaviest_sessions(options, count)
    sub = dataclasses.replace(
        problem, sessions=tuple(problem.sessions[i] for i in chosen)
    )
    return sub, build_options(sub)


def _newer_schedules(
    problem: Problem,
    options: Options,
    latest: Callable[[], np.ndarray | None] | None,
) -> Callable[[], list[frozenset[int]]] | None:
    """The slot sets of the search's best schedule each time it has changed.

    A good schedule's sets are columns near the relaxation's optimum: they bring
    the restricted master down much faster than the pricing alone on large
    instances.
    """
    if latest is None:
        return None
    seen: list[np.ndarray | None] = [None]

    def newer() -> list[frozenset[int]]:
        choice = latest()
        if choice is None or choice is seen[0]:
            return []
        seen[0] = choice
        return schedule_sets(problem, options, choice)

    return newer


def heaviest_slot_bound(
    problem: Problem,
    options: Options,
    *,
    deadline: float,
    stop: threading.Event | None,
    raise_to: Callable[[int], None],
    schedule: np.ndarray | None,
    latest: Callable[[], np.ndarray | None] | None,
) -> None:
    """The slot relaxation over growing sets of the heaviest sessions.

    Each set's relaxation starts from the search's schedules restricted to the
    set (a session's placements do not depend on the others, so restricted
    choices are a schedule of the sub-instance); starting a larger set from a
    smaller one's columns made it slower (generate(scale=2), 200 sessions: 39 s
    or no convergence in 43 s, against 23 s from the schedule alone). Pairs
    inside the set and pairs inside a track outside it are disjoint, so the
    tracks' crowding outside the set adds to the set's bound.

    First the tracks' crowding with their heaviest pairs' tables, which proves
    more than the sets do where the tracks crowd (generate(scale=5): 20 430 in
    about 12 s, against 18 044 for the sets in a 60 s solve).
    """
    raise_to(
        cross_crowding_bound(
            problem, options, time_limit_s=max(0.1, deadline - time.monotonic())
        )
    )
    n = len(problem.sessions)
    count = SUBSET_SESSIONS
    while time.monotonic() < deadline and not (stop and stop.is_set()):
        chosen = heaviest_sessions(options, min(count, n))
        sub, sub_options = heaviest_subproblem(problem, options, len(chosen))
        picked = np.asarray(chosen, dtype=np.int64)
        inside = set(chosen)
        outside = [[i for i in g if i not in inside] for g in track_groups(problem)]
        rest = crowding_bound(problem, options, groups=outside, stop=stop)
        start = (
            schedule_sets(sub, sub_options, schedule[picked])
            if schedule is not None
            else []
        )

        def sub_latest(picked: np.ndarray = picked) -> np.ndarray | None:
            choice = latest() if latest is not None else None
            return None if choice is None else choice[picked]

        result = slot_bound(
            sub,
            sub_options,
            time_limit_s=deadline - time.monotonic(),
            start=start,
            stop=stop,
            on_bound=lambda sub_bound, rest=rest: raise_to(sub_bound + rest),
            more=_newer_schedules(sub, sub_options, sub_latest),
        )
        if not result.converged or len(chosen) == n:
            return
        count = len(chosen) + SUBSET_STEP


def _feed(
    process: subprocess.Popen,
    latest: Callable[[], np.ndarray | None] | None,
    halt: threading.Event,
) -> None:
    """Send the search's newer best schedules to the bound process: their slot
    sets are the columns that bring a large master down fastest."""
    sent = None
    try:
        while latest is not None and process.poll() is None:
            choice = latest()
            if choice is not None and choice is not sent:
                process.stdin.buffer.write(pickle.dumps(choice))
                process.stdin.flush()
                sent = choice
            if halt.wait(FEED_EVERY_S):
                break
        process.stdin.close()
    except (OSError, ValueError):
        # The process has ended or was killed: nothing more to send.
        return


def _heaviest_in_process(
    problem: Problem,
    schedule: np.ndarray | None,
    latest: Callable[[], np.ndarray | None] | None,
    *,
    deadline: float,
    stop: threading.Event | None,
    raise_to: Callable[[int], None],
) -> None:
    """``heaviest_slot_bound`` in a fresh interpreter (``bound_process``).

    Reading its lines waits outside the interpreter's lock, so the search beside
    this thread runs at full speed. The process is killed at a stop request or
    half a second after the deadline, whichever comes first.
    """
    remaining = max(0.1, deadline - time.monotonic())
    process = subprocess.Popen(
        [sys.executable, "-m", "microconf.scheduling.solver.bound_process"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    halt = stop if stop is not None else threading.Event()

    def kill_when_due() -> None:
        halt.wait(remaining + 0.5)
        if process.poll() is None:
            process.kill()

    killer = threading.Thread(target=kill_when_due, daemon=True)
    killer.start()
    try:
        process.stdin.buffer.write(
            pickle.dumps((problem, schedule, time.time() + remaining))
        )
        process.stdin.flush()
        feeder = threading.Thread(
            target=_feed, args=(process, latest, halt), daemon=True
        )
        feeder.start()
        for line in process.stdout:
            if halt.is_set():
                break
            raise_to(int(line))
    except (OSError, ValueError):
        # A killed or failed process proves nothing more; what it said stands.
        pass
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        # The feeder may have died on a broken pipe before closing stdin: close
        # both ends here, or the pipe's file is left for the collector.
        for pipe in (process.stdin, process.stdout):
            with contextlib.suppress(OSError, ValueError):
                pipe.close()


def lower_bound(
    problem: Problem,
    options: Options,
    previous: Mapping[str, Placement] | None = None,
    *,
    time_limit_s: float,
    workers: int = 1,
    seed: int = 0,
    on_bound: Callable[[int], None] | None = None,
    stop: threading.Event | None = None,
    partition: int | None = None,
    schedule: np.ndarray | None = None,
    latest: Callable[[], np.ndarray | None] | None = None,
) -> BoundResult:
    """Return a proven lower bound on the weighted objective.

    ``partition`` is the long-session partition bound when the caller has it;
    ``schedule`` (a placement index per session) gives the slot relaxation its
    first columns, and ``latest`` (the search's best schedule so far) more of them
    as the search finds better ones.
    """
    w = problem.weights
    overflow, moves = separable_floor(problem, options, previous)
    floor = w.overflow * overflow + (w.moves * moves if previous else 0)

    def result(conflicts: int, optimal: bool, used: int) -> BoundResult:
        return BoundResult(
            value=w.conflicts * conflicts + floor,
            conflicts=conflicts,
            overflow=overflow,
            moves=moves if previous else 0,
            sessions_used=used,
            relaxation_optimal=optimal,
        )

    def report(conflicts: int) -> None:
        if on_bound is not None:
            on_bound(w.conflicts * conflicts + floor)

    started = time.monotonic()
    best = 0

    def raise_to(conflicts: int) -> None:
        nonlocal best
        if conflicts > best:
            best = conflicts
            report(conflicts)

    # On a large instance a slot relaxation that has not beaten the partition
    # after GIVE_UP_SHARE of the time rarely does within it (generate(scale=2),
    # 60 s, under load: 292 at 56.7 s); the core goes to a second search instead.
    large = len(problem.sessions) >= LARGE_SESSIONS
    # The tracks' crowding first: under a second even at generate(scale=5),
    # where it is the strongest part (14 915 against the partition's 0).
    raise_to(crowding_bound(problem, options, stop=stop))
    # The long-session partition next: it is fast and often the strongest part.
    if partition is None:
        partition = partition_bound(
            problem, options, time_limit_s=min(time_limit_s, 20.0), on_bound=raise_to
        ).bound
    raise_to(partition)
    conflicts, optimal, used = best, False, len(long_sessions(options))
    if large:
        # Over all sessions the relaxation does not converge in a minute here;
        # over the heaviest ones it does, and proves most of it. At
        # generate(scale=5) it adds to the crowding (16 115 -> 18 044 in a 60 s
        # solve) without slowing the decomposed search beside it (33 150
        # conflicts against 33 095 without it), which runs in two processes.
        if len(problem.sessions) >= PROCESS_SESSIONS:
            _heaviest_in_process(
                problem,
                schedule,
                latest,
                deadline=started + time_limit_s,
                stop=stop,
                raise_to=raise_to,
            )
        else:
            heaviest_slot_bound(
                problem,
                options,
                deadline=started + time_limit_s,
                stop=stop,
                raise_to=raise_to,
                schedule=schedule,
                latest=latest,
            )
        return result(best, False, used)
    # The slot relaxation holds every session and is the strongest bound on the
    # shared instances (lpc-s1: 1913 against the partition's 707, in about 15 s).
    slots = slot_bound(
        problem,
        options,
        time_limit_s=time_limit_s - (time.monotonic() - started),
        start=schedule_sets(problem, options, schedule) if schedule is not None else (),
        stop=stop,
        on_bound=raise_to,
        # Below LARGE_SESSIONS it converges without them (lpc-s1: about 9 s).
        more=_newer_schedules(problem, options, latest) if large else None,
        beat=best,
        give_up_s=GIVE_UP_SHARE * time_limit_s if large else None,
    )
    if slots.bound > conflicts:
        conflicts, optimal, used = slots.bound, slots.converged, len(problem.sessions)
    elif large:
        # The weaker bounds below would not do better where this one gave up.
        return result(best, False, used)
    # The overlap-cover bound holds every session at once (``cover``); it is
    # skipped when a greedy solution of it shows it cannot beat the partition.
    cover = cover_bound(
        problem,
        options,
        time_limit_s=time_limit_s - (time.monotonic() - started),
        stop=stop,
        beat=best,
    )
    if cover.bound > best:
        raise_to(cover.bound)
        conflicts, optimal, used = best, cover.optimal, len(problem.sessions)
    subsets = _subsets(problem, options)
    if (cover.bound > 0 or partition > 0) and len(subsets[0]) < len(problem.sessions):
        # The window relaxation over subsets of the heaviest sessions has stayed
        # far below the cover bound and the partition wherever they ran
        # (medium-s1: 72-96 against 178; lpc-s1: about 100 in 45 s against 707):
        # leave the core to the search.
        subsets = []
    # Growing subsets of the heaviest sessions while each relaxation is solved to
    # optimality: every subset's bound is valid, a larger one is usually stronger.
    # When even the smallest subset is not solved in FIRST_SUBSET_SHARE of the time,
    # the larger ones will not be either: stop and leave the core to the search.
    for index, chosen in enumerate(subsets):
        rest = time_limit_s - (time.monotonic() - started)
        if rest <= 0.1 or (stop and stop.is_set()):
            break
        if index == 0 and len(subsets) > 1:
            rest = min(rest, max(2.0, FIRST_SUBSET_SHARE * time_limit_s))
        window, optimal, used = conflict_bound(
            problem,
            options,
            time_limit_s=rest,
            workers=workers,
            seed=seed,
            on_bound=raise_to,
            stop=stop,
            chosen=chosen,
        )
        raise_to(window)
        conflicts = max(conflicts, window)
        if not optimal:
            break
    conflicts = max(conflicts, best)
    return result(conflicts, optimal, used)

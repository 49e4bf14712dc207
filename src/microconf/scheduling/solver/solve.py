"""The solver's entry point: pre-checks, greedy start, annealing and the bound.

Steps of ``solve``:

1. the legal placements of every session are enumerated (``placements``) and
   cheap pre-checks name rules about one session or pin that cannot hold;
2. a greedy construction places every session, starting from the previous schedule
   when there is one; if it gets stuck, an ejection repair tries, then the counting
   pre-checks (``explain``), then the exact CP-SAT model, which finds a valid
   schedule or proves there is none and names sessions that cannot coexist;
3. the long-session partition (``partition``) gives a first conflict bound;
4. simulated annealing (``annealing``, compiled in ``kernel``) improves the
   schedule while, in a second thread, the slot relaxation (``slots``), the
   overlap cover and the window relaxation raise the bound (``bound``); a
   second annealing run in its own process takes the core the bound leaves.
   From DECOMPOSE_SESSIONS on the search is decomposed (``decompose``): the
   first part of the cooling moves sessions anywhere, the rest keeps every
   session's window and anneals two groups of windows at once, one per
   process, and puts the two halves together;
5. the answer is scored again by the independent checker (``check``).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping

import numpy as np

from microconf.scheduling.solver import check, exact, explain
from microconf.scheduling.solver.annealing import Arrays, anneal_rounds
from microconf.scheduling.solver.bound import lower_bound, separable_floor
from microconf.scheduling.solver.decompose import merge, restrict, window_groups
from microconf.scheduling.solver.model import (
    Placement,
    Problem,
    Progress,
    Solution,
    Status,
)
from microconf.scheduling.solver.partition import partition_bound
from microconf.scheduling.solver.placements import build_options
from microconf.scheduling.solver.search import (
    SearchConfig,
    State,
    construct,
    repair,
)

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[Progress], None]
# A second annealing process pays for its start (a fresh interpreter) only on runs
# this long and instances this large.
HELPER_MIN_TIME_S = 20.0
HELPER_MIN_SESSIONS = 40
HELPER_SEED_OFFSET = 104_729
END_MARGIN_S = 0.4
END_MARGIN_SHARE = 0.04
HELPER_MIN_REMAINING_S = 10.0
HELPER_TEMPERATURE_DIVISOR = 4.0
# From this many sessions on, the long-session partition runs beside the search.
PARTITION_IN_THREAD_SESSIONS = 200
# From this many sessions on (where the bound thread leaves its core at once) the
# search is decomposed by windows after this share of its time.
DECOMPOSE_SESSIONS = 600
DECOMPOSE_AT_SHARE = 0.5
DECOMPOSE_SEED_OFFSET = 15_485_863


def _gap(total: int, bound: int) -> float:
    if total <= 0:
        return 0.0
    return max(0.0, (total - bound) / total)


def _infeasible(started: float, explanation: list[str], bound: int = 0) -> Solution:
    return Solution(
        status=Status.INFEASIBLE,
        assignment={},
        objective=None,
        bound=bound,
        gap=None,
        time_to_first_feasible=None,
        time_to_best=None,
        wall_time=time.monotonic() - started,
        explanation=tuple(explanation),
    )


class _Tracker:
    """Shared incumbent and bound between the search and the bound thread."""

    def __init__(
        self,
        started: float,
        progress: ProgressCallback | None,
        time_limit_s: float = 0.0,
    ) -> None:
        self.started = started
        self.time_limit_s = time_limit_s
        self.history: list[tuple[float, int]] = []
        self.progress = progress
        self.lock = threading.Lock()
        self.bound = 0
        self.incumbent: int | None = None
        self.conflicts: int | None = None
        self.time_to_best: float | None = None
        self.best_choice: np.ndarray | None = None
        self.last_report = 0.0

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def raise_bound(self, value: int) -> None:
        with self.lock:
            if value <= self.bound:
                return
            self.bound = value
        self.report(force=True)

    def improve(self, state: State) -> None:
        with self.lock:
            self.incumbent = state.total()
            self.conflicts = state.conflicts
            self.time_to_best = self.elapsed()
            self.history.append((self.time_to_best, self.incumbent))
            self.best_choice = state.snapshot()
        self.report()

    def report(self, *, force: bool = False) -> None:
        if self.progress is None:
            return
        now = self.elapsed()
        if not force and now - self.last_report < 0.2:
            return
        self.last_report = now
        with self.lock:
            snapshot = Progress(
                elapsed=now,
                incumbent=self.incumbent,
                attendee_conflicts=self.conflicts,
                bound=self.bound,
                budget_used=min(1.0, now / self.time_limit_s)
                if self.time_limit_s > 0
                else 0.0,
            )
        self.progress(snapshot)

    def best(self) -> np.ndarray | None:
        """The best schedule so far (a new array each time it improves)."""
        with self.lock:
            return self.best_choice

    def proven(self) -> bool:
        return self.incumbent is not None and self.incumbent <= self.bound


def solve(
    problem: Problem,
    *,
    previous: Mapping[str, Placement] | None = None,
    time_limit_s: float = 60.0,
    seed: int = 0,
    workers: int = 1,
    search_workers: int | None = None,
    progress: ProgressCallback | None = None,
    config: SearchConfig | None = None,
    moves: int | None = None,
) -> Solution:
    """Return the best schedule found within the time limit, with a proven bound.

    ``previous`` is kept where it still holds and every session placed elsewhere
    costs ``problem.weights.moves``. ``workers`` is the number of CP-SAT workers
    of the bound. With ``search_workers`` above one a second annealing run starts
    at once in its own process, from the best schedule so far with another seed,
    and the better schedule is kept. By default (None) the second run starts only
    when the bound thread has finished early (its core is free), the machine has
    two cores, the run is at least HELPER_MIN_TIME_S long, the instance has at
    least HELPER_MIN_SESSIONS sessions and there is no previous schedule.
    ``moves`` makes the run reproducible: the annealing makes exactly that many
    moves (one run, no second process) and the schedule depends only on the seed,
    unless the time limit cuts it first.
    """
    if moves is not None and moves < 1:
        raise ValueError(f"a move budget is a whole number above 0, not {moves}")
    started = time.monotonic()
    # The search and the bound stop a little early: stopping CP-SAT, joining the
    # threads and the checker's recount must fit in the time limit too.
    deadline = (
        started + time_limit_s - min(END_MARGIN_S, END_MARGIN_SHARE * time_limit_s)
    )
    options = build_options(problem)
    problems = explain.precheck_local(problem, options)
    if problems:
        return _infeasible(started, problems)
    tracker = _Tracker(started, progress, time_limit_s)
    overflow_floor, moves_floor = separable_floor(problem, options, previous)
    w = problem.weights
    floor = w.overflow * overflow_floor + (w.moves * moves_floor if previous else 0)
    tracker.raise_bound(floor)

    state = State(problem, options, previous)
    stuck = construct(state, previous)
    if stuck:
        stuck = repair(state, stuck)
    if stuck:
        problems = explain.precheck_capacity(problem, options)
        if problems:
            return _infeasible(started, problems)
        logger.info("greedy left %d sessions unplaced; asking CP-SAT", len(stuck))
        found = exact.find_schedule(
            problem,
            options,
            time_limit_s=max(0.5, deadline - time.monotonic()),
            workers=workers,
            seed=seed,
        )
        if found.status == Status.INFEASIBLE:
            return _infeasible(started, list(found.explanation))
        if found.choice is None:
            return Solution(
                status=Status.UNKNOWN,
                assignment={},
                objective=None,
                bound=tracker.bound,
                gap=None,
                time_to_first_feasible=None,
                time_to_best=None,
                wall_time=time.monotonic() - started,
                explanation=(
                    "No valid schedule was found in the time limit, and none was "
                    "proven impossible either.",
                ),
            )
        state.restore(found.choice)
    time_to_first = tracker.elapsed()
    tracker.improve(state)

    # The long-session partition gives a bound at once. Its grouping of the long
    # sessions is not used as a start: it spreads the blocks over windows to
    # minimise block-to-block conflicts, which costs more in blocks against talks
    # (lpc-s1, 60 s, seeds 0 and 1: 2106 and 2163 from it, 2089 and 2048 without).
    # On large instances it runs in the bound thread instead: there it takes
    # seconds the search needs (generate(scale=5): up to 18 s of a 60 s run,
    # which let the greedy + annealing baseline alone end ahead of the solver).
    partition: int | None = None
    if len(problem.sessions) < PARTITION_IN_THREAD_SESSIONS:
        partition = partition_bound(
            problem,
            options,
            time_limit_s=min(20.0, 0.3 * time_limit_s),
            on_bound=lambda c: tracker.raise_bound(w.conflicts * c + floor),
        ).bound
        tracker.raise_bound(w.conflicts * partition + floor)

    stop = threading.Event()
    search_config = dataclasses.replace(config or SearchConfig(), seed=seed)
    two = moves is None and _want_helper(
        problem, previous, time_limit_s, search_workers
    )
    decomposed = two and len(problem.sessions) >= DECOMPOSE_SESSIONS
    helpers = _Helpers(
        problem, search_config, deadline, tracker, wanted=two and not decomposed
    )
    bound_thread = threading.Thread(
        target=_raise_bound,
        kwargs={
            "problem": problem,
            "options": options,
            "previous": previous,
            "time_limit_s": max(0.1, deadline - time.monotonic()),
            "workers": workers,
            "seed": seed,
            "tracker": tracker,
            "stop": stop,
            "partition": partition,
            "schedule": state.snapshot(),
            "latest": tracker.best,
            "on_done": helpers.bound_done,
        },
        daemon=True,
    )
    bound_thread.start()
    helpers.open(
        eager=not decomposed and search_workers is not None and search_workers > 1
    )
    if decomposed:
        _decomposed_search(problem, state, search_config, deadline, tracker)
    else:
        anneal_rounds(
            state,
            search_config,
            deadline,
            moves=moves,
            on_improvement=tracker.improve,
            # Stopping when the bound meets the incumbent depends on the bound's
            # clock; a run with a move budget makes all its moves instead.
            should_stop=tracker.proven if moves is None else None,
        )
    helpers.finish(state)
    if not tracker.proven():
        # The bound may still be working; let it use the time the search left.
        bound_thread.join(timeout=max(0.0, deadline - time.monotonic()))
    stop.set()
    # CP-SAT stops within a few milliseconds once it is searching, but building a
    # relaxation or presolving it can take longer on a loaded machine: wait only
    # until the time limit, then report the bound proven so far. A thread still
    # building stops its solve as soon as it starts (the stop event is set).
    bound_thread.join(
        timeout=max(0.05, started + time_limit_s - time.monotonic() - 0.1)
    )

    assignment = state.assignment()
    objective = check.objective(problem, assignment, previous)
    bound = tracker.bound
    if bound > objective.total:
        logger.error("bound %d exceeds the objective %d", bound, objective.total)
    status = Status.OPTIMAL if objective.total <= bound else Status.FEASIBLE
    return Solution(
        status=status,
        assignment=assignment,
        objective=objective,
        bound=bound,
        gap=_gap(objective.total, bound),
        time_to_first_feasible=time_to_first,
        time_to_best=tracker.time_to_best,
        wall_time=tracker.elapsed(),
        history=tuple(tracker.history),
    )


def _decomposed_search(
    problem: Problem,
    state: State,
    config: SearchConfig,
    deadline: float,
    tracker: _Tracker,
) -> None:
    """One cooling, its first part over the whole instance, the rest by windows.

    While hot, the annealing moves sessions between windows; from
    DECOMPOSE_AT_SHARE of the time on, every session keeps its window and the
    windows are cut into two groups of about as many sessions, annealed at once:
    one in a second process, one here. Each sees the other group's sessions as
    pinned, so each half is valid and the two put together are too (windows
    never share an instant), with the sum of both halves' gains.
    """
    now = time.monotonic()
    split = now + DECOMPOSE_AT_SHARE * max(0.0, deadline - now)
    hot, cold = config.start_temperature, config.end_temperature
    middle = hot * (cold / hot) ** DECOMPOSE_AT_SHARE
    anneal_rounds(
        state,
        dataclasses.replace(config, end_temperature=middle),
        split,
        on_improvement=tracker.improve,
        should_stop=tracker.proven,
    )
    cooler = dataclasses.replace(config, start_temperature=middle)
    groups = window_groups(state, 2)
    if len(groups) < 2 or deadline - time.monotonic() < HELPER_MIN_REMAINING_S / 2:
        anneal_rounds(
            state,
            cooler,
            deadline,
            on_improvement=tracker.improve,
            should_stop=tracker.proven,
        )
        return
    base = state.snapshot()
    helper = _Helper(problem, base, cooler, deadline, tracker, windows=groups[1])
    anneal_rounds(
        state,
        dataclasses.replace(cooler, seed=config.seed + DECOMPOSE_SEED_OFFSET),
        deadline,
        on_improvement=tracker.improve,
        should_stop=tracker.proven,
        arrays=restrict(Arrays(state), state, groups[0]),
    )
    helper.finish(state, base=base, groups=groups)


def _want_helper(
    problem: Problem,
    previous: Mapping[str, Placement] | None,
    time_limit_s: float,
    search_workers: int | None,
) -> bool:
    if search_workers is None:
        search_workers = min(2, os.cpu_count() or 1)
        if time_limit_s < HELPER_MIN_TIME_S or previous:
            return False
        if len(problem.sessions) < HELPER_MIN_SESSIONS:
            return False
    return search_workers > 1


class _Helpers:
    """When and whether a second annealing run starts, and taking its answer.

    By default it starts once the bound thread is done (its core is then free),
    from the best schedule so far and cooler than a fresh run, if at least
    HELPER_MIN_REMAINING_S remain; asked for explicitly, it starts at once.
    """

    def __init__(
        self,
        problem: Problem,
        config: SearchConfig,
        deadline: float,
        tracker: _Tracker,
        *,
        wanted: bool,
    ) -> None:
        self.problem = problem
        self.config = config
        self.deadline = deadline
        self.tracker = tracker
        self.wanted = wanted
        self.lock = threading.Lock()
        self.closed = True
        self.helper: _Helper | None = None

    def open(self, *, eager: bool) -> None:
        with self.lock:
            self.closed = False
        if eager:
            self._start()

    def bound_done(self) -> None:
        if time.monotonic() < self.deadline - HELPER_MIN_REMAINING_S:
            self._start()

    def _start(self) -> None:
        with self.lock:
            if self.closed or self.helper is not None or not self.wanted:
                return
            with self.tracker.lock:
                start = self.tracker.best_choice
            if start is None:
                return
            config = dataclasses.replace(
                self.config,
                start_temperature=self.config.start_temperature
                / HELPER_TEMPERATURE_DIVISOR,
            )
            self.helper = _Helper(
                self.problem, start, config, self.deadline, self.tracker
            )

    def finish(self, state: State) -> None:
        with self.lock:
            self.closed = True
            helper = self.helper
        if helper is not None:
            helper.finish(state)


class _Helper:
    """A second annealing run, in its own process, from the same start.

    It uses another seed, so the two runs explore differently; the better of the
    two schedules is kept (the main run's on a tie), which stays deterministic for
    a fixed seed as long as each run finishes its planned moves. The process is a
    fresh interpreter running ``annealing_process``, fed by pickles over its pipes, so
    the caller's main module is never imported again.
    """

    def __init__(
        self,
        problem: Problem,
        start: np.ndarray,
        config: SearchConfig,
        deadline: float,
        tracker: _Tracker,
        *,
        windows: list[int] | None = None,
    ) -> None:
        self.tracker = tracker
        self.deadline = deadline
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "microconf.scheduling.solver.annealing_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        job = (
            problem,
            start,
            dataclasses.replace(config, seed=config.seed + HELPER_SEED_OFFSET),
            # The end of the run on the wall clock, which both processes share.
            time.time() + max(0.1, deadline - time.monotonic()),
            windows,
        )
        self.output: list[bytes] = []
        # Write the job and read the answer in a thread, so a full pipe never
        # blocks the search.
        self.reader = threading.Thread(target=self._talk, args=(job,), daemon=True)
        self.reader.start()

    def _talk(self, job) -> None:
        try:
            self.process.stdin.write(pickle.dumps(job))
            self.process.stdin.close()
            self.output.append(self.process.stdout.read())
        except OSError:
            pass

    def finish(
        self,
        state: State,
        *,
        base: np.ndarray | None = None,
        groups: list[list[int]] | None = None,
    ) -> None:
        """Take the helper's schedule if it beats the state's; stop the helper.

        With ``groups`` (the helper searched the second, the state the first,
        both from ``base``) the two halves are put together first.
        """
        if not self.tracker.proven():
            # It ends 0.3 s before the deadline; a helper slower than that is
            # dropped rather than let the solver overrun its time limit.
            self.reader.join(timeout=max(0.0, self.deadline - time.monotonic()) + 0.5)
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.reader.join(timeout=1.0)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None and not pipe.closed:
                pipe.close()
        try:
            # The only writer is the helper process this solver started.
            choice, total, found_at = pickle.loads(self.output[0])  # noqa: S301
        except (IndexError, EOFError, pickle.UnpicklingError, ValueError):
            # Too slow for the deadline or failed: the main run's schedule stands.
            logger.warning(
                "the second search gave no schedule (exit code %s)",
                self.process.returncode,
            )
            return
        logger.info("second search: %d, first: %d", total, state.total())
        if groups is not None and base is not None:
            choice, total = _best_merge(state, base, groups, choice)
        if total < state.total():
            state.restore(choice)
            self.tracker.improve(state)
            with self.tracker.lock:
                # The helper started its clock when its process did.
                self.tracker.time_to_best = (
                    self.started - self.tracker.started + found_at
                )
                self.tracker.history[-1] = (self.tracker.time_to_best, total)


def _best_merge(
    state: State, base: np.ndarray, groups: list[list[int]], other: np.ndarray
) -> tuple[np.ndarray, int]:
    """The better of the two halves put together and the second half alone.

    Conflicts, overflow and moves add up over the halves; only the track-rooms
    term can make the merge worse than one half, so it is scored again.
    """
    mine = state.snapshot()
    merged = merge(base, state, [(groups[0], mine), (groups[1], other)])
    best: tuple[np.ndarray, int] | None = None
    for candidate in (merged, other):
        state.restore(candidate)
        if best is None or state.total() < best[1]:
            best = (candidate, state.total())
    state.restore(mine)
    return best


def _raise_bound(*, tracker: _Tracker, on_done: Callable[[], None], **kwargs) -> None:
    result = lower_bound(on_bound=tracker.raise_bound, **kwargs)
    tracker.raise_bound(result.value)
    on_done()

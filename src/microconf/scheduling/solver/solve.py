"""The solver's entry point: pre-checks, greedy start, annealing and the bound.

Steps of ``solve``:

1. the legal placements of every session are enumerated (``placements``) and
   cheap pre-checks name rules about one session or pin that cannot hold;
2. a greedy construction places every session, starting from the previous schedule
   when there is one; if it gets stuck, an ejection repair tries, then the counting
   pre-checks (``explain``), then the exact CP-SAT model, which finds a valid
   schedule or proves there is none and names sessions that cannot coexist;
3. the long-session partition (``partition``) gives a bound and a grouping of the
   microconference blocks that seeds a second greedy start;
4. simulated annealing improves the schedule (in rounds on small instances) while,
   in a second thread, CP-SAT raises the window-relaxation bound (``bound``);
5. the answer is scored again by the independent checker (``check``).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Mapping

from microconf.scheduling.solver import check, exact, explain
from microconf.scheduling.solver.bound import lower_bound, separable_floor
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
    anneal,
    construct,
    repair,
)

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[Progress], None]
ROUND_MOVES_PER_SESSION = 10_000


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

    def __init__(self, started: float, progress: ProgressCallback | None) -> None:
        self.started = started
        self.progress = progress
        self.lock = threading.Lock()
        self.bound = 0
        self.incumbent: int | None = None
        self.conflicts: int | None = None
        self.time_to_best: float | None = None
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
            )
        self.progress(snapshot)

    def proven(self) -> bool:
        return self.incumbent is not None and self.incumbent <= self.bound


def solve(
    problem: Problem,
    *,
    previous: Mapping[str, Placement] | None = None,
    time_limit_s: float = 60.0,
    seed: int = 0,
    workers: int = 1,
    progress: ProgressCallback | None = None,
    config: SearchConfig | None = None,
) -> Solution:
    """Return the best schedule found within the time limit, with a proven bound.

    ``previous`` is kept where it still holds and every session placed elsewhere
    costs ``problem.weights.moves``. ``workers`` is the number of CP-SAT workers
    of the bound (the annealing runs beside them in one thread).
    """
    started = time.monotonic()
    deadline = started + time_limit_s
    options = build_options(problem)
    problems = explain.precheck_local(problem, options)
    if problems:
        return _infeasible(started, problems)
    tracker = _Tracker(started, progress)
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

    # The long-session partition gives both a bound and a layout of the long
    # sessions with the fewest block-to-block conflicts to start the search from.
    partition = partition_bound(
        problem,
        options,
        time_limit_s=min(20.0, 0.3 * time_limit_s),
        on_bound=lambda c: tracker.raise_bound(w.conflicts * c + floor),
    )
    tracker.raise_bound(w.conflicts * partition.bound + floor)
    if partition.windows and not previous:
        seeded = State(problem, options, previous)
        if not construct(seeded, previous, partition.windows):
            state = seeded
            tracker.improve(state)

    stop = threading.Event()
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
            "partition": partition.bound,
        },
        daemon=True,
    )
    bound_thread.start()
    search_config = dataclasses.replace(config or SearchConfig(), seed=seed)
    # A small instance needs fewer moves than the time allows: anneal in rounds of
    # about ROUND_MOVES_PER_SESSION moves per session, each from the best so far
    # with a new seed, until the time is up or the bound proves the incumbent.
    round_s = (
        ROUND_MOVES_PER_SESSION
        * len(problem.sessions)
        / max(1, search_config.iterations_per_second)
    )
    round_index = 0
    while not tracker.proven():
        remaining = deadline - time.monotonic() - 0.05
        if remaining <= 0.05:
            break
        budget = remaining if remaining < 2 * round_s else round_s
        best = anneal(
            state,
            time_limit_s=budget,
            config=dataclasses.replace(search_config, seed=seed + 7919 * round_index),
            on_improvement=tracker.improve,
            should_stop=tracker.proven,
        )
        state.restore(best)
        round_index += 1
    if not tracker.proven():
        # The bound may still be working; let it use the time the search left.
        bound_thread.join(timeout=max(0.0, deadline - time.monotonic()))
    stop.set()
    bound_thread.join()

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
    )


def _raise_bound(*, tracker: _Tracker, **kwargs) -> None:
    result = lower_bound(on_bound=tracker.raise_bound, **kwargs)
    tracker.raise_bound(result.value)

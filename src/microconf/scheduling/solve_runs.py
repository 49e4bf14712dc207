"""Solving a conference's schedule into its draft, from the console or the worker."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from microconf.conference.models import Conference
from microconf.scheduling import drafts
from microconf.scheduling.models import ACTIVE_STATES, SolveRun
from microconf.scheduling.problem import ConferenceProblem, build, published_slots
from microconf.scheduling.solver.check import moves, violations
from microconf.scheduling.solver.command import summary
from microconf.scheduling.solver.model import Progress, Solution
from microconf.scheduling.solver.solve import solve

ProgressSink = Callable[[Progress], None]
__all__ = ["ACTIVE_STATES", "expire_stale", "open_run", "run", "solve_conference"]
expire_stale = drafts.expire_stale


def solve_conference(
    conference: Conference,
    *,
    time_limit: float,
    seed: int = 0,
    progress: ProgressSink | None = None,
    keep_release: bool = True,
) -> tuple[ConferenceProblem, Solution, dict]:
    """Solve the conference and write the answer into its draft.

    With ``keep_release``, sessions already released count as moved when placed
    elsewhere (a minimal-change re-solve); otherwise the solve starts afresh. An
    infeasible problem, or an answer the checker faults, leaves the draft as it
    was and the figures say so (``written``). ``moves`` counts the sessions placed
    away from the latest release either way.
    """
    problem = build(conference)
    released = None
    if conference.releases.exists():
        released = problem.assignment_of(published_slots(conference)) or None
    solution = solve(
        problem.solver_problem,
        previous=released if keep_release else None,
        time_limit_s=time_limit,
        seed=seed,
        progress=progress,
    )
    broken = (
        violations(problem.solver_problem, solution.assignment)
        if solution.assignment
        else []
    )
    figures = summary(solution, len(broken))
    figures["sessions"] = len(problem.solver_problem.sessions)
    figures["attendees"] = problem.solver_problem.attendee_count
    figures["explanation"] = [
        drafts.humanise(problem, line) for line in solution.explanation
    ]
    figures["keep_release"] = keep_release
    figures["written"] = bool(solution.assignment) and not broken
    if solution.assignment:
        figures["moves"] = moves(problem.solver_problem, solution.assignment, released)
    if figures["written"]:
        drafts.write(conference, problem.slots_of(dict(solution.assignment)))
    return problem, solution, figures


class _ProgressWriter:
    """Keeps the latest progress and writes it to the run's row once a second.

    The solver reports from its own threads; only this writer's thread touches the
    database, with its own connection, closed when it stops.
    """

    def __init__(
        self, run_id: int, time_limit: float, also: ProgressSink | None = None
    ) -> None:
        self.run_id = run_id
        self.time_limit = time_limit
        self.also = also
        self.latest: Progress | None = None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def __call__(self, update: Progress) -> None:
        self.latest = update
        if self.also is not None:
            self.also(update)

    def _write(self) -> None:
        update = self.latest
        if update is None:
            return
        SolveRun.objects.filter(pk=self.run_id).update(
            progress={
                "elapsed": round(update.elapsed, 1),
                "time_limit": self.time_limit,
                "objective": update.incumbent,
                "attendee_conflicts": update.attendee_conflicts,
                "bound": update.bound,
            }
        )

    def _loop(self) -> None:
        try:
            while not self.stop.wait(1.0):
                self._write()
        finally:
            connection.close()

    def __enter__(self) -> _ProgressWriter:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join()


def open_run(
    conference: Conference, *, by: object | None, time_limit: int, keep_release: bool
) -> SolveRun:
    """Record a new queued run; refuse while another is queued or running.

    The one rule of one solve at a time, for the board and the console alike. The
    conference row is locked, as changes by hand lock it (``drafts._may_change``).
    """
    with transaction.atomic():
        Conference.objects.select_for_update().get(pk=conference.pk)
        running = drafts.solve_under_way(conference)
        if running is not None:
            raise ValidationError(
                "A solve is already running for this conference "
                f"({running.get_state_display().lower()}, started "
                f"{running.created:%Y-%m-%d %H:%M} UTC); wait for it to finish.",
                code="solving",
            )
        return SolveRun.objects.create(
            conference=conference,
            requested_by=by if getattr(by, "is_authenticated", False) else None,
            time_limit=time_limit,
            keep_release=keep_release,
        )


def run(run_id: int, *, seed: int = 0, progress: ProgressSink | None = None) -> str:
    """Carry out one queued solve run; return its final state.

    The worker's task and the console command both end here. A run that writes
    no draft (infeasible input) ends as ``infeasible`` with the solver's
    explanation; one whose answer the checker faults ends as ``failed``.
    """
    with transaction.atomic():
        solve_run = SolveRun.objects.select_for_update().get(pk=run_id)
        if solve_run.state != SolveRun.State.QUEUED:
            return solve_run.state  # already done by an earlier attempt
        solve_run.state = SolveRun.State.RUNNING
        solve_run.save(update_fields=["state"])
    started = time.monotonic()
    try:
        with _ProgressWriter(run_id, solve_run.time_limit, progress) as writer:
            _, _, figures = solve_conference(
                solve_run.conference,
                time_limit=solve_run.time_limit,
                seed=seed,
                progress=writer,
                keep_release=solve_run.keep_release,
            )
    except Exception as error:
        SolveRun.objects.filter(pk=run_id).update(
            state=SolveRun.State.FAILED,
            result={"error": f"The solver stopped: {error}"},
            finished=timezone.now(),
        )
        raise
    figures["elapsed"] = round(time.monotonic() - started, 1)
    if figures["written"]:
        state = SolveRun.State.FINISHED
    elif figures["hard_violations"]:
        state = SolveRun.State.FAILED
        figures["error"] = (
            f"The solver's schedule broke {figures['hard_violations']} rule(s); "
            "nothing was written."
        )
    else:
        state = SolveRun.State.INFEASIBLE
    SolveRun.objects.filter(pk=run_id).update(
        state=state, result=figures, finished=timezone.now()
    )
    return state

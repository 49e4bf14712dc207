"""Solving a conference's schedule into its draft, from the console or the worker."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from microconf.conference.models import Conference
from microconf.scheduling import drafts
from microconf.scheduling.models import SolveRun
from microconf.scheduling.problem import Bridge, build, published_slots
from microconf.scheduling.solver.check import violations
from microconf.scheduling.solver.command import summary
from microconf.scheduling.solver.model import Progress, Solution
from microconf.scheduling.solver.solve import solve

ProgressSink = Callable[[Progress], None]
ACTIVE_STATES = (SolveRun.State.QUEUED, SolveRun.State.RUNNING)


def solve_conference(
    conference: Conference,
    *,
    time_limit: float,
    seed: int = 0,
    progress: ProgressSink | None = None,
    keep_release: bool = True,
) -> tuple[Bridge, Solution, dict]:
    """Solve the conference and write the answer into its draft.

    With ``keep_release``, sessions already released count as moved when placed
    elsewhere (a minimal-change re-solve); otherwise the solve starts afresh. An
    infeasible problem leaves the draft as it was.
    """
    bridge = build(conference)
    previous = None
    if keep_release and conference.releases.exists():
        previous = bridge.assignment_of(published_slots(conference)) or None
    solution = solve(
        bridge.problem,
        previous=previous,
        time_limit_s=time_limit,
        seed=seed,
        progress=progress,
    )
    broken = (
        violations(bridge.problem, solution.assignment) if solution.assignment else []
    )
    figures = summary(solution, len(broken))
    figures["sessions"] = len(bridge.problem.sessions)
    figures["attendees"] = bridge.problem.attendee_count
    figures["explanation"] = [
        drafts.humanise(bridge, line) for line in solution.explanation
    ]
    if solution.assignment and not broken:
        drafts.write(conference, bridge.slots_of(dict(solution.assignment)))
    return bridge, solution, figures


class _ProgressWriter:
    """Keeps the latest progress and writes it to the run's row once a second.

    The solver reports from its own threads; only this writer's thread touches the
    database, with its own connection, closed when it stops.
    """

    def __init__(self, run_id: int, time_limit: float) -> None:
        self.run_id = run_id
        self.time_limit = time_limit
        self.latest: Progress | None = None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def __call__(self, update: Progress) -> None:
        self.latest = update

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

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


# A run still active this long after its time limit lost its worker (killed,
# restarted); marking it failed lets organisers start another.
GRACE = dt.timedelta(minutes=10)


def expire_stale(conference: Conference) -> int:
    """Mark runs whose worker vanished as failed; return how many."""
    now = timezone.now()
    stale = [
        run.pk
        for run in conference.solve_runs.filter(state__in=ACTIVE_STATES)
        if run.created + dt.timedelta(seconds=run.time_limit) + GRACE < now
    ]
    return SolveRun.objects.filter(pk__in=stale).update(
        state=SolveRun.State.FAILED,
        result={
            "error": "The worker stopped before it finished; start the solve again."
        },
        finished=now,
    )


def run(run_id: int) -> str:
    """Carry out one queued solve run (the worker's task); return its final state."""
    with transaction.atomic():
        solve_run = SolveRun.objects.select_for_update().get(pk=run_id)
        if solve_run.state != SolveRun.State.QUEUED:
            return solve_run.state  # already done by an earlier attempt
        solve_run.state = SolveRun.State.RUNNING
        solve_run.save(update_fields=["state"])
    started = time.monotonic()
    try:
        with _ProgressWriter(run_id, solve_run.time_limit) as writer:
            _, _, figures = solve_conference(
                solve_run.conference,
                time_limit=solve_run.time_limit,
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
    SolveRun.objects.filter(pk=run_id).update(
        state=SolveRun.State.FINISHED, result=figures, finished=timezone.now()
    )
    return SolveRun.State.FINISHED

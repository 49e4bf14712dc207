"""The draft schedule: what the solver proposes and organisers adjust by hand.

Nothing here is public: ``services.release_schedule`` copies the draft onto the
contributions, which is what every public page reads.

While a solve is queued or running it owns the draft (it overwrites the draft when
it ends), so every change by hand is refused until it ends: ``_may_change`` is the
one place that says so.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from microconf.audit.services import record
from microconf.clock import hhmm
from microconf.conference.models import Conference
from microconf.people.models import Person
from microconf.scheduling import unit_ids
from microconf.scheduling.models import (
    ACTIVE_STATES,
    Availability,
    DraftSlot,
    SolveRun,
)
from microconf.scheduling.move_checks import RuleBreak, Verdict, judge, rule_breaks_of
from microconf.scheduling.problem import (
    ConferenceProblem,
    Slot,
    build,
    draft_slots,
    published_slots,
)
from microconf.scheduling.solver.model import Placement

EDIT = "scheduling.edit_draft"
_TOKEN = re.compile(r"\b(mc-\d+|c-\d+|r\d+|p\d+)\b")


# A run still active this long after its time limit lost its worker (killed,
# restarted); marking it failed lets organisers start another and edit again.
GRACE = dt.timedelta(minutes=10)


LOST = "The worker stopped before it finished; start the solve again."


def is_lost(run: SolveRun, now: dt.datetime) -> bool:
    """Whether an active run outlived its time limit and the grace: its worker left."""
    return (
        run.is_active
        and run.created + dt.timedelta(seconds=run.time_limit) + GRACE < now
    )


def expire_stale(conference: Conference) -> int:
    """Mark runs whose worker vanished as failed; return how many.

    Only changes call this (a solve, a move): pages show a lost run as failed
    through ``as_seen`` without writing.
    """
    now = timezone.now()
    stale = [
        run.pk
        for run in conference.solve_runs.filter(state__in=ACTIVE_STATES)
        if is_lost(run, now)
    ]
    return SolveRun.objects.filter(pk__in=stale).update(
        state=SolveRun.State.FAILED, result={"error": LOST}, finished=now
    )


def as_seen(run: SolveRun | None) -> SolveRun | None:
    """The run as a page shows it: a lost one as failed, in memory only."""
    now = timezone.now()
    if run is None or not is_lost(run, now):
        return run
    shown = copy.copy(run)
    shown.state, shown.result, shown.finished = (
        SolveRun.State.FAILED,
        {"error": LOST},
        now,
    )
    return shown


def solve_under_way(conference: Conference) -> SolveRun | None:
    """The conference's queued or running solve, if any (stale ones expire first)."""
    expire_stale(conference)
    return conference.solve_runs.filter(state__in=ACTIVE_STATES).first()


def _may_change(by: object, conference: Conference) -> None:
    """Refuse a change by hand from a non-organiser, or while a solve is under way.

    Locks the conference row first, so a solve cannot be queued between this check
    and the change (``solve_runs.open_run`` takes the same lock).
    """
    if not by.has_perm(EDIT, conference):
        raise PermissionDenied("Only organisers change the draft schedule.")
    Conference.objects.select_for_update().get(pk=conference.pk)
    if solve_under_way(conference) is not None:
        raise ValidationError(
            "A solve is under way and will replace the draft when it ends, so the "
            "draft cannot be changed by hand until then. Wait for it to finish, "
            "then make the change.",
            code="solving",
        )


def slots(conference: Conference) -> dict[int, Slot]:
    """What a release would publish now: the draft over the released schedule.

    Contributions the draft does not place (none, while there is no draft) keep
    their released place, exactly as ``services.publish_draft`` leaves them.
    """
    return {**published_slots(conference), **draft_slots(conference)}


def assignment(problem: ConferenceProblem) -> dict[str, Placement]:
    return problem.assignment_of(slots(problem.conference))


def namer(problem: ConferenceProblem) -> Callable[[str], str]:
    """Session, room (``room:r<id>`` or ``r<id>``) and person ids → their names."""
    person_ids = {
        unit_ids.person_pk(p) for s in problem.solver_problem.sessions for p in s.people
    }
    people = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))

    def name(token: str) -> str:
        token = token.removeprefix("room:")
        if token in problem.units:
            return problem.units[token].title
        if token in problem.rooms:
            return problem.rooms[token].name
        person = unit_ids.person_pk(token)
        if person is not None:
            return people.get(person, token)
        return token

    return name


def humanise(problem: ConferenceProblem, text: str) -> str:
    """Replace the solver's ids in a message by titles and names."""
    return _humaniser(namer(problem))(text)


def _humaniser(name: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: _TOKEN.sub(lambda m: name(m.group(1)), text)


def rule_breaks(
    problem: ConferenceProblem, placed: dict[str, Placement] | None = None
) -> list[RuleBreak]:
    """Every hard rule the whole draft breaks, as the solver's checker counts them.

    ``placed`` defaults to the draft as a release would publish it now.
    """
    placed = assignment(problem) if placed is None else placed

    def when(session_id: str) -> str:
        where = placed.get(session_id)
        if where is None or not 0 <= where.day < len(problem.days):
            return ""
        return f"{problem.days[where.day]:%a %d %b} {hhmm(where.start)}"

    return rule_breaks_of(
        problem.solver_problem, placed, _humaniser(namer(problem)), when
    )


@transaction.atomic
def write(conference: Conference, new: dict[int, Slot]) -> None:
    """Replace the whole draft, keeping pins of contributions still in it."""
    Conference.objects.select_for_update().get(pk=conference.pk)
    pinned = set(
        DraftSlot.objects.filter(conference=conference, pinned=True).values_list(
            "contribution_id", flat=True
        )
    )
    DraftSlot.objects.filter(conference=conference).delete()
    DraftSlot.objects.bulk_create(
        DraftSlot(
            conference=conference,
            contribution_id=contribution_id,
            room_id=room_id,
            start=start,
            pinned=contribution_id in pinned,
        )
        for contribution_id, (room_id, start) in sorted(new.items())
    )


def _place(problem: ConferenceProblem, changes: dict[str, Placement]) -> None:
    """Write the changed units' contributions into the draft (which must exist)."""
    if not draft_slots(problem.conference):
        write(problem.conference, published_slots(problem.conference))
    for contribution_id, (room_id, start) in problem.slots_of(changes).items():
        DraftSlot.objects.update_or_create(
            contribution_id=contribution_id,
            defaults={
                "conference": problem.conference,
                "room_id": room_id,
                "start": start,
            },
        )


def placement(
    problem: ConferenceProblem, room: str, day: int, minutes: int
) -> Placement:
    """A placement from a form's values, refusing what is not in this conference."""
    if room not in problem.rooms:
        raise ValidationError("Choose one of this conference's rooms.")
    if not 0 <= day < len(problem.days):
        raise ValidationError("Choose one of the conference's days.")
    if not 0 <= minutes < 24 * 60:
        raise ValidationError("Choose a time of day.")
    return Placement(room=room, day=day, start=minutes)


def _unit(problem: ConferenceProblem, unit_id: str) -> str:
    if unit_id not in problem.units:
        raise ValidationError("That session is not one the schedule places.")
    return unit_id


def judge_move(problem: ConferenceProblem, unit_id: str, to: Placement) -> Verdict:
    return judge(
        problem.solver_problem,
        assignment(problem),
        {_unit(problem, unit_id): to},
        namer(problem),
    )


def swap_changes(
    problem: ConferenceProblem, first: str, second: str
) -> dict[str, Placement]:
    """Each of two placed units takes the other's room and start."""
    current = assignment(problem)
    first, second = _unit(problem, first), _unit(problem, second)
    if first == second:
        raise ValidationError("Choose two different sessions to swap.")
    if first not in current or second not in current:
        raise ValidationError("Only sessions that have a place can be swapped.")
    return {first: current[second], second: current[first]}


def judge_swap(problem: ConferenceProblem, first: str, second: str) -> Verdict:
    return judge(
        problem.solver_problem,
        assignment(problem),
        swap_changes(problem, first, second),
        namer(problem),
    )


@transaction.atomic
def move(conference: Conference, unit_id: str, to: Placement, *, by: object) -> Verdict:
    """Move one unit (a whole microconference block moves as one).

    The board's form and its drag and drop both end here; the audit entry says
    where the unit was, where it went and what the move cost.
    """
    _may_change(by, conference)
    problem = build(conference)
    verdict = judge_move(problem, unit_id, to)
    was = assignment(problem).get(unit_id)
    _place(problem, {unit_id: to})
    _record_change(problem, "draft-move", {unit_id: (was, to)}, verdict, by)
    return verdict


def _where(placed: Placement | None) -> dict | None:
    if placed is None:
        return None
    return {"room": placed.room, "day": placed.day, "start": placed.start}


def _record_change(
    problem: ConferenceProblem,
    action: str,
    moved: dict[str, tuple[Placement | None, Placement]],
    verdict: Verdict,
    by: object,
) -> None:
    record(
        action, by=by, conference=problem.conference, data={
            "sessions": [
                {"unit": unit_id, "title": problem.units[unit_id].title,
                 "from": _where(was), "to": _where(to)}
                for unit_id, (was, to) in moved.items()
            ],
            "conflicts_before": verdict.conflicts_before,
            "conflicts_after": verdict.conflicts_after,
            "warnings": [w.message for w in verdict.warnings],
        },
    )  # fmt: skip


@transaction.atomic
def swap(conference: Conference, first: str, second: str, *, by: object) -> Verdict:
    _may_change(by, conference)
    problem = build(conference)
    changes = swap_changes(problem, first, second)
    before = assignment(problem)
    verdict = judge(problem.solver_problem, before, changes, namer(problem))
    _place(problem, changes)
    moved = {unit_id: (before.get(unit_id), to) for unit_id, to in changes.items()}
    _record_change(problem, "draft-swap", moved, verdict, by)
    return verdict


@transaction.atomic
def set_pinned(
    conference: Conference, unit_id: str, pinned: bool, *, by: object
) -> None:
    """Pin a placed unit where it is, so the next solve leaves it there."""
    _may_change(by, conference)
    problem = build(conference)
    unit = problem.units[_unit(problem, unit_id)]
    if unit_id not in assignment(problem):
        raise ValidationError("Only a session that has a place can be pinned.")
    _place(problem, {})
    DraftSlot.objects.filter(
        contribution__in=[c.pk for c in unit.contributions]
    ).update(pinned=pinned)


@transaction.atomic
def set_availability(
    conference: Conference,
    unit_id: str,
    windows: list[tuple[int, int, int]],
    *,
    by: object,
) -> None:
    """Replace when a unit may run: (day index, start, end) in minutes of the day.

    No windows, or every whole day, means any time.
    """
    _may_change(by, conference)
    problem = build(conference)
    unit = problem.units[_unit(problem, unit_id)]
    grid = problem.solver_problem.grid
    days = {day.index: day for day in grid.days}
    for day, start, end in windows:
        if day not in days:
            raise ValidationError("Choose days of the conference.")
        if not start < end:
            raise ValidationError("Each day's availability must start before it ends.")
        if end - start < unit.duration:
            raise ValidationError(
                f"“{unit.title}” lasts {unit.duration} minutes; give it at least "
                "that long on each day it may run."
            )
    whole = {(d.index, d.start, d.end) for d in grid.days}
    track, contribution = (
        (unit.track, None) if unit.is_mc else (None, unit.contributions[0])
    )
    Availability.objects.filter(
        conference=conference, track=track, contribution=contribution
    ).delete()
    if set(windows) >= whole:
        return
    Availability.objects.bulk_create(
        Availability(
            conference=conference,
            track=track,
            contribution=contribution,
            day=problem.days[day],
            start=dt.time(start // 60, start % 60),
            end=dt.time(end // 60, end % 60) if end < 24 * 60 else dt.time(23, 59),
        )
        for day, start, end in sorted(set(windows))
    )


@transaction.atomic
def discard(conference: Conference, *, by: object) -> None:
    """Throw the draft away; the board shows the released schedule again.

    Finished runs are marked discarded, so the board no longer shows their figures
    as if they described what it shows.
    """
    _may_change(by, conference)
    DraftSlot.objects.filter(conference=conference).delete()
    conference.solve_runs.filter(state=SolveRun.State.FINISHED).update(
        state=SolveRun.State.DISCARDED
    )

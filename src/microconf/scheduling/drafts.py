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
from microconf.conference.models import Conference
from microconf.people.models import Person
from microconf.scheduling.models import (
    ACTIVE_STATES,
    Availability,
    DraftSlot,
    SolveRun,
)
from microconf.scheduling.problem import (
    Bridge,
    Slot,
    build,
    draft_slots,
    published_slots,
)
from microconf.scheduling.solver.model import Placement
from microconf.scheduling.warnings import RuleBreak, Verdict, judge, rule_breaks_of

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
    and the change (``solving.open_run`` takes the same lock).
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


def assignment(bridge: Bridge) -> dict[str, Placement]:
    return bridge.assignment_of(slots(bridge.conference))


def namer(bridge: Bridge) -> Callable[[str], str]:
    """Session, room (``room:r<id>`` or ``r<id>``) and person ids → their names."""
    person_ids = {int(p[1:]) for s in bridge.problem.sessions for p in s.people}
    people = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))

    def name(token: str) -> str:
        token = token.removeprefix("room:")
        if token in bridge.units:
            return bridge.units[token].title
        if token in bridge.rooms:
            return bridge.rooms[token].name
        if token.startswith("p") and token[1:].isdigit():
            return people.get(int(token[1:]), token)
        return token

    return name


def humanise(bridge: Bridge, text: str) -> str:
    """Replace the solver's ids in a message by titles and names."""
    return _humaniser(namer(bridge))(text)


def _humaniser(name: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: _TOKEN.sub(lambda m: name(m.group(1)), text)


def rule_breaks(
    bridge: Bridge, placed: dict[str, Placement] | None = None
) -> list[RuleBreak]:
    """Every hard rule the whole draft breaks, as the solver's checker counts them.

    ``placed`` defaults to the draft as a release would publish it now.
    """
    placed = assignment(bridge) if placed is None else placed

    def when(session_id: str) -> str:
        where = placed.get(session_id)
        if where is None or not 0 <= where.day < len(bridge.days):
            return ""
        hour, minute = divmod(where.start, 60)
        return f"{bridge.days[where.day]:%a %d %b} {hour:02d}:{minute:02d}"

    return rule_breaks_of(bridge.problem, placed, _humaniser(namer(bridge)), when)


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


def _place(bridge: Bridge, changes: dict[str, Placement]) -> None:
    """Write the changed units' contributions into the draft (which must exist)."""
    if not draft_slots(bridge.conference):
        write(bridge.conference, published_slots(bridge.conference))
    for contribution_id, (room_id, start) in bridge.slots_of(changes).items():
        DraftSlot.objects.update_or_create(
            contribution_id=contribution_id,
            defaults={
                "conference": bridge.conference,
                "room_id": room_id,
                "start": start,
            },
        )


def placement(bridge: Bridge, room: str, day: int, minutes: int) -> Placement:
    """A placement from a form's values, refusing what is not in this conference."""
    if room not in bridge.rooms:
        raise ValidationError("Choose one of this conference's rooms.")
    if not 0 <= day < len(bridge.days):
        raise ValidationError("Choose one of the conference's days.")
    if not 0 <= minutes < 24 * 60:
        raise ValidationError("Choose a time of day.")
    return Placement(room=room, day=day, start=minutes)


def _unit(bridge: Bridge, unit_id: str) -> str:
    if unit_id not in bridge.units:
        raise ValidationError("That session is not one the schedule places.")
    return unit_id


def judge_move(bridge: Bridge, unit_id: str, to: Placement) -> Verdict:
    return judge(
        bridge.problem, assignment(bridge), {_unit(bridge, unit_id): to}, namer(bridge)
    )


def swap_changes(bridge: Bridge, first: str, second: str) -> dict[str, Placement]:
    """Each of two placed units takes the other's room and start."""
    current = assignment(bridge)
    first, second = _unit(bridge, first), _unit(bridge, second)
    if first == second:
        raise ValidationError("Choose two different sessions to swap.")
    if first not in current or second not in current:
        raise ValidationError("Only sessions that have a place can be swapped.")
    return {first: current[second], second: current[first]}


def judge_swap(bridge: Bridge, first: str, second: str) -> Verdict:
    return judge(
        bridge.problem,
        assignment(bridge),
        swap_changes(bridge, first, second),
        namer(bridge),
    )


@transaction.atomic
def move(conference: Conference, unit_id: str, to: Placement, *, by: object) -> Verdict:
    """Move one unit (a whole microconference block moves as one).

    The board's form and its drag and drop both end here; the audit entry says
    where the unit was, where it went and what the move cost.
    """
    _may_change(by, conference)
    bridge = build(conference)
    verdict = judge_move(bridge, unit_id, to)
    was = assignment(bridge).get(unit_id)
    _place(bridge, {unit_id: to})
    _record_change(bridge, "draft-move", {unit_id: (was, to)}, verdict, by)
    return verdict


def _where(placed: Placement | None) -> dict | None:
    if placed is None:
        return None
    return {"room": placed.room, "day": placed.day, "start": placed.start}


def _record_change(
    bridge: Bridge,
    action: str,
    moved: dict[str, tuple[Placement | None, Placement]],
    verdict: Verdict,
    by: object,
) -> None:
    record(
        action, by=by, conference=bridge.conference, data={
            "sessions": [
                {"unit": unit_id, "title": bridge.units[unit_id].title,
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
    bridge = build(conference)
    changes = swap_changes(bridge, first, second)
    before = assignment(bridge)
    verdict = judge(bridge.problem, before, changes, namer(bridge))
    _place(bridge, changes)
    moved = {unit_id: (before.get(unit_id), to) for unit_id, to in changes.items()}
    _record_change(bridge, "draft-swap", moved, verdict, by)
    return verdict


@transaction.atomic
def set_pinned(
    conference: Conference, unit_id: str, pinned: bool, *, by: object
) -> None:
    """Pin a placed unit where it is, so the next solve leaves it there."""
    _may_change(by, conference)
    bridge = build(conference)
    unit = bridge.units[_unit(bridge, unit_id)]
    if unit_id not in assignment(bridge):
        raise ValidationError("Only a session that has a place can be pinned.")
    _place(bridge, {})
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
    bridge = build(conference)
    unit = bridge.units[_unit(bridge, unit_id)]
    grid = bridge.problem.grid
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
            day=bridge.days[day],
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

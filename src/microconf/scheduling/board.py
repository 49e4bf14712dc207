"""What the organisers' schedule board shows: the draft laid out day by day."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from microconf.clock import hhmm
from microconf.scheduling import drafts, picture, unit_ids
from microconf.scheduling.problem import ConferenceProblem, Unit, published_slots
from microconf.scheduling.solver.model import Placement
from microconf.scheduling.timetable import Day, lay_out_day


@dataclass(frozen=True)
class UnitInfo:
    """One unit's line in the board's lists and forms."""

    unit: Unit
    placed: Placement | None
    when: str  # day and start in the conference's timezone, for choice lists
    start: dt.datetime | None
    end: dt.datetime | None
    room: str
    demand: int
    capacity: int | None
    load: int
    pinned: bool
    changed: bool  # placed differently from the released schedule
    available: str  # "" when it may run any time

    @property
    def id(self) -> str:
        return self.unit.id

    @property
    def too_small(self) -> bool:
        return self.capacity is not None and self.demand > self.capacity


def time_choices(problem: ConferenceProblem) -> list[tuple[int, str]]:
    """Every start on the grid, as (minutes, "HH:MM")."""
    grid = problem.solver_problem.grid
    day = grid.days[0]
    return [(m, hhmm(m)) for m in range(day.start, day.end, grid.slot_minutes)]


def end_choices(problem: ConferenceProblem) -> list[tuple[int, str]]:
    """Every end on the grid, up to and with the day's end."""
    grid = problem.solver_problem.grid
    day = grid.days[0]
    step = grid.slot_minutes
    return [(m, hhmm(m)) for m in range(day.start + step, day.end + 1, step)]


@dataclass(frozen=True)
class DayWindow:
    """One line of the availability form."""

    index: int
    label: str
    ticked: bool
    start: int
    end: int


def availability_form(problem: ConferenceProblem, unit_id: str) -> list[DayWindow]:
    """The availability form's lines for one unit: every day, ticked if it may run."""
    session = next(
        (s for s in problem.solver_problem.sessions if s.id == unit_id), None
    )
    windows = {w.day: w for w in (session.availability or ())} if session else {}
    lines = []
    for day in problem.solver_problem.grid.days:
        window = windows.get(day.index)
        any_time = session is None or session.availability is None
        lines.append(
            DayWindow(
                index=day.index,
                label=f"{problem.days[day.index]:%a %d %b}",
                ticked=any_time or window is not None,
                start=window.start if window else day.start,
                end=window.end if window else day.end,
            )
        )
    return lines


@dataclass(frozen=True)
class MoveChoice:
    """What the move form starts from: a session and the room, day and start."""

    unit: str
    room: str
    day: int
    time: int


@dataclass(frozen=True)
class SwapChoice:
    """What the swap form starts from: two sessions ("" when none is chosen)."""

    unit: str
    other: str


def _number(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return default


def form_choices(
    problem: ConferenceProblem, units: list[UnitInfo], data: Mapping[str, str]
) -> tuple[MoveChoice, SwapChoice]:
    """The move and swap forms' starting values.

    ``data`` is what the organiser asked for (the query string, or the form a
    refused change posted): ``unit``, and either ``with`` (or ``other``) for a
    swap or ``room``, ``day`` and ``time`` for a move. Whatever it leaves out,
    the move form takes from the chosen session's current place, so changing
    one field never moves a session somewhere else by accident.
    """
    known = {info.id: info for info in units}
    placed = [info.id for info in units if info.placed]
    asked = data.get("unit", "")
    unit = asked if asked in known else (units[0].id if units else "")
    other = data.get("with", "") or data.get("other", "")
    swapping = other in placed
    place = known[unit].placed if unit else None
    room = place.room if place else next(iter(problem.rooms), "")
    day = place.day if place else 0
    time = place.start if place else problem.solver_problem.grid.days[0].start
    if not swapping and data.get("room", "") in problem.rooms:
        room = data["room"]
        day = _number(data.get("day"), day)
        time = _number(data.get("time"), time)
    swap_unit = asked if asked in placed else (placed[0] if placed else "")
    return (
        MoveChoice(unit=unit, room=room, day=day, time=time),
        SwapChoice(unit=swap_unit, other=other if swapping else ""),
    )


def board(problem: ConferenceProblem, pinned_ids: set[int]) -> dict:
    """The template's context for the board: days, units, picture, figures."""
    slots = drafts.slots(problem.conference)
    assignment = problem.assignment_of(slots)
    released = problem.assignment_of(published_slots(problem.conference))
    sessions = {s.id: s for s in problem.solver_problem.sessions}
    pairs = picture.clashes(problem.solver_problem, assignment)
    load = picture.losses(pairs)
    infos = {}
    for unit in problem.units.values():
        placed = assignment.get(unit.id)
        room = problem.rooms[placed.room] if placed else None
        infos[unit.id] = UnitInfo(
            unit=unit,
            placed=placed,
            when=(
                f"{problem.days[placed.day]:%a %d %b} {hhmm(placed.start)}"
                if placed
                else ""
            ),
            start=problem.moment(placed.day, placed.start) if placed else None,
            end=(
                problem.moment(placed.day, placed.start)
                + dt.timedelta(minutes=unit.duration)
                if placed
                else None
            ),
            room=room.name if room else "",
            demand=sessions[unit.id].demand,
            capacity=room.capacity if room else None,
            load=load.get(unit.id, 0),
            pinned=any(c.pk in pinned_ids for c in unit.contributions),
            changed=bool(released) and released.get(unit.id) != placed,
            available="; ".join(
                f"{problem.days[w.day]:%a} {hhmm(w.start)}–{hhmm(w.end)}"
                for w in sessions[unit.id].availability or ()
            ),
        )
    titles = {unit.id: unit.title for unit in problem.units.values()}
    room_names = {key: room.name for key, room in problem.rooms.items()}
    return {
        "days": _days(problem, slots, infos),
        "units": sorted(infos.values(), key=lambda i: i.unit.title.lower()),
        "unplaced": [i for i in infos.values() if i.placed is None],
        "changed": sum(1 for i in infos.values() if i.changed),
        "panels": picture.panels(
            problem.solver_problem, assignment, titles, room_names
        ),
        "worst": [
            (shared, titles[a], titles[b], infos[a].when) for shared, a, b in pairs[:15]
        ],
        "conflicts": sum(p[0] for p in pairs),
        "overflow": sum(
            max(0, i.demand - i.capacity) for i in infos.values() if i.capacity
        ),
        "times": time_choices(problem),
        "ends": end_choices(problem),
        "day_choices": [(n, f"{d:%a %d %b}") for n, d in enumerate(problem.days)],
        "rooms": [(key, room.name) for key, room in problem.rooms.items()],
    }


def _days(
    problem: ConferenceProblem, slots: dict, infos: dict[str, UnitInfo]
) -> list[Day]:
    """Each conference day of the draft as the timetable lays it out."""
    placed = []
    unit_of = {}
    for unit in problem.units.values():
        for contribution in unit.contributions:
            unit_of[contribution.pk] = unit.id
            slot = slots.get(contribution.pk)
            if slot is None or unit_ids.room_id(slot[0]) not in problem.rooms:
                continue
            shown = copy.copy(contribution)  # the draft never touches the real one
            shown.room = problem.rooms[unit_ids.room_id(slot[0])]
            shown.start = slot[1]
            placed.append(shown)
    rooms = list(problem.rooms.values())
    days = []
    for index, date in enumerate(problem.days):
        day = lay_out_day(date, placed, rooms, problem.tz, every_room=True)
        _mark_drop_targets(day, index, problem.tz)
        for block in day.blocks:
            # Sessions that overlap in one room share a block: show every one.
            ids = list(dict.fromkeys(unit_of[item.pk] for item in block.items))
            block.infos = [infos[unit_id] for unit_id in ids]
            block.info = block.infos[0]
        days.append(day)
    return days


def _mark_drop_targets(day: Day, index: int, tz: ZoneInfo) -> None:
    """Give each cell the place a session dropped on it goes to.

    A free cell is its room at its row's start; a session's cell is that
    session's room and start (the move warns that the room is taken).
    """
    for row in day.rows:
        local = row.start.astimezone(tz)
        minutes = local.hour * 60 + local.minute
        for room, cell in zip(day.rooms, row.cells, strict=True):
            if cell is None:
                continue  # a session above spans this row
            cell.target = DropTarget(
                room=unit_ids.room_id(room.id),
                day=index,
                time=minutes,
                place=f"{room.name}, {local:%a %d %b} {hhmm(minutes)}",
            )


@dataclass(frozen=True)
class DropTarget:
    """Where a session dropped on a cell of the draft goes, as the move form says."""

    room: str
    day: int
    time: int
    place: str  # the room and the time in words, for the live region

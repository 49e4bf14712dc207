"""The solver-independent spec: hard rules and objective terms, counted plainly.

Nothing here shares code with the search or the CP model, so a bug there shows up
as a violation here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

from microconf.scheduling.solver.model import Objective, Placement, Problem, Session


@dataclass(frozen=True, slots=True, kw_only=True)
class Violation:
    """One broken hard rule, in words."""

    rule: str
    message: str


Assignment = Mapping[str, Placement]


def _end(session: Session, placement: Placement) -> int:
    return placement.start + session.duration


def _overlap(a: Session, pa: Placement, b: Session, pb: Placement) -> bool:
    """Open-interval overlap on the same day."""
    return pa.day == pb.day and pa.start < _end(b, pb) and pb.start < _end(a, pa)


def _placed(
    problem: Problem, assignment: Assignment
) -> list[tuple[Session, Placement]]:
    return [(s, assignment[s.id]) for s in problem.sessions if s.id in assignment]


def violations_missing(problem: Problem, assignment: Assignment) -> list[Violation]:
    """Every session is placed, and nothing else is."""
    ids = {s.id for s in problem.sessions}
    found = [
        Violation(rule="missing", message=f"session {s.id} is not placed")
        for s in problem.sessions
        if s.id not in assignment
    ]
    found += [
        Violation(rule="missing", message=f"unknown session {sid} is placed")
        for sid in assignment
        if sid not in ids
    ]
    return found


def violations_unknown_place(
    problem: Problem, assignment: Assignment
) -> list[Violation]:
    """Each placement names an existing room and day."""
    rooms = {r.id for r in problem.rooms}
    days = {d.index for d in problem.grid.days}
    return [
        Violation(rule="unknown_place", message=f"session {s.id} is in {p}")
        for s, p in _placed(problem, assignment)
        if p.room not in rooms or p.day not in days
    ]


def violations_room_double_booked(
    problem: Problem, assignment: Assignment
) -> list[Violation]:
    """A room holds one session at a time."""
    placed = _placed(problem, assignment)
    return [
        Violation(
            rule="room_double_booked",
            message=f"{a.id} and {b.id} overlap in room {pa.room}",
        )
        for (a, pa), (b, pb) in combinations(placed, 2)
        if pa.room == pb.room and _overlap(a, pa, b, pb)
    ]


def violations_person_double_booked(
    problem: Problem, assignment: Assignment
) -> list[Violation]:
    """Nobody is in two places at once."""
    placed = _placed(problem, assignment)
    found = []
    for (a, pa), (b, pb) in combinations(placed, 2):
        shared = sorted(set(a.people) & set(b.people))
        if shared and _overlap(a, pa, b, pb):
            found.append(
                Violation(
                    rule="person_double_booked",
                    message=f"{', '.join(shared)} in both {a.id} and {b.id}",
                )
            )
    return found


def violations_features(problem: Problem, assignment: Assignment) -> list[Violation]:
    """The room has every feature the session requires."""
    rooms = {r.id: r for r in problem.rooms}
    return [
        Violation(
            rule="features",
            message=f"{s.id} needs {sorted(s.features - rooms[p.room].features)}",
        )
        for s, p in _placed(problem, assignment)
        if p.room in rooms and not s.features <= rooms[p.room].features
    ]


def _inside(windows, day: int, start: int, end: int) -> bool:
    return any(w.day == day and w.start <= start and end <= w.end for w in windows)


def violations_availability(
    problem: Problem, assignment: Assignment
) -> list[Violation]:
    """A session lies inside one of its windows, and inside its room's windows."""
    rooms = {r.id: r for r in problem.rooms}
    found = []
    for s, p in _placed(problem, assignment):
        end = _end(s, p)
        if s.availability is not None and not _inside(
            s.availability, p.day, p.start, end
        ):
            found.append(
                Violation(rule="availability", message=f"{s.id} outside its windows")
            )
        room = rooms.get(p.room)
        if (
            room is not None
            and room.availability is not None
            and not _inside(room.availability, p.day, p.start, end)
        ):
            found.append(
                Violation(
                    rule="availability",
                    message=f"{s.id} outside the windows of room {room.id}",
                )
            )
    return found


def violations_pin(problem: Problem, assignment: Assignment) -> list[Violation]:
    """A pinned session stays where it is pinned."""
    return [
        Violation(rule="pin", message=f"{s.id} moved from its pin")
        for s, p in _placed(problem, assignment)
        if s.pin is not None and p != s.pin
    ]


def violations_break_or_day_end(
    problem: Problem, assignment: Assignment
) -> list[Violation]:
    """A session starts after the day's start, ends by its end, and crosses no break."""
    days = {d.index: d for d in problem.grid.days}
    found = []
    for s, p in _placed(problem, assignment):
        day = days.get(p.day)
        if day is None:
            continue
        end = _end(s, p)
        if p.start < day.start or end > day.end:
            found.append(
                Violation(rule="day_bounds", message=f"{s.id} outside the day")
            )
        found += [
            Violation(rule="break", message=f"{s.id} crosses the break {b.label}")
            for b in problem.grid.breaks
            if p.start < b.end and b.start < end
        ]
    return found


def violations_grid(problem: Problem, assignment: Assignment) -> list[Violation]:
    """A session starts on the slot grid counted from the day's start."""
    days = {d.index: d for d in problem.grid.days}
    slot = problem.grid.slot_minutes
    return [
        Violation(rule="grid", message=f"{s.id} starts off the grid")
        for s, p in _placed(problem, assignment)
        if p.day in days and (p.start - days[p.day].start) % slot != 0
    ]


def violations(problem: Problem, assignment: Assignment) -> list[Violation]:
    """Return every hard-rule violation of the assignment."""
    return [
        *violations_missing(problem, assignment),
        *violations_unknown_place(problem, assignment),
        *violations_room_double_booked(problem, assignment),
        *violations_person_double_booked(problem, assignment),
        *violations_features(problem, assignment),
        *violations_availability(problem, assignment),
        *violations_pin(problem, assignment),
        *violations_break_or_day_end(problem, assignment),
        *violations_grid(problem, assignment),
    ]


def attendee_conflicts(problem: Problem, assignment: Assignment) -> int:
    """Count, per attendee, the pairs of their interests that overlap in time."""
    placed = _placed(problem, assignment)
    total = 0
    for (a, pa), (b, pb) in combinations(placed, 2):
        if _overlap(a, pa, b, pb):
            total += len(set(a.interested) & set(b.interested))
    return total


def overflow(problem: Problem, assignment: Assignment) -> int:
    """Sum over sessions of the demand above the room's capacity."""
    capacity = {r.id: r.capacity for r in problem.rooms}
    return sum(
        max(0, s.demand - capacity[p.room])
        for s, p in _placed(problem, assignment)
        if p.room in capacity
    )


def moves(problem: Problem, assignment: Assignment, previous: Assignment | None) -> int:
    """Count sessions placed differently from the previous schedule."""
    if not previous:
        return 0
    return sum(
        1
        for s, p in _placed(problem, assignment)
        if s.id in previous and previous[s.id] != p
    )


def track_rooms(problem: Problem, assignment: Assignment) -> int:
    """Sum over tracks of the rooms a track uses beyond its first."""
    rooms_by_track: dict[str, set[str]] = {}
    for s, p in _placed(problem, assignment):
        if s.track:
            rooms_by_track.setdefault(s.track, set()).add(p.room)
    return sum(len(rooms) - 1 for rooms in rooms_by_track.values())


def objective(
    problem: Problem, assignment: Assignment, previous: Assignment | None = None
) -> Objective:
    """Return the objective terms and their weighted total."""
    w = problem.weights
    conflicts = attendee_conflicts(problem, assignment)
    over = overflow(problem, assignment)
    moved = moves(problem, assignment, previous)
    spread = track_rooms(problem, assignment)
    return Objective(
        attendee_conflicts=conflicts,
        overflow=over,
        moves=moved,
        track_rooms=spread,
        total=w.conflicts * conflicts
        + w.overflow * over
        + w.moves * moved
        + w.track_rooms * spread,
    )

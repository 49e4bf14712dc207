"""What a hand-made move would break or cost, in the organiser's words.

Pure functions over the solver's data classes: the draft board asks them before a
move (live, as the organiser picks a place) and again when the move is made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from microconf.scheduling.picture import overlaps
from microconf.scheduling.solver.check import attendee_conflicts
from microconf.scheduling.solver.model import Placement, Problem, Session

Assignment = Mapping[str, Placement]


@dataclass(frozen=True)
class Warning_:
    """One warning; ``hard`` ones break a rule the solver never breaks."""

    message: str
    hard: bool = True


@dataclass(frozen=True)
class Verdict:
    """Everything a proposed change would cause."""

    warnings: tuple[Warning_, ...]
    conflicts_before: int
    conflicts_after: int

    @property
    def conflict_change(self) -> int:
        return self.conflicts_after - self.conflicts_before

    @property
    def is_clean(self) -> bool:
        return not self.warnings and self.conflict_change <= 0

    def as_dict(self) -> dict:
        return {
            "warnings": [{"message": w.message, "hard": w.hard} for w in self.warnings],
            "conflicts_before": self.conflicts_before,
            "conflicts_after": self.conflicts_after,
            "conflict_change": self.conflict_change,
        }


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _place_warnings(
    problem: Problem,
    assignment: Assignment,
    session: Session,
    placed: Placement,
    name: Callable[[str], str],
) -> list[Warning_]:
    found: list[Warning_] = []
    grid = problem.grid
    rooms = {r.id: r for r in problem.rooms}
    room = rooms[placed.room]
    end = placed.start + session.duration
    day = grid.days[placed.day]
    title = name(session.id)
    if placed.start < day.start or end > day.end:
        found.append(
            Warning_(
                f"“{title}” would run outside the day "
                f"({_clock(day.start)}–{_clock(day.end)})."
            )
        )
    for pause in grid.breaks:
        if placed.start < pause.end and pause.start < end:
            label = pause.label or "the break"
            found.append(Warning_(f"“{title}” would run into {label}."))
    if (placed.start - day.start) % grid.slot_minutes:
        found.append(
            Warning_(f"“{title}” would start off the {grid.slot_minutes}-minute grid.")
        )
    if session.availability is not None and not any(
        w.day == placed.day and w.start <= placed.start and end <= w.end
        for w in session.availability
    ):
        found.append(Warning_(f"“{title}” is not available then."))
    missing = session.features - room.features
    if missing:
        found.append(
            Warning_(
                f"Room {name('room:' + room.id)} lacks {', '.join(sorted(missing))}."
            )
        )
    if session.demand > room.capacity:
        found.append(
            Warning_(
                f"{session.demand} attendees are interested in “{title}”; "
                f"{name('room:' + room.id)} seats {room.capacity}.",
                hard=False,
            )
        )
    people = set(session.people)
    for other in problem.sessions:
        there = assignment.get(other.id)
        if other.id == session.id or there is None:
            continue
        if not overlaps(session, placed, other, there):
            continue
        if there.room == placed.room:
            found.append(
                Warning_(
                    f"{name('room:' + room.id)} already holds “{name(other.id)}” "
                    "at that time."
                )
            )
        found.extend(
            Warning_(
                f"{name(person)} would be in “{title}” and “{name(other.id)}” at once."
            )
            for person in sorted(people.intersection(other.people))
        )
    return found


def judge(
    problem: Problem,
    assignment: Assignment,
    changes: Mapping[str, Placement],
    name: Callable[[str], str] = str,
) -> Verdict:
    """The warnings and conflict change of placing sessions as ``changes`` says.

    ``name`` turns a session id, ``room:<id>`` or a person id into words.
    """
    after = {**assignment, **changes}
    sessions = {s.id: s for s in problem.sessions}
    found: list[Warning_] = []
    for session_id, placed in changes.items():
        for warning in _place_warnings(
            problem, after, sessions[session_id], placed, name
        ):
            if warning not in found:
                found.append(warning)
    return Verdict(
        warnings=tuple(found),
        conflicts_before=attendee_conflicts(problem, assignment),
        conflicts_after=attendee_conflicts(problem, after),
    )

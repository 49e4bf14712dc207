"""What a move by hand, or the whole draft, breaks or costs, in plain words.

Pure functions over the solver's data classes: the draft board asks them before a
move (live, as the organiser picks a place) and again when the move is made; the
board and a release ask ``rule_breaks_of`` about the whole draft.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from microconf.clock import hhmm
from microconf.scheduling.picture import overlaps
from microconf.scheduling.solver.check import attendee_conflicts, violations
from microconf.scheduling.solver.model import Placement, Problem, Session

Assignment = Mapping[str, Placement]


@dataclass(frozen=True)
class MoveWarning:
    """One warning; ``hard`` ones break a rule the solver never breaks."""

    message: str
    hard: bool = True


@dataclass(frozen=True)
class Verdict:
    """Everything a proposed change would cause."""

    warnings: tuple[MoveWarning, ...]
    conflicts_before: int
    conflicts_after: int

    @property
    def conflict_change(self) -> int:
        return self.conflicts_after - self.conflicts_before

    def as_dict(self) -> dict:
        return {
            "warnings": [{"message": w.message, "hard": w.hard} for w in self.warnings],
            "conflicts_before": self.conflicts_before,
            "conflicts_after": self.conflicts_after,
            "conflict_change": self.conflict_change,
        }


def _place_warnings(
    problem: Problem,
    assignment: Assignment,
    session: Session,
    placed: Placement,
    name: Callable[[str], str],
) -> list[MoveWarning]:
    found: list[MoveWarning] = []
    grid = problem.grid
    rooms = {r.id: r for r in problem.rooms}
    room = rooms[placed.room]
    end = placed.start + session.duration
    day = grid.days[placed.day]
    title = name(session.id)
    if placed.start < day.start or end > day.end:
        found.append(
            MoveWarning(
                f"“{title}” would run outside the day "
                f"({hhmm(day.start)}–{hhmm(day.end)})."
            )
        )
    for pause in grid.breaks:
        if placed.start < pause.end and pause.start < end:
            label = pause.label or "the break"
            found.append(MoveWarning(f"“{title}” would run into {label}."))
    if (placed.start - day.start) % grid.slot_minutes:
        found.append(
            MoveWarning(
                f"“{title}” would start off the {grid.slot_minutes}-minute grid."
            )
        )
    if session.availability is not None and not any(
        w.day == placed.day and w.start <= placed.start and end <= w.end
        for w in session.availability
    ):
        found.append(MoveWarning(f"“{title}” is not available then."))
    missing = session.features - room.features
    if missing:
        found.append(
            MoveWarning(
                f"Room {name('room:' + room.id)} lacks {', '.join(sorted(missing))}."
            )
        )
    if session.demand > room.capacity:
        found.append(
            MoveWarning(
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
                MoveWarning(
                    f"{name('room:' + room.id)} already holds “{name(other.id)}” "
                    "at that time."
                )
            )
        found.extend(
            MoveWarning(
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
    found: list[MoveWarning] = []
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


# The checker's hard rules a schedule made by hand can break, in words. Unplaced
# sessions are listed apart, and pins instruct the solver: neither is a rule of
# the schedule itself.
RULES = {
    "unknown_place": "Not in a room or on a day of the conference",
    "room_double_booked": "Room double-booked",
    "person_double_booked": "Person in two places",
    "features": "Room lacks a feature",
    "availability": "Outside when it may run",
    "day_bounds": "Outside the day",
    "break": "Crosses a break",
    "grid": "Off the slot grid",
}
_SESSION = re.compile(r"\b(mc-\d+|c-\d+)\b")


@dataclass(frozen=True)
class RuleBreak:
    """One hard rule a whole schedule breaks."""

    rule: str  # the checker's name for it
    label: str
    message: str
    when: str  # where the first session named starts, "" if unknown

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "label": self.label,
            "message": self.message,
            "when": self.when,
        }


def rule_breaks_of(
    problem: Problem,
    assignment: Assignment,
    words: Callable[[str], str] = str,
    when: Callable[[str], str] = lambda _: "",
) -> list[RuleBreak]:
    """Every hard rule ``assignment`` breaks, found by the solver's own checker.

    ``words`` turns the checker's ids in a message into names; ``when`` tells
    where a session id is placed.
    """
    found = []
    for violation in violations(problem, assignment):
        if violation.rule not in RULES:
            continue
        first = _SESSION.search(violation.message)
        found.append(
            RuleBreak(
                rule=violation.rule,
                label=RULES[violation.rule],
                message=words(violation.message),
                when=when(first.group(1)) if first else "",
            )
        )
    return found

"""Data classes in and out of the schedule solver.

Times are integer minutes from midnight of a conference day; a placement names the
day by its index. Ids are strings, attendees are the integers ``0..count-1``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True, kw_only=True)
class Day:
    """One conference day: sessions start at ``start`` or later and end by ``end``."""

    index: int
    date: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Break:
    """A pause that applies to every day; no session may cross it."""

    start: int
    end: int
    label: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Grid:
    """The time grid: days, the slot length starts lie on, and the daily breaks."""

    days: tuple[Day, ...]
    slot_minutes: int
    breaks: tuple[Break, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeWindow:
    """A stretch of one day, ``start`` to ``end`` in minutes from midnight."""

    day: int
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Placement:
    """Where and when a session runs."""

    room: str
    day: int
    start: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Room:
    """A room; ``availability`` None means the whole grid."""

    id: str
    capacity: int
    features: frozenset[str] = frozenset()
    availability: tuple[TimeWindow, ...] | None = None


class Kind(StrEnum):
    MC = "mc"
    TALK = "talk"
    BOF = "bof"


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    """A microconference block, talk or BoF to be placed in one room at one time."""

    id: str
    kind: Kind
    duration: int
    track: str = ""
    people: tuple[str, ...] = ()
    interested: tuple[int, ...] = ()
    features: frozenset[str] = frozenset()
    availability: tuple[TimeWindow, ...] | None = None
    pin: Placement | None = None

    @property
    def demand(self) -> int:
        return len(self.interested)


@dataclass(frozen=True, slots=True, kw_only=True)
class Weights:
    """Integer weights of the objective terms."""

    conflicts: int = 1
    overflow: int = 1
    moves: int = 200
    track_rooms: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """A scheduling instance: what must be placed, where, and how it is scored."""

    name: str = ""
    grid: Grid
    rooms: tuple[Room, ...]
    sessions: tuple[Session, ...]
    attendee_count: int
    weights: Weights = field(default_factory=Weights)


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True, kw_only=True)
class Objective:
    """The objective broken into its terms; ``total`` is the weighted sum."""

    attendee_conflicts: int
    overflow: int
    moves: int
    track_rooms: int
    total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Progress:
    """One progress report: the incumbent's weighted objective and the proven bound."""

    elapsed: float
    incumbent: int | None
    attendee_conflicts: int | None
    bound: int
    # Share of the time limit spent so far (0 to 1).
    budget_used: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Solution:
    """What the solver answers.

    ``bound`` is a proven lower bound on the weighted objective ``objective.total``;
    when the status is infeasible, ``assignment`` is empty and ``explanation`` says why.
    """

    status: Status
    assignment: Mapping[str, Placement]
    objective: Objective | None
    bound: int
    gap: float | None
    time_to_first_feasible: float | None
    time_to_best: float | None
    wall_time: float
    explanation: tuple[str, ...] = ()
    # (seconds, weighted objective) at each improvement of the incumbent: how
    # much of the time budget helped.
    history: tuple[tuple[float, int], ...] = ()

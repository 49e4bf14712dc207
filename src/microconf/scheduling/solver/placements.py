"""Every placement a session may take on its own, and the matrices the search reads.

A placement is legal on its own when it starts on the grid, stays inside the day,
crosses no break, fits the session's and the room's availability, the room has the
required features, and a pinned session is at its pin. Only the rules between
sessions (rooms, people) are left to the search.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from microconf.clock import hhmm
from microconf.scheduling.solver.model import Day, Placement, Problem, Room, Session


@dataclass(frozen=True, slots=True, kw_only=True)
class Window:
    """A break-free stretch of one day; every session lies inside exactly one."""

    index: int
    day: int
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start

    def label(self) -> str:
        return f"day {self.day} {hhmm(self.start)}-{hhmm(self.end)}"


def day_windows(problem: Problem) -> tuple[Window, ...]:
    """Cut every day at its breaks into break-free windows."""
    windows: list[Window] = []
    breaks = sorted(problem.grid.breaks, key=lambda b: b.start)
    for day in problem.grid.days:
        cursor = day.start
        for b in breaks:
            if b.start > cursor and b.start < day.end:
                windows.append(
                    Window(index=len(windows), day=day.index, start=cursor, end=b.start)
                )
            cursor = max(cursor, b.end)
        if cursor < day.end:
            windows.append(
                Window(index=len(windows), day=day.index, start=cursor, end=day.end)
            )
    return tuple(windows)


def _inside(windows, day: int, start: int, end: int) -> bool:
    return any(w.day == day and w.start <= start and end <= w.end for w in windows)


def is_legal(
    problem: Problem,
    session: Session,
    room: Room,
    day: int,
    start: int,
    days: dict[int, Day] | None = None,
) -> bool:
    """Say whether the session may take this placement, ignoring other sessions."""
    if days is None:
        days = {d.index: d for d in problem.grid.days}
    if day not in days:
        return False
    grid_day = days[day]
    end = start + session.duration
    if start < grid_day.start or end > grid_day.end:
        return False
    if (start - grid_day.start) % problem.grid.slot_minutes:
        return False
    if any(start < b.end and b.start < end for b in problem.grid.breaks):
        return False
    if not session.features <= room.features:
        return False
    if session.availability is not None and not _inside(
        session.availability, day, start, end
    ):
        return False
    if room.availability is not None and not _inside(
        room.availability, day, start, end
    ):
        return False
    return session.pin is None or session.pin == Placement(
        room=room.id, day=day, start=start
    )


def _time_is_legal(problem: Problem, session: Session, day: Day, start: int) -> bool:
    end = start + session.duration
    if start < day.start or end > day.end:
        return False
    if any(start < b.end and b.start < end for b in problem.grid.breaks):
        return False
    return session.availability is None or _inside(
        session.availability, day.index, start, end
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """Legal placements per session as arrays, plus the pairwise matrices.

    ``room[i]``, ``day[i]``, ``start[i]``, ``window[i]`` are parallel arrays over the
    legal placements of session ``i``; ``index[i]`` maps (room, day, start) to a
    position in them. ``co_interest[i, j]`` counts attendees interested in both;
    ``share_person[i, j]`` says the two sessions share a person.
    """

    windows: tuple[Window, ...]
    room: tuple[np.ndarray, ...]
    day: tuple[np.ndarray, ...]
    start: tuple[np.ndarray, ...]
    window: tuple[np.ndarray, ...]
    index: tuple[PlacementIndex, ...]
    duration: np.ndarray
    demand: np.ndarray
    capacity: np.ndarray
    co_interest: np.ndarray
    share_person: np.ndarray


def window_of(windows: tuple[Window, ...], day: int, start: int, end: int) -> int:
    for w in windows:
        if w.day == day and w.start <= start and end <= w.end:
            return w.index
    return -1


def co_interest_matrix(problem: Problem) -> np.ndarray:
    """Return the session x session count of shared interested attendees."""
    n = len(problem.sessions)
    count = max(
        problem.attendee_count,
        1 + max((max(s.interested, default=-1) for s in problem.sessions), default=-1),
    )
    interest = np.zeros((n, max(count, 1)), dtype=np.float32)
    for i, s in enumerate(problem.sessions):
        if s.interested:
            interest[i, list(s.interested)] = 1.0
    shared = np.rint(interest @ interest.T).astype(np.int64)
    np.fill_diagonal(shared, 0)
    return shared


def share_person_matrix(problem: Problem) -> np.ndarray:
    n = len(problem.sessions)
    shares = np.zeros((n, n), dtype=bool)
    by_person: dict[str, list[int]] = {}
    for i, s in enumerate(problem.sessions):
        for person in set(s.people):
            by_person.setdefault(person, []).append(i)
    for members in by_person.values():
        for i in members:
            shares[i, members] = True
    np.fill_diagonal(shares, False)
    return shares


class PlacementIndex(Mapping):
    """(room, day, start) -> position among one session's legal placements.

    Built on first use: only a re-solve from a previous schedule looks placements
    up, and at generate(scale=5) the dicts of all 2.8 million placements cost
    seconds and hundreds of megabytes that a fresh solve never reads.
    """

    __slots__ = ("_arrays", "_table")

    def __init__(self, room: np.ndarray, day: np.ndarray, start: np.ndarray) -> None:
        self._arrays = (room, day, start)
        self._table: dict[tuple[int, int, int], int] | None = None

    def _built(self) -> dict[tuple[int, int, int], int]:
        if self._table is None:
            room, day, start = (a.tolist() for a in self._arrays)
            self._table = {
                key: k for k, key in enumerate(zip(room, day, start, strict=True))
            }
        return self._table

    def __getitem__(self, key: tuple[int, int, int]) -> int:
        return self._built()[key]

    def __iter__(self) -> Iterator[tuple[int, int, int]]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._arrays[0])


def build_options(problem: Problem) -> Options:
    """Enumerate the legal placements of every session."""
    windows = day_windows(problem)
    by_index = {d.index: d for d in problem.grid.days}
    rooms, days, starts, wins, indexes = [], [], [], [], []
    slot = problem.grid.slot_minutes
    empty = np.zeros(0, dtype=np.int64)
    for session in problem.sessions:
        if session.pin is not None:
            times = [(session.pin.day, session.pin.start)]
            legal_rooms = [
                r
                for r, room in enumerate(problem.rooms)
                if room.id == session.pin.room
                and is_legal(
                    problem, session, room, session.pin.day, session.pin.start, by_index
                )
            ]
        else:
            # The room-free part of the rules first, then rooms per legal time.
            times = [
                (day.index, start)
                for day in problem.grid.days
                for start in range(day.start, day.end, slot)
                if _time_is_legal(problem, session, day, start)
            ]
            legal_rooms = [
                r
                for r, room in enumerate(problem.rooms)
                if session.features <= room.features
            ]
        time_day = np.array([d for d, _ in times], dtype=np.int64)
        time_start = np.array([t for _, t in times], dtype=np.int64)
        time_window = np.array(
            [window_of(windows, d, t, t + session.duration) for d, t in times],
            dtype=np.int64,
        )
        r_parts, keep_parts = [], []
        for r in legal_rooms:
            room = problem.rooms[r]
            if room.availability is None or session.pin is not None:
                keep = np.ones(len(times), dtype=bool)
            else:
                keep = np.array(
                    [
                        _inside(room.availability, d, t, t + session.duration)
                        for d, t in times
                    ],
                    dtype=bool,
                )
            r_parts.append(np.full(int(keep.sum()), r, dtype=np.int64))
            keep_parts.append(np.flatnonzero(keep))
        picked = np.concatenate(keep_parts) if keep_parts else empty
        room_array = np.concatenate(r_parts) if r_parts else empty
        rooms.append(room_array)
        days.append(time_day[picked] if len(times) else empty)
        starts.append(time_start[picked] if len(times) else empty)
        wins.append(time_window[picked] if len(times) else empty)
        indexes.append(PlacementIndex(rooms[-1], days[-1], starts[-1]))
    return Options(
        windows=windows,
        room=tuple(rooms),
        day=tuple(days),
        start=tuple(starts),
        window=tuple(wins),
        index=tuple(indexes),
        duration=np.array([s.duration for s in problem.sessions], dtype=np.int64),
        demand=np.array([s.demand for s in problem.sessions], dtype=np.int64),
        capacity=np.array([r.capacity for r in problem.rooms], dtype=np.int64),
        co_interest=co_interest_matrix(problem),
        share_person=share_person_matrix(problem),
    )

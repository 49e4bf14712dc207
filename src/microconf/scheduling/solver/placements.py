"""Every placement a session may take on its own, and the matrices the search reads.

A placement is legal on its own when it starts on the grid, stays inside the day,
crosses no break, fits the session's and the room's availability, the room has the
required features, and a pinned session is at its pin. Only the rules between
sessions (rooms, people) are left to the search.
"""

from __future__ import annotations

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
    index: tuple[dict[tuple[int, int, int], int], ...]
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


def build_options(problem: Problem) -> Options:
    """Enumerate the legal placements of every session."""
    windows = day_windows(problem)
    by_index = {d.index: d for d in problem.grid.days}
    rooms, days, starts, wins, indexes = [], [], [], [], []
    slot = problem.grid.slot_minutes
    for session in problem.sessions:
        r_list, d_list, s_list, w_list = [], [], [], []
        if session.pin is not None:
            candidates = [
                (r, session.pin.day, session.pin.start)
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
            candidates = [
                (r, d, start)
                for r, room in enumerate(problem.rooms)
                if session.features <= room.features
                for d, start in times
                if room.availability is None
                or _inside(room.availability, d, start, start + session.duration)
            ]
        window_cache: dict[tuple[int, int], int] = {}
        for r, d, start in candidates:
            r_list.append(r)
            d_list.append(d)
            s_list.append(start)
            w = window_cache.get((d, start))
            if w is None:
                w = window_of(windows, d, start, start + session.duration)
                window_cache[d, start] = w
            w_list.append(w)
        rooms.append(np.array(r_list, dtype=np.int64))
        days.append(np.array(d_list, dtype=np.int64))
        starts.append(np.array(s_list, dtype=np.int64))
        wins.append(np.array(w_list, dtype=np.int64))
        indexes.append(
            {
                (r, d, s): k
                for k, (r, d, s) in enumerate(zip(r_list, d_list, s_list, strict=True))
            }
        )
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

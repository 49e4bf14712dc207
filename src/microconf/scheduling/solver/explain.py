"""Cheap pre-checks that name, in an organiser's words, rules that cannot hold.

They run before any search; each finds a reason on its own, so an empty answer
does not prove the instance feasible (the exact model has the last word).
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import numpy as np

from microconf.clock import hhmm
from microconf.scheduling.solver.model import Problem, Session
from microconf.scheduling.solver.placements import (
    Options,
    Window,
    day_windows,
    is_legal,
)

MINUTES_PER_DAY = 24 * 60


def _features(names) -> str:
    names = sorted(names)
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        return f"feature {quoted[0]}"
    return "features " + ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _window_text(w: Window) -> str:
    part = "morning" if w.start < 12 * 60 else "afternoon"
    return f"day {w.day} {part} ({hhmm(w.start)}-{hhmm(w.end)})"


def check_ids(problem: Problem) -> list[str]:
    found = []
    for kind, ids in (
        ("session", [s.id for s in problem.sessions]),
        ("room", [r.id for r in problem.rooms]),
    ):
        found += [
            f"Two {kind}s share the id {i}." for i, n in Counter(ids).items() if n > 1
        ]
    return found


def check_features(problem: Problem) -> list[str]:
    """A session needs features that no room has, alone or together."""
    found = []
    everywhere = (
        set().union(*(r.features for r in problem.rooms)) if problem.rooms else set()
    )
    for s in problem.sessions:
        missing = s.features - everywhere
        if missing:
            found.append(
                f"Session {s.id} needs {_features(missing)}, which no room has."
            )
        elif s.features and not any(s.features <= r.features for r in problem.rooms):
            found.append(
                f"Session {s.id} needs {_features(s.features)} together, "
                "which no single room has."
            )
    return found


def check_pins(problem: Problem) -> list[str]:
    """A pin names a real room and a legal time, and pins do not clash."""
    found = []
    rooms = {r.id: r for r in problem.rooms}
    pinned = [s for s in problem.sessions if s.pin is not None]
    for s in pinned:
        pin = s.pin
        if pin.room not in rooms:
            found.append(
                f"Session {s.id} is pinned to room {pin.room}, which does not exist."
            )
        elif not is_legal(problem, s, rooms[pin.room], pin.day, pin.start):
            found.append(
                f"Session {s.id} is pinned to {pin.room} on day {pin.day} at "
                f"{hhmm(pin.start)}, which breaks its own rules (grid, breaks, day "
                "end, features or availability)."
            )
    for a, b in combinations(pinned, 2):
        pa, pb = a.pin, b.pin
        overlap = (
            pa.day == pb.day
            and pa.start < pb.start + b.duration
            and pb.start < pa.start + a.duration
        )
        if not overlap:
            continue
        if pa.room == pb.room:
            found.append(
                f"Sessions {a.id} and {b.id} are pinned to {pa.room} at the same time."
            )
        shared = sorted(set(a.people) & set(b.people))
        if shared:
            found.append(
                f"Sessions {a.id} and {b.id} are pinned to the same time but "
                f"{', '.join(shared)} must be in both."
            )
    return found


def check_placeable(problem: Problem, options: Options) -> list[str]:
    """Every session has at least one legal room and time."""
    windows = day_windows(problem)
    longest = max((w.length for w in windows), default=0)
    found = []
    for i, s in enumerate(problem.sessions):
        if len(options.room[i]) or s.pin is not None:
            continue
        if s.duration > longest:
            found.append(
                f"Session {s.id} lasts {s.duration} minutes but the longest stretch "
                f"between breaks is {longest} minutes."
            )
        elif s.availability is not None:
            spans = ", ".join(
                f"day {a.day} {hhmm(a.start)}-{hhmm(a.end)}" for a in s.availability
            )
            found.append(
                f"Session {s.id} ({s.duration} min) fits in none of its availability "
                f"windows ({spans or 'none given'}) without crossing a break."
            )
        else:
            found.append(
                f"Session {s.id} has no room and time that meet its features and "
                "the rooms' availability."
            )
    return found


def _session_minutes(problem: Problem, options: Options, i: int) -> np.ndarray:
    """A day x minute mask of the instants at which session i could run."""
    n_days = 1 + max((d.index for d in problem.grid.days), default=0)
    mask = np.zeros((n_days, MINUTES_PER_DAY), dtype=bool)
    duration = int(options.duration[i])
    for d, s in {
        (int(d), int(s)) for d, s in zip(options.day[i], options.start[i], strict=True)
    }:
        mask[d, s : s + duration] = True
    return mask


def check_people(problem: Problem, options: Options) -> list[str]:
    """A person's sessions fit in the time those sessions can take at all."""
    by_person: dict[str, list[int]] = {}
    for i, s in enumerate(problem.sessions):
        for person in set(s.people):
            by_person.setdefault(person, []).append(i)
    found = []
    masks: dict[int, np.ndarray] = {}
    for person, members in sorted(by_person.items()):
        if len(members) < 2:
            continue
        need = sum(problem.sessions[i].duration for i in members)
        available = np.zeros((1, MINUTES_PER_DAY), dtype=bool)
        for i in members:
            if i not in masks:
                masks[i] = _session_minutes(problem, options, i)
            available = available | masks[i]
        if need > int(available.sum()):
            found.append(
                f"Person {person}'s sessions need {need} minutes but {person} is "
                f"available {int(available.sum())}."
            )
    return found


def _room_minutes(problem: Problem, r: int, w: Window) -> int:
    room = problem.rooms[r]
    if room.availability is None:
        return w.length
    return sum(
        max(0, min(a.end, w.end) - max(a.start, w.start))
        for a in room.availability
        if a.day == w.day
    )


def check_room_time(problem: Problem, options: Options) -> list[str]:
    """Sessions confined to some windows fit in the rooms with their features there."""
    windows = options.windows
    regions: list[tuple[str, set[int]]] = [
        (_window_text(w), {w.index}) for w in windows
    ]
    regions.extend(
        (f"day {day.index}", {w.index for w in windows if w.day == day.index})
        for day in problem.grid.days
    )
    regions.append(("the whole conference", {w.index for w in windows}))
    needs = {frozenset()} | {s.features for s in problem.sessions}
    spots_of = [frozenset(int(w) for w in np.unique(ws)) for ws in options.window]
    found = []
    seen: list[frozenset[int]] = []
    flagged: list[frozenset[int]] = []
    for label, region_set in regions:
        region = frozenset(region_set)
        # A day of one window, or a conference of one day, repeats a region; and
        # once a small region is short of room time, larger ones add nothing.
        if region in seen or any(f <= region for f in flagged):
            continue
        seen.append(region)
        for need in sorted(needs, key=sorted):
            users: list[Session] = []
            for i, s in enumerate(problem.sessions):
                spots = spots_of[i]
                if spots and spots <= region and need <= s.features:
                    users.append(s)
            rooms = [r for r, room in enumerate(problem.rooms) if need <= room.features]
            supply = sum(
                _room_minutes(problem, r, windows[w]) for r in rooms for w in region
            )
            demand = sum(s.duration for s in users)
            if demand <= supply:
                continue
            kind = f"a room with {_features(need)}" if need else "a room"
            only = "the only one is"
            if len(rooms) != 1:
                only = f"the {len(rooms)} such rooms are"
            found.append(
                f"{len(users)} sessions need {kind} in {label} for {demand} minutes "
                f"in total; {only} free for {supply} minutes there."
            )
            flagged.append(region)
            break
    return found


def precheck_local(problem: Problem, options: Options) -> list[str]:
    """The checks about one session or pin at a time (run before every solve)."""
    found = check_ids(problem) + check_features(problem) + check_pins(problem)
    return found or check_placeable(problem, options)


def precheck_capacity(problem: Problem, options: Options) -> list[str]:
    """The counting checks: a person's minutes, and room-minutes per region.

    They only ever find real impossibilities, so the solver runs them when the
    greedy construction gets stuck rather than before every solve.
    """
    return check_people(problem, options) + check_room_time(problem, options)

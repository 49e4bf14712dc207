"""Greedy construction and simulated annealing over legal placements.

The state is one legal placement per session (see ``placements``); the rules
between sessions (a room holds one session at a time, nobody is in two places at
once) are kept at every step, so every state the search visits is a valid
schedule. Moves are relocate (any legal placement), shift (±1 or ±2 slots in the
same room) and swap (two sessions exchange places). The change of the objective is
computed from one row of the co-interest matrix, never by recounting.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from microconf.scheduling.solver.model import Placement, Problem
from microconf.scheduling.solver.placements import Options

UNPLACED = -1
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchConfig:
    """Knobs of the annealing; the iteration budget makes a run reproducible."""

    iterations_per_second: int = 12000
    start_temperature: float = 40.0
    end_temperature: float = 0.5
    seed: int = 0


class State:
    """One valid (possibly partial) schedule with its objective terms kept current."""

    def __init__(
        self,
        problem: Problem,
        options: Options,
        previous: Mapping[str, Placement] | None = None,
    ) -> None:
        self.problem = problem
        self.options = options
        n = len(problem.sessions)
        self.n = n
        self.choice = np.full(n, UNPLACED, dtype=np.int64)
        self.room = np.full(n, UNPLACED, dtype=np.int64)
        self.day = np.full(n, UNPLACED, dtype=np.int64)
        self.start = np.zeros(n, dtype=np.int64)
        self.end = np.zeros(n, dtype=np.int64)
        self.weight = options.co_interest.astype(np.float64)
        self.share = options.share_person
        self.pinned = np.array([s.pin is not None for s in problem.sessions])
        w = problem.weights
        self.w_conflicts = w.conflicts
        self.w_overflow = w.overflow
        self.w_moves = w.moves if previous else 0
        self.w_tracks = w.track_rooms
        room_index = {r.id: k for k, r in enumerate(problem.rooms)}
        # Fixed costs of each legal placement: overflow and "moved from previous".
        self.overflow_of = tuple(
            np.maximum(0, options.demand[i] - options.capacity[options.room[i]])
            for i in range(n)
        )
        moved = []
        for i, session in enumerate(problem.sessions):
            before = (previous or {}).get(session.id)
            flags = np.ones(len(options.room[i]), dtype=np.int64)
            if before is None or not previous:
                flags[:] = 0
            elif before.room in room_index:
                k = options.index[i].get(
                    (room_index[before.room], before.day, before.start)
                )
                if k is not None:
                    flags[k] = 0
            moved.append(flags)
        self.moved_of = tuple(moved)
        tracks = sorted({s.track for s in problem.sessions if s.track})
        track_index = {t: k for k, t in enumerate(tracks)}
        self.track = np.array(
            [track_index.get(s.track, -1) for s in problem.sessions], dtype=np.int64
        )
        self.track_count = np.zeros((len(tracks), len(problem.rooms)), dtype=np.int64)
        self.conflicts = 0
        self.overflow = 0
        self.moves = 0
        self.track_excess = 0

    # --- evaluation -------------------------------------------------------------

    def overlaps(self, day: int, start: int, end: int) -> np.ndarray:
        """Mask of placed sessions overlapping (open interval) the given time."""
        return (self.day == day) & (self.start < end) & (self.end > start)

    def total(self) -> int:
        return int(
            self.w_conflicts * self.conflicts
            + self.w_overflow * self.overflow
            + self.w_moves * self.moves
            + self.w_tracks * self.track_excess
        )

    def _track_delta(self, i: int, old_room: int, new_room: int) -> int:
        t = self.track[i]
        if t < 0 or old_room == new_room:
            return 0
        delta = 0
        if old_room != UNPLACED and self.track_count[t, old_room] == 1:
            delta -= 1
        if self.track_count[t, new_room] == 0:
            delta += 1
        return delta

    def _track_excess(self) -> int:
        used = (self.track_count > 0).sum(axis=1)
        return int(np.maximum(used - 1, 0).sum())

    # --- changes ----------------------------------------------------------------

    def place(self, i: int, k: int) -> None:
        """Put session i at its legal placement k (rules are the caller's job)."""
        opts = self.options
        if self.choice[i] != UNPLACED:
            self.unplace(i)
        r, d, s = int(opts.room[i][k]), int(opts.day[i][k]), int(opts.start[i][k])
        e = s + int(opts.duration[i])
        mask = self.overlaps(d, s, e)
        mask[i] = False
        self.conflicts += int(self.weight[i] @ mask)
        self.overflow += int(self.overflow_of[i][k])
        self.moves += int(self.moved_of[i][k])
        if self.track[i] >= 0:
            self.track_count[self.track[i], r] += 1
        self.choice[i], self.room[i], self.day[i] = k, r, d
        self.start[i], self.end[i] = s, e
        self.track_excess = self._track_excess()

    def unplace(self, i: int) -> None:
        k = int(self.choice[i])
        mask = self.overlaps(int(self.day[i]), int(self.start[i]), int(self.end[i]))
        mask[i] = False
        self.conflicts -= int(self.weight[i] @ mask)
        self.overflow -= int(self.overflow_of[i][k])
        self.moves -= int(self.moved_of[i][k])
        if self.track[i] >= 0:
            self.track_count[self.track[i], self.room[i]] -= 1
        self.choice[i] = self.room[i] = self.day[i] = UNPLACED
        self.start[i] = self.end[i] = 0
        self.track_excess = self._track_excess()

    def fits(self, i: int, k: int, ignore: tuple[int, ...] = ()) -> bool:
        """Say whether i may take placement k given the others (minus ``ignore``)."""
        opts = self.options
        r, d, s = opts.room[i][k], opts.day[i][k], opts.start[i][k]
        mask = self.overlaps(d, s, s + opts.duration[i])
        mask[i] = False
        for j in ignore:
            mask[j] = False
        return not (mask & ((self.room == r) | self.share[i])).any()

    def assignment(self) -> dict[str, Placement]:
        rooms = self.problem.rooms
        return {
            s.id: Placement(
                room=rooms[int(self.room[i])].id,
                day=int(self.day[i]),
                start=int(self.start[i]),
            )
            for i, s in enumerate(self.problem.sessions)
            if self.choice[i] != UNPLACED
        }

    def room_onehot(self) -> np.ndarray:
        """Session x room matrix with a one where the session is placed."""
        onehot = np.zeros((self.n, len(self.problem.rooms)), dtype=np.int64)
        placed = self.choice != UNPLACED
        onehot[np.flatnonzero(placed), self.room[placed]] = 1
        return onehot

    def snapshot(self) -> np.ndarray:
        return self.choice.copy()

    def restore(self, choice: np.ndarray) -> None:
        for i in range(self.n):
            if self.choice[i] != UNPLACED:
                self.unplace(i)
        for i in range(self.n):
            if choice[i] != UNPLACED:
                self.place(i, int(choice[i]))


def best_insertion(state: State, i: int) -> int | None:
    """Return the cheapest legal placement of unplaced session i that fits, or None.

    Overlaps are computed once per distinct (day, start), then spread over rooms.
    """
    opts = state.options
    rooms, days, starts = opts.room[i], opts.day[i], opts.start[i]
    times, time_of = np.unique(days * MINUTES_PER_DAY + starts, return_inverse=True)
    t_day, t_start = times // MINUTES_PER_DAY, times % MINUTES_PER_DAY
    t_end = t_start + opts.duration[i]
    placed = state.choice != UNPLACED
    placed[i] = False
    overlap = (
        (t_day[:, None] == state.day[None, :])
        & (t_start[:, None] < state.end[None, :])
        & (t_end[:, None] > state.start[None, :])
        & placed[None, :]
    )
    person_busy = (overlap & state.share[i][None, :]).any(axis=1)
    room_busy = (overlap.astype(np.int64) @ state.room_onehot()) > 0
    free = ~room_busy[time_of, rooms] & ~person_busy[time_of]
    if not free.any():
        return None
    conflict = overlap @ state.weight[i]
    cost = state.w_conflicts * conflict[time_of]
    cost = (
        cost
        + state.w_overflow * state.overflow_of[i]
        + state.w_moves * state.moved_of[i]
    )
    if state.w_tracks and state.track[i] >= 0:
        cost = cost + state.w_tracks * (state.track_count[state.track[i], rooms] == 0)
    # Ties go to the earliest placement.
    cost = cost + 1e-6 * (starts - starts.min()) / 60
    cost = np.where(free, cost, np.inf)
    return int(np.argmin(cost))


def construct(
    state: State, previous: Mapping[str, Placement] | None = None
) -> list[int]:
    """Place every session greedily; return the sessions that found no room.

    Pinned sessions go first, then the previous schedule where it still holds, then
    microconference blocks and the rest by fewest legal placements and largest demand.
    """
    problem, opts = state.problem, state.options
    room_index = {r.id: k for k, r in enumerate(problem.rooms)}
    for i, session in enumerate(problem.sessions):
        if session.pin is not None and len(opts.room[i]) and state.fits(i, 0):
            state.place(i, 0)
    if previous:
        for i, session in enumerate(problem.sessions):
            before = previous.get(session.id)
            if state.choice[i] != UNPLACED or before is None:
                continue
            k = opts.index[i].get(
                (room_index.get(before.room, -1), before.day, before.start)
            )
            if k is not None and state.fits(i, k):
                state.place(i, k)
    order = sorted(
        (i for i in range(state.n) if state.choice[i] == UNPLACED),
        key=lambda i: (
            -int(opts.duration[i]),
            len(opts.room[i]),
            -int(opts.demand[i]),
            problem.sessions[i].id,
        ),
    )
    stuck = []
    for i in order:
        k = best_insertion(state, i)
        if k is None:
            stuck.append(i)
        else:
            state.place(i, k)
    return stuck


def anneal(
    state: State,
    *,
    time_limit_s: float,
    config: SearchConfig,
    on_improvement: Callable[[State], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> np.ndarray:
    """Improve a complete valid state by simulated annealing; return the best choice.

    The run is planned as ``iterations_per_second x time_limit_s`` iterations with a
    geometric cooling, so a fixed seed gives the same answer on any machine fast
    enough to finish the plan; the wall clock only cuts a slow run short.
    """
    rng = np.random.default_rng(config.seed)
    opts = state.options
    n = state.n
    movable = np.flatnonzero(~state.pinned & np.array([len(r) > 1 for r in opts.room]))
    best = state.snapshot()
    best_total = state.total()
    if len(movable) == 0:
        return best
    planned = max(1, int(config.iterations_per_second * time_limit_s))
    deadline = time.monotonic() + time_limit_s
    t0, t1 = config.start_temperature, config.end_temperature
    slot = state.problem.grid.slot_minutes
    weight, share = state.weight, state.share
    batch = 4096
    picks = rng.integers(0, len(movable), size=batch)
    others = rng.integers(0, n, size=batch)
    kinds = rng.random(size=batch)
    accept = rng.random(size=batch)
    for it in range(planned):
        b = it % batch
        if b == 0 and it:
            if time.monotonic() > deadline or (should_stop and should_stop()):
                break
            picks = rng.integers(0, len(movable), size=batch)
            others = rng.integers(0, n, size=batch)
            kinds = rng.random(size=batch)
            accept = rng.random(size=batch)
        temperature = t0 * (t1 / t0) ** (it / planned)
        i = int(movable[picks[b]])
        kind = kinds[b]
        old_k = int(state.choice[i])
        if kind < 0.7:
            # relocate or shift
            if kind < 0.35:
                k = int(rng.integers(0, len(opts.room[i])))
            else:
                step = slot * (1 if kind < 0.6 else 2) * (1 if (it & 1) else -1)
                k = opts.index[i].get(
                    (int(state.room[i]), int(state.day[i]), int(state.start[i]) + step),
                    -1,
                )
                if k < 0:
                    continue
            if k == old_k:
                continue
            r, d, s = int(opts.room[i][k]), int(opts.day[i][k]), int(opts.start[i][k])
            e = s + int(opts.duration[i])
            new_mask = (state.day == d) & (state.start < e) & (state.end > s)
            new_mask[i] = False
            if (new_mask & ((state.room == r) | share[i])).any():
                continue
            old_mask = (
                (state.day == state.day[i])
                & (state.start < state.end[i])
                & (state.end > state.start[i])
            )
            old_mask[i] = False
            row = weight[i]
            d_conf = float(row @ new_mask - row @ old_mask)
            d_over = int(state.overflow_of[i][k] - state.overflow_of[i][old_k])
            d_move = int(state.moved_of[i][k] - state.moved_of[i][old_k])
            d_track = state._track_delta(i, int(state.room[i]), r)
            delta = (
                state.w_conflicts * d_conf
                + state.w_overflow * d_over
                + state.w_moves * d_move
                + state.w_tracks * d_track
            )
            if delta <= 0 or accept[b] < math.exp(-delta / temperature):
                state.place(i, k)
        else:
            j = int(others[b])
            if j == i or state.pinned[j]:
                continue
            # i takes j's room and start, j takes i's.
            ki = opts.index[i].get(
                (int(state.room[j]), int(state.day[j]), int(state.start[j]))
            )
            kj = opts.index[j].get(
                (int(state.room[i]), int(state.day[i]), int(state.start[i]))
            )
            if ki is None or kj is None:
                continue
            before = state.total()
            old_kj = int(state.choice[j])
            state.unplace(i)
            state.unplace(j)
            if state.fits(i, ki):
                state.place(i, ki)
                if state.fits(j, kj):
                    state.place(j, kj)
                    delta = state.total() - before
                    if delta <= 0 or accept[b] < math.exp(-delta / temperature):
                        if state.total() < best_total:
                            best_total = state.total()
                            best = state.snapshot()
                            if on_improvement:
                                on_improvement(state)
                        continue
                    state.unplace(j)
                state.unplace(i)
            state.place(i, old_k)
            state.place(j, old_kj)
            continue
        if state.total() < best_total:
            best_total = state.total()
            best = state.snapshot()
            if on_improvement:
                on_improvement(state)
    return best

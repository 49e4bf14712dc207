"""Greedy construction and simulated annealing over legal placements.

The state is one legal placement per session (see ``placements``); the rules
between sessions (a room holds one session at a time, nobody is in two places at
once) are kept at every step, so every state the search visits is a valid
schedule. Moves are relocate (any legal placement), shift (±1 or ±2 slots in the
same room) and swap (two sessions exchange places). The change of the objective is
computed from one row of the co-interest matrix, never by recounting.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from microconf.scheduling.solver.model import Placement, Problem
from microconf.scheduling.solver.placements import Options

UNPLACED = -1
ROUND_MOVES_PER_SESSION = 10_000
MINUTES_PER_DAY = 24 * 60
FAR = 1 << 40


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchConfig:
    """Knobs of the annealing; the iteration budget makes a run reproducible."""

    iterations_per_second: int = 20000
    start_temperature: float = 40.0
    end_temperature: float = 0.5
    seed: int = 0
    best_move_share: float = 0.0
    swap_share: float = 0.5
    block_share: float = 0.03
    block_any_length: bool = True


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
        # Start and end as minutes from the first day's midnight, unplaced sessions
        # as an empty interval no time overlaps: one comparison pair per overlap test.
        self.abs_start = np.full(n, FAR, dtype=np.int64)
        self.abs_end = np.full(n, -FAR, dtype=np.int64)
        self.win = np.full(n, UNPLACED, dtype=np.int64)
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
        # Python copies of what place and unplace read on every move.
        self.track_of = [int(t) for t in self.track]
        self.track_total = [0] * len(tracks)
        self.duration_of = [int(d) for d in options.duration]
        # Conflict weight each session has with the sessions overlapping it, and
        # per room and day the minutes in use: both make a rejected move cheap.
        self.contribution = np.zeros(n, dtype=np.float64)
        n_days = 1 + max((d.index for d in problem.grid.days), default=0)
        self.busy = np.zeros(
            (len(problem.rooms), n_days, MINUTES_PER_DAY), dtype=np.int16
        )
        self.conflicts = 0
        self.overflow = 0
        self.moves = 0
        self.track_excess = 0

    # --- evaluation -------------------------------------------------------------

    def overlaps(self, day: int, start: int, end: int) -> np.ndarray:
        """Mask of placed sessions overlapping (open interval) the given time."""
        base = day * MINUTES_PER_DAY
        return (self.abs_start < base + end) & (self.abs_end > base + start)

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
        e = s + self.duration_of[i]
        base = d * MINUTES_PER_DAY
        mask = (self.abs_start < base + e) & (self.abs_end > base + s)
        mask[i] = False
        row = self.weight[i] * mask
        total = float(np.add.reduce(row))
        self.contribution += row
        self.contribution[i] = total
        self.conflicts += int(total)
        self.busy[r, d, s:e] += 1
        self.overflow += int(self.overflow_of[i][k])
        self.moves += int(self.moved_of[i][k])
        t = self.track_of[i]
        if t >= 0:
            if self.track_count[t, r] == 0 and self.track_total[t] > 0:
                self.track_excess += 1
            self.track_count[t, r] += 1
            self.track_total[t] += 1
        self.choice[i], self.room[i], self.day[i] = k, r, d
        self.start[i], self.end[i] = s, e
        self.abs_start[i], self.abs_end[i] = base + s, base + e
        self.win[i] = opts.window[i][k]

    def unplace(self, i: int) -> None:
        k = int(self.choice[i])
        r, d = int(self.room[i]), int(self.day[i])
        s, e = int(self.start[i]), int(self.end[i])
        base = d * MINUTES_PER_DAY
        mask = (self.abs_start < base + e) & (self.abs_end > base + s)
        mask[i] = False
        self.contribution -= self.weight[i] * mask
        self.conflicts -= int(self.contribution[i])
        self.contribution[i] = 0.0
        self.busy[r, d, s:e] -= 1
        self.overflow -= int(self.overflow_of[i][k])
        self.moves -= int(self.moved_of[i][k])
        t = self.track_of[i]
        if t >= 0:
            self.track_count[t, r] -= 1
            self.track_total[t] -= 1
            if self.track_total[t] > 0 and self.track_count[t, r] == 0:
                self.track_excess -= 1
        self.choice[i] = self.room[i] = self.day[i] = self.win[i] = UNPLACED
        self.start[i] = self.end[i] = 0
        self.abs_start[i], self.abs_end[i] = FAR, -FAR

    def fits(self, i: int, k: int, ignore: tuple[int, ...] = ()) -> bool:
        """Say whether i may take placement k given the others (minus ``ignore``)."""
        opts = self.options
        r, d, s = opts.room[i][k], opts.day[i][k], opts.start[i][k]
        mask = self.overlaps(d, s, s + opts.duration[i])
        mask[i] = False
        for j in ignore:
            mask[j] = False
        return not np.count_nonzero(mask & ((self.room == r) | self.share[i]))

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


def _block_swap(
    state: State, i: int, j: int, draw: float, temperature: float, any_length: bool
) -> None:
    """Swap the contents of i's room-window and j's room-window, if valid and accepted.

    Every session keeps its offset from the window's start (or, for one draw in two,
    from its end), and the move is dropped when one of them would leave its window.
    This moves a microconference block to another day or half-day together with the
    talks in the way, which single relocations cannot do in a full schedule.
    """
    opts = state.options
    wa, wb = opts.windows[int(state.win[i])], opts.windows[int(state.win[j])]
    ra, rb = int(state.room[i]), int(state.room[j])
    if (wa.index == wb.index and ra == rb) or (
        not any_length and wa.length != wb.length
    ):
        return
    a = np.flatnonzero((state.room == ra) & (state.win == wa.index))
    b = np.flatnonzero((state.room == rb) & (state.win == wb.index))
    if state.pinned[a].any() or state.pinned[b].any():
        return
    from_end = (i + j) % 2 == 1
    targets = []
    for group, room, source, target in ((a, rb, wa, wb), (b, ra, wb, wa)):
        shift = target.end - source.end if from_end else target.start - source.start
        for k in group:
            start = int(state.start[k]) + shift
            choice = opts.index[k].get((room, target.day, start))
            if choice is None:
                return
            targets.append((int(k), choice))
    before = state.total()
    old = [(int(k), int(state.choice[k])) for k in np.concatenate([a, b])]
    for k, _ in old:
        state.unplace(k)
    placed = []
    for k, choice in targets:
        if not state.fits(k, choice):
            break
        state.place(k, choice)
        placed.append(k)
    else:
        delta = state.total() - before
        if delta <= 0 or draw < math.exp(-delta / temperature):
            return
    for k in placed:
        state.unplace(k)
    for k, choice in old:
        state.place(k, choice)


def _swap_delta(state: State, i: int, j: int, ki: int, kj: int) -> float | None:
    """Return the objective change if i and j exchange places, or None if invalid."""
    opts = state.options
    ri, di, si = int(opts.room[i][ki]), int(opts.day[i][ki]), int(opts.start[i][ki])
    rj, dj, sj = int(opts.room[j][kj]), int(opts.day[j][kj]), int(opts.start[j][kj])
    length_i, length_j = state.duration_of[i], state.duration_of[j]
    ei, ej = si + length_i, sj + length_j
    # The longer one needs the room beyond the other's old end: a busy minute there
    # rejects the swap at once (unless it may be the session's own).
    busy = state.busy
    if (
        length_i > length_j
        and busy[ri, di, si + length_j : ei].any()
        and (state.room[i] != ri or state.day[i] != di)
    ):
        return None
    if (
        length_j > length_i
        and busy[rj, dj, sj + length_i : ej].any()
        and (state.room[j] != rj or state.day[j] != dj)
    ):
        return None
    mask_i = state.overlaps(di, si, ei)
    mask_j = state.overlaps(dj, sj, ej)
    for mask in (mask_i, mask_j):
        mask[i] = False
        mask[j] = False
    if length_i == length_j:
        # Each takes exactly the other's room-time: only people can clash.
        if np.count_nonzero(mask_i & state.share[i]):
            return None
        if np.count_nonzero(mask_j & state.share[j]):
            return None
    else:
        if np.count_nonzero(mask_i & ((state.room == ri) | state.share[i])):
            return None
        if np.count_nonzero(mask_j & ((state.room == rj) | state.share[j])):
            return None
    together = di == dj and si < ej and sj < ei
    if together and (ri == rj or state.share[i, j]):
        return None
    was_together = (
        state.day[i] == state.day[j]
        and state.start[i] < state.end[j]
        and state.start[j] < state.end[i]
    )
    w_ij = state.weight[i, j]
    d_conf = (
        state.weight[i] @ mask_i
        + state.weight[j] @ mask_j
        + w_ij * together
        - (state.contribution[i] + state.contribution[j] - w_ij * was_together)
    )
    d_over = (
        state.overflow_of[i][ki]
        + state.overflow_of[j][kj]
        - state.overflow_of[i][state.choice[i]]
        - state.overflow_of[j][state.choice[j]]
    )
    d_move = (
        state.moved_of[i][ki]
        + state.moved_of[j][kj]
        - state.moved_of[i][state.choice[i]]
        - state.moved_of[j][state.choice[j]]
    )
    d_track = 0
    if state.w_tracks and state.track[i] != state.track[j]:
        d_track = state._track_delta(i, int(state.room[i]), ri) + state._track_delta(
            j, int(state.room[j]), rj
        )
    return float(
        state.w_conflicts * d_conf
        + state.w_overflow * d_over
        + state.w_moves * d_move
        + state.w_tracks * d_track
    )


def best_insertion(state: State, i: int, window: int | None = None) -> int | None:
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
    if window is not None:
        free &= opts.window[i] == window
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
    state: State,
    previous: Mapping[str, Placement] | None = None,
    windows: Mapping[int, int] | None = None,
) -> list[int]:
    """Place every session greedily; return the sessions that found no room.

    Pinned sessions go first, then the previous schedule where it still holds, then
    microconference blocks and the rest by fewest legal placements and largest demand.
    ``windows`` asks some sessions into a window (the long-session partition); a
    session that does not fit there goes wherever fits best.
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
        k = None
        if windows and i in windows:
            k = best_insertion(state, i, windows[i])
        if k is None:
            k = best_insertion(state, i)
        if k is None:
            stuck.append(i)
        else:
            state.place(i, k)
    return stuck


def repair(state: State, stuck: list[int], *, rounds: int = 2000) -> list[int]:
    """Place stuck sessions by ejecting the fewest others; return those left over.

    A stuck session takes the placement with the fewest sessions in its way (those
    ejected often count extra, so the chain does not cycle); the ejected ones are
    queued and placed again the same way. Pinned sessions are never ejected.
    """
    opts = state.options
    queue = list(stuck)
    ejected = np.zeros(state.n, dtype=np.int64)
    for _ in range(rounds):
        if not queue:
            return []
        i = queue.pop(0)
        k = best_insertion(state, i)
        if k is None:
            rooms, days, starts = opts.room[i], opts.day[i], opts.start[i]
            ends = starts + opts.duration[i]
            placed = state.choice != UNPLACED
            overlap = (
                (days[:, None] == state.day[None, :])
                & (starts[:, None] < state.end[None, :])
                & (ends[:, None] > state.start[None, :])
                & placed[None, :]
            )
            clash = overlap & (
                (rooms[:, None] == state.room[None, :]) | state.share[i][None, :]
            )
            blocked_by_pin = (clash & state.pinned[None, :]).any(axis=1)
            cost = clash @ (1 + ejected)
            cost = np.where(blocked_by_pin, np.inf, cost.astype(np.float64))
            if not np.isfinite(cost).any():
                queue.append(i)
                continue
            k = int(np.argmin(cost))
            for j in np.flatnonzero(clash[k]):
                state.unplace(int(j))
                ejected[j] += 1
                queue.append(int(j))
        state.place(i, int(k))
    return queue


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
    same_length = {
        int(d): np.flatnonzero(opts.duration == d) for d in np.unique(opts.duration)
    }
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
        if b == 0:
            # Cool by the plan, or by the clock when the machine is too slow for it.
            elapsed = 1.0 - (deadline - time.monotonic()) / max(time_limit_s, 1e-9)
            progress = max(it / planned, min(1.0, elapsed))
            temperature = t0 * (t1 / t0) ** progress
        elif b % 256 == 0:
            # A batch can take a second on a loaded machine: watch the clock here too.
            if time.monotonic() > deadline:
                break
            progress = max(progress, it / planned)
            temperature = t0 * (t1 / t0) ** progress
        i = int(movable[picks[b]])
        kind = kinds[b]
        old_k = int(state.choice[i])
        if kind > 1.0 - config.block_share:
            # Exchange what one room holds in one window with another room-window.
            j = int(others[b])
            if j == i or state.win[i] == UNPLACED or state.win[j] == UNPLACED:
                continue
            _block_swap(state, i, j, accept[b], temperature, config.block_any_length)
        elif kind < config.best_move_share:
            # Move i to its best placement given all the others (never worse).
            state.unplace(i)
            k = best_insertion(state, i)
            state.place(i, old_k if k is None else k)
        elif kind < 1.0 - config.swap_share:
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
            away_from_itself = (
                r != state.room[i]
                or d != state.day[i]
                or s >= state.end[i]
                or e <= state.start[i]
            )
            if away_from_itself and state.busy[r, d, s:e].any():
                continue
            new_mask = state.overlaps(d, s, e)
            new_mask[i] = False
            if np.count_nonzero(new_mask & ((state.room == r) | share[i])):
                continue
            d_conf = float(weight[i] @ new_mask - state.contribution[i])
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
            if it & 2:
                # Half of the swaps pair sessions of one length, which always fit.
                peers = same_length[int(opts.duration[i])]
                j = int(peers[j % len(peers)])
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
            delta = _swap_delta(state, i, j, ki, kj)
            if delta is None:
                continue
            if delta <= 0 or accept[b] < math.exp(-delta / temperature):
                state.unplace(i)
                state.unplace(j)
                state.place(i, ki)
                state.place(j, kj)
        if state.total() < best_total:
            best_total = state.total()
            best = state.snapshot()
            if on_improvement:
                on_improvement(state)
    return best


def anneal_rounds(
    state: State,
    config: SearchConfig,
    deadline: float,
    *,
    on_improvement: Callable[[State], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> None:
    """Anneal until the deadline (or ``should_stop``), leaving the best in state.

    A small instance needs fewer moves than the time allows: anneal in rounds of
    about ROUND_MOVES_PER_SESSION moves per session, each from the best so far
    with a new seed, until the time is up or ``should_stop`` says so.
    """
    round_s = (
        ROUND_MOVES_PER_SESSION
        * len(state.problem.sessions)
        / max(1, config.iterations_per_second)
    )
    round_index = 0
    while not (should_stop and should_stop()):
        remaining = deadline - time.monotonic() - 0.05
        if remaining <= 0.05:
            break
        budget = remaining if remaining < 2 * round_s else round_s
        best = anneal(
            state,
            time_limit_s=budget,
            config=dataclasses.replace(config, seed=config.seed + 7919 * round_index),
            on_improvement=on_improvement,
            should_stop=should_stop,
        )
        state.restore(best)
        round_index += 1

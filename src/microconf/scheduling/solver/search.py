"""The search state, greedy construction and ejection repair.

The state is one legal placement per session (see ``placements``); the rules
between sessions (a room holds one session at a time, nobody is in two places at
once) are kept at every step, so every state the search visits is a valid
schedule. The annealing over this state is in ``annealing`` and ``kernel``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from microconf.scheduling.solver.model import Placement, Problem
from microconf.scheduling.solver.placements import Options

UNPLACED = -1
MINUTES_PER_DAY = 24 * 60
FAR = 1 << 40


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchConfig:
    """Knobs of the annealing; the move budget makes a run reproducible.

    The shares are the probabilities of the move kinds (see ``kernel``); block
    swaps take what the others leave.
    """

    iterations_per_second: int = 1_000_000
    start_temperature: float = 40.0
    end_temperature: float = 0.5
    seed: int = 0
    relocate_share: float = 0.25
    shift_share: float = 0.12
    swap_share: float = 0.28
    segment_share: float = 0.20
    rooms_share: float = 0.12


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
    # Only the placed sessions can be in the way (a large instance's greedy
    # spends most of its time on the others otherwise).
    others = np.flatnonzero(placed)
    overlap = (
        (t_day[:, None] == state.day[None, others])
        & (t_start[:, None] < state.end[None, others])
        & (t_end[:, None] > state.start[None, others])
    )
    person_busy = (overlap & state.share[i][None, others]).any(axis=1)
    room_busy = np.zeros((len(times), len(state.problem.rooms)), dtype=bool)
    at_time, which = np.nonzero(overlap)
    room_busy[at_time, state.room[others[which]]] = True
    free = ~room_busy[time_of, rooms] & ~person_busy[time_of]
    if not free.any():
        return None
    conflict = overlap @ state.weight[i][others]
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

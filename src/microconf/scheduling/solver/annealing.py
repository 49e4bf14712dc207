"""Simulated annealing over a complete valid schedule, driven in chunks.

The moves run in the compiled ``kernel``; this module turns a ``State`` into the
kernel's arrays, runs it in chunks of about a tenth of a second (so the clock, a
stop request and the progress callback are looked at between chunks), and puts
the best schedule back into the state.

A run is planned as a number of moves with a geometric cooling, so a fixed seed
gives the same schedule on any machine fast enough to finish the plan; on a
slower one the cooling follows the clock instead, so the run still ends cold.
Small instances anneal in rounds of about ROUND_MOVES_PER_SESSION moves per
session, each from the best schedule so far with a new seed. By default rounds go
on until the deadline; given a total number of moves, the search makes exactly
those and stops, which makes a run reproducible (``solve(moves=...)``).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from microconf.scheduling.solver import kernel
from microconf.scheduling.solver.model import Day, Grid, Kind, Problem, Room, Session
from microconf.scheduling.solver.placements import build_options
from microconf.scheduling.solver.search import UNPLACED, SearchConfig, State, construct
from microconf.scheduling.solver.slots import slot_bound

ROUND_MOVES_PER_SESSION = 200_000
CHUNK_SECONDS = 0.1
FIRST_CHUNK = 20_000


@dataclass(frozen=True, slots=True)
class Incumbent:
    """What a progress callback reads of the best schedule of a run (as of a State)."""

    choice: np.ndarray
    weighted: int
    conflicts: int

    def total(self) -> int:
        return self.weighted

    def snapshot(self) -> np.ndarray:
        return self.choice.copy()


class Arrays:
    """The kernel's view of a problem and of a state (flat int64 arrays)."""

    def __init__(self, state: State) -> None:
        problem, opts = state.problem, state.options
        n = state.n
        slot = problem.grid.slot_minutes
        days = problem.grid.days
        n_days = 1 + max((d.index for d in days), default=0)
        day_start = np.zeros(n_days, dtype=np.int64)
        slots = 1
        for d in days:
            day_start[d.index] = d.start
            slots = max(slots, -(-(d.end - d.start) // slot))
        counts = np.array([len(r) for r in opts.room], dtype=np.int64)
        self.offset = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=self.offset[1:])

        def flat(parts: tuple[np.ndarray, ...]) -> np.ndarray:
            if not parts:
                return np.zeros(0, dtype=np.int64)
            return np.concatenate(parts).astype(np.int64)

        plc_room, plc_day = flat(opts.room), flat(opts.day)
        plc_start, plc_win = flat(opts.start), flat(opts.window)
        legal = np.full((n, len(problem.rooms), n_days, slots), -1, dtype=np.int64)
        owner = np.repeat(np.arange(n), counts)
        legal[owner, plc_room, plc_day, (plc_start - day_start[plc_day]) // slot] = (
            np.arange(len(plc_room))
        )
        prev_k = np.full(n, -1, dtype=np.int64)
        has_prev = np.zeros(n, dtype=np.uint8)
        if state.w_moves:
            for i, flags in enumerate(state.moved_of):
                if flags.any():
                    has_prev[i] = 1
                    kept = np.flatnonzero(flags == 0)
                    if len(kept):
                        prev_k[i] = self.offset[i] + kept[0]
        ovf = np.maximum(0, opts.demand[:, None] - opts.capacity[None, :]).astype(
            np.int64
        )
        self.problem = (
            opts.duration.astype(np.int64),
            day_start,
            np.int64(slot),
            legal,
            opts.co_interest.astype(np.int64),
            opts.share_person.astype(np.uint8),
            ovf,
            prev_k,
            has_prev,
        )
        by_length = np.argsort(opts.duration, kind="stable").astype(np.int64)
        sorted_lengths = opts.duration[by_length]
        length_lo = np.searchsorted(sorted_lengths, opts.duration, side="left")
        length_hi = np.searchsorted(sorted_lengths, opts.duration, side="right")
        windows = opts.windows
        self.movable = np.flatnonzero(~state.pinned & (counts > 1)).astype(np.int64)
        self.extra = (
            self.movable,
            state.pinned.astype(np.uint8),
            by_length,
            length_lo.astype(np.int64),
            length_hi.astype(np.int64),
            self.offset,
            plc_room,
            plc_day,
            plc_start,
            plc_win,
            np.array([w.day for w in windows], dtype=np.int64),
            np.array([w.start for w in windows], dtype=np.int64),
            np.array([w.end for w in windows], dtype=np.int64),
            state.track.astype(np.int64),
            np.array(
                [state.w_conflicts, state.w_overflow, state.w_moves, state.w_tracks],
                dtype=np.int64,
            ),
        )

    def state_arrays(self, state: State) -> tuple[np.ndarray, ...]:
        if (state.choice == UNPLACED).any():
            raise ValueError("the annealing needs every session placed")
        return (
            (state.choice + self.offset[:-1]).astype(np.int64),
            state.room.astype(np.int64),
            state.day.astype(np.int64),
            state.start.astype(np.int64),
            state.abs_start.astype(np.int64),
            state.abs_end.astype(np.int64),
        )


def _seed_word(seed: int) -> np.ndarray:
    # splitmix64 of the seed: nearby seeds give unrelated streams, never zero.
    z = (seed + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    z ^= z >> 31
    return np.array([z or 1], dtype=np.uint64)


def _shares(config: SearchConfig) -> np.ndarray:
    return np.cumsum(
        [
            config.relocate_share,
            config.shift_share,
            config.swap_share,
            config.segment_share,
            config.rooms_share,
        ]
    ).astype(np.float64)


def anneal(
    state: State,
    arrays: Arrays,
    *,
    time_limit_s: float,
    config: SearchConfig,
    moves: int | None = None,
    on_improvement: Callable[[Incumbent], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> np.ndarray:
    """Anneal from the state's schedule; return the best choice (state untouched).

    The plan is ``moves`` moves (by default ``iterations_per_second`` times the
    time limit); the time limit cuts it short on a slow machine.
    """
    best_local = state.snapshot()
    if len(arrays.movable) == 0:
        return best_local
    st = arrays.state_arrays(state)
    track_count = state.track_count.astype(np.int64).copy()
    totals = np.array(
        [state.conflicts, state.overflow, state.moves, state.track_excess],
        dtype=np.int64,
    )
    best_choice = st[0].copy()
    best_totals = np.array([*totals, state.total()], dtype=np.int64)
    rng = _seed_word(config.seed)
    shares = _shares(config)
    planned = moves or max(1, int(config.iterations_per_second * time_limit_s))
    began = time.monotonic()
    deadline = began + time_limit_s
    done = 0
    chunk = FIRST_CHUNK
    reported = int(best_totals[4])
    while done < planned:
        now = time.monotonic()
        if now >= deadline or (should_stop and should_stop()):
            break
        size = min(chunk, planned - done)
        kernel.run(
            size,
            done,
            planned,
            config.start_temperature,
            config.end_temperature,
            min(1.0, (now - began) / max(time_limit_s, 1e-9)),
            shares,
            arrays.problem,
            arrays.extra,
            st,
            track_count,
            totals,
            best_choice,
            best_totals,
            rng,
        )
        done += size
        spent = time.monotonic() - now
        if spent > 0:
            chunk = max(1000, min(4 * chunk, int(size * CHUNK_SECONDS / spent)))
        if best_totals[4] < reported:
            reported = int(best_totals[4])
            if on_improvement:
                on_improvement(
                    Incumbent(
                        best_choice - arrays.offset[:-1],
                        reported,
                        int(best_totals[0]),
                    )
                )
    return best_choice - arrays.offset[:-1]


def _round_plans(total: int, round_moves: int) -> list[int]:
    """Cut a plan of ``total`` moves into rounds of about ``round_moves``."""
    if total < 2 * round_moves:
        return [max(1, total)]
    count = total // round_moves
    return [round_moves] * (count - 1) + [total - round_moves * (count - 1)]


def anneal_rounds(
    state: State,
    config: SearchConfig,
    deadline: float,
    *,
    moves: int | None = None,
    on_improvement: Callable[[Incumbent], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    arrays: Arrays | None = None,
) -> None:
    """Anneal until the deadline (or ``should_stop``), leaving the best in state.

    A small instance needs fewer moves than the time allows: anneal in rounds of
    about ROUND_MOVES_PER_SESSION moves per session, each from the best so far
    with a new seed. Without ``moves`` the rounds go on until the deadline; with
    it they make exactly that many moves in all and stop, so the answer depends
    only on the seed (the deadline still cuts a machine too slow for the plan).
    ``arrays`` are the kernel's arrays when the caller has built them (for a
    search restricted to some windows, see ``decompose``).
    """
    if arrays is None:
        arrays = Arrays(state)
    round_moves = ROUND_MOVES_PER_SESSION * len(state.problem.sessions)
    plans = None if moves is None else _round_plans(moves, round_moves)
    round_index = 0
    best_total = state.total()
    while not (should_stop and should_stop()):
        remaining = deadline - time.monotonic() - 0.05
        if remaining <= 0.05 or (plans is not None and round_index == len(plans)):
            break
        if plans is None:
            planned = round_moves
            if remaining * config.iterations_per_second < 2 * round_moves:
                planned = int(remaining * config.iterations_per_second)
            budget = planned / max(1, config.iterations_per_second)
        else:
            # The clock share this round may take, should the machine be slow.
            planned = plans[round_index]
            budget = remaining * planned / sum(plans[round_index:])
        best = anneal(
            state,
            arrays,
            moves=max(1, planned),
            time_limit_s=min(budget, remaining),
            config=dataclasses.replace(config, seed=config.seed + 7919 * round_index),
            on_improvement=on_improvement,
            should_stop=should_stop,
        )
        state.restore(best)
        if state.total() > best_total:
            raise AssertionError("the annealing lost its best schedule")
        best_total = state.total()
        round_index += 1


def warm() -> float:
    """Compile the kernels (or load them from numba's cache); return the seconds taken.

    The first compilation takes seconds; ``make install`` calls this so that no
    solve pays for it inside its time limit. The slot bound's pricing is
    compiled too.
    """
    began = time.monotonic()
    problem = Problem(
        name="warm",
        grid=Grid(
            days=(Day(index=0, date="2026-01-01", start=540, end=720),),
            slot_minutes=30,
        ),
        rooms=(
            Room(id="A", capacity=10, features=frozenset()),
            Room(id="B", capacity=10, features=frozenset()),
        ),
        sessions=tuple(
            Session(
                id=f"s{k}",
                kind=Kind.TALK,
                duration=30,
                track="t",
                people=(f"p{k}",),
                interested=(0, 1),
            )
            for k in range(3)
        ),
        attendee_count=2,
    )
    options = build_options(problem)
    state = State(problem, options)
    construct(state)
    slot_bound(problem, options, time_limit_s=1.0)
    anneal(
        state,
        Arrays(state),
        time_limit_s=0.01,
        config=SearchConfig(iterations_per_second=100_000),
    )
    return time.monotonic() - began

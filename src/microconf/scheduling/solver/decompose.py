"""The search decomposed by break-free windows.

No session crosses a break or a day's end, so each lies in one break-free window,
and sessions of different windows never share an instant: two of them never
conflict, never collide in a room and never put a person in two places. With the
window of every session fixed (from the best schedule so far), the problem falls
apart into one sub-problem per window: attendee conflicts and both rules involve
only the sessions of one window, overflow and moves are per session. So a
schedule made of, for each group of windows, the sessions of that group as one
search left them is valid, and its conflicts, overflow and moves are the sums
over the groups' own changes. (The track-rooms term counts rooms per track over
all windows, so a merge is scored again by the ``State``; the merge with the
better total is kept.)

The annealing works on a group of windows by seeing every other session as
pinned and every placement outside the group as illegal; its moves and their
evaluation are the kernel's own, so the schedule it returns is valid for the
whole instance. Two groups can be searched at once, one in each process.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import numpy as np

from microconf.scheduling.solver.annealing import Arrays
from microconf.scheduling.solver.search import UNPLACED, State


def window_groups(state: State, count: int) -> list[list[int]]:
    """Cut the windows into ``count`` groups of about as many sessions each.

    Windows keep their order (a day's windows stay together as far as the counts
    allow); a group is never empty unless there are fewer windows than groups.
    """
    n_windows = len(state.options.windows)
    placed = state.win[state.win != UNPLACED]
    sizes = np.bincount(placed, minlength=n_windows)
    count = max(1, min(count, n_windows))
    total = int(sizes.sum())
    groups: list[list[int]] = [[] for _ in range(count)]
    running = 0
    for w in range(n_windows):
        # The group whose share of the sessions this window's middle falls in.
        g = min(count - 1, int((running + sizes[w] / 2) * count / max(total, 1)))
        groups[g].append(w)
        running += int(sizes[w])
    # Give an empty group a window from its largest neighbour.
    for g in range(count):
        if not groups[g]:
            donor = max(range(count), key=lambda h: len(groups[h]))
            groups[g].append(groups[donor].pop())
            groups[g].sort()
    return groups


def restrict(arrays: Arrays, state: State, windows: Sequence[int]) -> Arrays:
    """The kernel's arrays for a search that moves only the sessions of
    ``windows``, and only to placements inside them.

    Every other session is pinned where the state has it; the pinned sessions
    still count in every evaluation, so conflicts and both rules stay exact.
    """
    allowed = np.zeros(len(state.options.windows), dtype=bool)
    allowed[list(windows)] = True
    problem = list(arrays.problem)
    legal = problem[3]
    plc_win = arrays.extra[9]
    # legal holds a global placement index or -1; keep only those inside the group.
    keep = (legal >= 0) & allowed[plc_win[np.maximum(legal, 0)]]
    problem[3] = np.where(keep, legal, -1)
    inside = np.zeros(state.n, dtype=bool)
    placed = state.win != UNPLACED
    inside[placed] = allowed[state.win[placed]]
    extra = list(arrays.extra)
    pinned = extra[1].astype(bool) | ~inside
    extra[1] = pinned.astype(np.uint8)
    movable = np.flatnonzero(~pinned & (np.diff(arrays.offset) > 1)).astype(np.int64)
    extra[0] = movable
    restricted = copy.copy(arrays)
    restricted.problem = tuple(problem)
    restricted.extra = tuple(extra)
    restricted.movable = movable
    return restricted


def merge(
    base: np.ndarray,
    state: State,
    parts: Sequence[tuple[Sequence[int], np.ndarray]],
) -> np.ndarray:
    """The schedule taking each session from the part that owns its window.

    ``base`` is the schedule the parts started from (its windows say which part
    owns a session); ``parts`` are (windows, choice) pairs with disjoint windows.
    A session of a window no part owns keeps its place in ``base``.
    """
    window_of = np.full(len(state.options.windows) + 1, -1, dtype=np.int64)
    for p, (windows, _) in enumerate(parts):
        window_of[list(windows)] = p
    merged = base.copy()
    for i in range(state.n):
        k = int(base[i])
        if k == UNPLACED:
            continue
        owner = window_of[int(state.options.window[i][k])]
        if owner >= 0:
            merged[i] = parts[owner][1][i]
    return merged

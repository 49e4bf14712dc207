"""The annealing's inner loop, compiled with numba.

A move in plain Python cost about 50 microseconds, which capped a 60 s run at about
a million moves; compiled, a move costs one or two microseconds. Every move
names a group of sessions and where each goes (room, day, start in minutes); one
function (``_evaluate``) checks the group against the legal-placement table and
against the other sessions of the windows it leaves and enters (room taken, person
shared: sessions of different break-free windows never share an instant), and
computes the change of each objective term, so the move kinds differ only in how
they pick the group:

* *relocate*: one session to any of its legal placements;
* *shift*: one session by one or two slots in its room;
* *swap*: two sessions exchange room and start;
* *segment*: a session and the sessions filling the same span at another
  session's start (or end) in another room exchange places, keeping their offsets
  (a microconference block trades places with the talks in its way);
* *rooms*: the sessions of two rooms around one session's time exchange rooms,
  keeping their times (no conflict changes; it repacks the rooms);
* *block*: the contents of two room-windows exchange, keeping offsets.

The random numbers come from a xorshift generator whose state the caller holds,
so a run depends only on its seed, not on the thread or on numba's own generator.
All arrays are int64 (booleans as uint8) so one compiled version serves every
instance; ``cache=True`` keeps the machine code on disk between processes.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

MINUTES_PER_DAY = 24 * 60
MAX_GROUP = 64
CLASH = -(1 << 62)


_U12 = np.uint64(12)
_U25 = np.uint64(25)
_U27 = np.uint64(27)
_U11 = np.uint64(11)
_MULT = np.uint64(2685821657736338717)
_TO_UNIT = 1.0 / 9007199254740992.0


@njit(cache=True, nogil=True)
def _next(rng):
    x = rng[0]
    x ^= x >> _U12
    x ^= x << _U25
    x ^= x >> _U27
    rng[0] = x
    return (x * _MULT) >> _U11


@njit(cache=True, nogil=True)
def _uniform(rng):
    return _next(rng) * _TO_UNIT


@njit(cache=True, nogil=True)
def _below(rng, m):
    return np.int64(_next(rng) % np.uint64(m))


@njit(cache=True, nogil=True)
def _track_excess(track_count, t):
    used = 0
    for r in range(track_count.shape[1]):
        if track_count[t, r] > 0:
            used += 1
    return used - 1 if used > 1 else 0


@njit(cache=True, nogil=True)
def _track_change(m, mv_i, from_room, to_room, track, track_count, mark):
    """Move the group's track counts from ``from_room`` to ``to_room``; return
    the change in rooms used beyond the first, summed over the tracks touched."""
    delta = 0
    for a in range(m):
        t = track[mv_i[a]]
        if t >= 0 and mark[t] == 0:
            mark[t] = 1
            delta -= _track_excess(track_count, t)
    for a in range(m):
        t = track[mv_i[a]]
        if t >= 0:
            track_count[t, from_room[a]] -= 1
            track_count[t, to_room[a]] += 1
    for a in range(m):
        t = track[mv_i[a]]
        if t >= 0 and mark[t] == 1:
            mark[t] = 0
            delta += _track_excess(track_count, t)
    return delta


@njit(cache=True, nogil=True)
def _pair_change(new, old, clash, weight):
    """The change in conflicts of one pair (overlapping ``old`` -> ``new``), or
    CLASH when its new places overlap in one room or with a shared person."""
    if new and clash:
        return CLASH
    if new == old:
        return 0
    return weight if new else -weight


@njit(cache=True, nogil=True)
def _evaluate(m, mv_i, mv_r, mv_d, mv_s, mv_k, in_move, problem, st, wins, terms):
    """Check the group move; on success fill ``mv_k`` and the term changes.

    ``terms`` receives (conflicts, overflow, moves) changes; returns False when a
    target is not a legal placement or collides with a room or a person. Only the
    sessions of a moved session's old and new window are looked at: windows never
    share an instant, so nothing else can overlap either place.
    """
    (dur, day_start, slot, legal, w, share, ovf, prev_k, has_prev) = problem
    choice, room, abs_s, abs_e = st[0], st[1], st[4], st[5]
    n_days = day_start.shape[0]
    slots = legal.shape[3]
    d_over = 0
    d_moves = 0
    for a in range(m):
        i = mv_i[a]
        d = mv_d[a]
        if d < 0 or d >= n_days:
            return False
        offset = mv_s[a] - day_start[d]
        if offset < 0 or offset % slot != 0 or offset // slot >= slots:
            return False
        k = legal[i, mv_r[a], d, offset // slot]
        if k < 0:
            return False
        mv_k[a] = k
        d_over += ovf[i, mv_r[a]] - ovf[i, room[i]]
        if has_prev[i]:
            d_moves += (k != prev_k[i]) - (choice[i] != prev_k[i])
    for a in range(m):
        in_move[mv_i[a]] = 1
    ok = True
    d_conf = 0
    win_of, members, count = wins
    for a in range(m):
        i = mv_i[a]
        r = mv_r[a]
        ns = mv_d[a] * MINUTES_PER_DAY + mv_s[a]
        ne = ns + dur[i]
        os_ = abs_s[i]
        oe = abs_e[i]
        w_old = win_of[choice[i]]
        w_new = win_of[mv_k[a]]
        both = count[w_old] + (count[w_new] if w_new != w_old else 0)
        for q in range(both):
            if q < count[w_old]:
                j = members[w_old, q]
            else:
                j = members[w_new, q - count[w_old]]
            if in_move[j]:
                continue
            js = abs_s[j]
            je = abs_e[j]
            change = _pair_change(
                ns < je and js < ne,
                os_ < je and js < oe,
                room[j] == r or share[i, j],
                w[i, j],
            )
            if change == CLASH:
                ok = False
                break
            d_conf += change
        if not ok:
            break
    if ok:
        for a in range(m):
            i = mv_i[a]
            ns = mv_d[a] * MINUTES_PER_DAY + mv_s[a]
            ne = ns + dur[i]
            for b in range(a + 1, m):
                j = mv_i[b]
                js = mv_d[b] * MINUTES_PER_DAY + mv_s[b]
                je = js + dur[j]
                change = _pair_change(
                    ns < je and js < ne,
                    abs_s[i] < abs_e[j] and abs_s[j] < abs_e[i],
                    mv_r[a] == mv_r[b] or share[i, j],
                    w[i, j],
                )
                if change == CLASH:
                    ok = False
                    break
                d_conf += change
            if not ok:
                break
    for a in range(m):
        in_move[mv_i[a]] = 0
    terms[0] = d_conf
    terms[1] = d_over
    terms[2] = d_moves
    return ok


@njit(cache=True, nogil=True)
def _gather(st, pinned, wins, win, r, d, lo, hi, exclude, out, m0):
    """Append to ``out`` (from position m0) the sessions of window ``win`` in
    room r on day d that overlap [lo, hi) in absolute minutes; return the new
    count, or -1 when one sticks out of the span, is pinned or is ``exclude``.
    (A span that leaves the window is no legal place, so the move fails anyway.)"""
    room, day, abs_s, abs_e = st[1], st[2], st[4], st[5]
    members, count = wins[1], wins[2]
    m = m0
    for q in range(count[win]):
        k = members[win, q]
        if room[k] != r or day[k] != d or abs_s[k] >= hi or abs_e[k] <= lo:
            continue
        if k == exclude or pinned[k] or abs_s[k] < lo or abs_e[k] > hi:
            return -1
        if m >= out.shape[0]:
            return -1
        out[m] = k
        m += 1
    return m


@njit(cache=True, nogil=True)
def _room_exchange(st, pinned, wins, i, rb, mv_i, mv_r, mv_d, mv_s):
    """Fill the group with the sessions of i's room and room rb around i's time,
    each to the other room at the same time; return its size (0: no move).

    The span grows from i's time until no session of either room sticks out of
    it, so the exchange keeps every time and only the rooms change: it costs no
    conflicts and repacks the rooms, which opens gaps that relocations need.
    """
    choice, room, day, start, abs_s, abs_e = st
    win_of, members, count = wins
    win = win_of[choice[i]]
    ra = room[i]
    d = day[i]
    if rb == ra:
        return 0
    lo = abs_s[i]
    hi = abs_e[i]
    grown = True
    while grown:
        grown = False
        for q in range(count[win]):
            k = members[win, q]
            if day[k] != d or (room[k] != ra and room[k] != rb):
                continue
            if abs_s[k] < hi and lo < abs_e[k]:
                if abs_s[k] < lo:
                    lo = abs_s[k]
                    grown = True
                if abs_e[k] > hi:
                    hi = abs_e[k]
                    grown = True
    m = 0
    for q in range(count[win]):
        k = members[win, q]
        if day[k] != d or (room[k] != ra and room[k] != rb):
            continue
        if abs_s[k] < hi and lo < abs_e[k]:
            if pinned[k] or m >= mv_i.shape[0]:
                return 0
            mv_i[m] = k
            mv_r[m] = rb if room[k] == ra else ra
            mv_d[m] = d
            mv_s[m] = start[k]
            m += 1
    return m


@njit(cache=True, nogil=True)
def _change_window(wins, slot_of, k, w_old, w_new):
    """Move session k from window w_old's members to w_new's (swap-remove)."""
    if w_old == w_new:
        return
    members, count = wins[1], wins[2]
    last = members[w_old, count[w_old] - 1]
    members[w_old, slot_of[k]] = last
    slot_of[last] = slot_of[k]
    count[w_old] -= 1
    members[w_new, count[w_new]] = k
    slot_of[k] = count[w_new]
    count[w_new] += 1


@njit(cache=True, nogil=True)
def run(
    moves,
    it0,
    planned,
    t0,
    t1,
    clock_progress,
    shares,
    problem,
    extra,
    st,
    track_count,
    totals,
    best_choice,
    best_totals,
    rng,
):
    """Anneal for ``moves`` moves from iteration ``it0`` of ``planned``.

    ``shares`` are the cumulative probabilities of relocate, shift, swap, segment,
    rooms (block takes the rest). ``totals`` holds (conflicts, overflow, moves, track
    excess) and is kept current; ``best_totals`` holds the same for
    ``best_choice`` plus, last, its weighted total. Returns the moves done.
    """
    dur, slot = problem[0], problem[2]
    n_rooms = problem[6].shape[1]
    (
        movable,
        pinned,
        by_length,
        length_lo,
        length_hi,
        plc_off,
        plc_room,
        plc_day,
        plc_start,
        plc_win,
        win_day,
        win_start,
        win_end,
        track,
        weights,
    ) = extra
    (choice, room, day, start, abs_s, abs_e) = st
    n = dur.shape[0]
    wc, wo, wm, wt = weights[0], weights[1], weights[2], weights[3]
    mv_i = np.empty(MAX_GROUP, dtype=np.int64)
    mv_r = np.empty(MAX_GROUP, dtype=np.int64)
    mv_d = np.empty(MAX_GROUP, dtype=np.int64)
    mv_s = np.empty(MAX_GROUP, dtype=np.int64)
    mv_k = np.empty(MAX_GROUP, dtype=np.int64)
    old_r = np.empty(MAX_GROUP, dtype=np.int64)
    in_move = np.zeros(n, dtype=np.uint8)
    mark = np.zeros(track_count.shape[0], dtype=np.uint8)
    terms = np.zeros(3, dtype=np.int64)
    n_movable = movable.shape[0]
    # Which sessions each window holds, rebuilt per call (n steps): a move only
    # ever looks at the sessions of the windows it touches.
    members = np.empty((win_day.shape[0], n), dtype=np.int64)
    count = np.zeros(win_day.shape[0], dtype=np.int64)
    slot_of = np.empty(n, dtype=np.int64)
    for k in range(n):
        w_k = plc_win[choice[k]]
        members[w_k, count[w_k]] = k
        slot_of[k] = count[w_k]
        count[w_k] += 1
    wins = (plc_win, members, count)
    ratio = t1 / t0
    temperature = t0
    current = wc * totals[0] + wo * totals[1] + wm * totals[2] + wt * totals[3]
    for step in range(moves):
        g = it0 + step
        if step == 0 or g % 1024 == 0:
            # Cool in steps of 1024 moves counted from the run's start, so that
            # where the caller cuts chunks does not change the run.
            progress = max((g - g % 1024) / planned, clock_progress)
            temperature = t0 * ratio ** min(1.0, progress)
        i = movable[_below(rng, n_movable)]
        kind_draw = _uniform(rng)
        m = 0
        if kind_draw < shares[0]:
            k = plc_off[i] + _below(rng, plc_off[i + 1] - plc_off[i])
            if k == choice[i]:
                continue
            mv_i[0] = i
            mv_r[0] = plc_room[k]
            mv_d[0] = plc_day[k]
            mv_s[0] = plc_start[k]
            m = 1
        elif kind_draw < shares[1]:
            step_slots = 1 + _below(rng, 2)
            if _below(rng, 2) == 0:
                step_slots = -step_slots
            mv_i[0] = i
            mv_r[0] = room[i]
            mv_d[0] = day[i]
            mv_s[0] = start[i] + step_slots * slot
            m = 1
        elif kind_draw < shares[2]:
            if _below(rng, 2) == 0:
                j = by_length[length_lo[i] + _below(rng, length_hi[i] - length_lo[i])]
            else:
                j = _below(rng, n)
            if j == i or pinned[j]:
                continue
            mv_i[0] = i
            mv_r[0] = room[j]
            mv_d[0] = day[j]
            mv_s[0] = start[j]
            mv_i[1] = j
            mv_r[1] = room[i]
            mv_d[1] = day[i]
            mv_s[1] = start[i]
            m = 2
        elif kind_draw < shares[3]:
            j = _below(rng, n)
            if j == i or (room[j] == room[i] and day[j] == day[i]):
                continue
            lo = abs_s[j] if _below(rng, 2) == 0 else abs_e[j] - dur[i]
            hi = lo + dur[i]
            w_j = plc_win[choice[j]]
            m = _gather(st, pinned, wins, w_j, room[j], day[j], lo, hi, i, mv_i, 1)
            if m < 0:
                continue
            mv_i[0] = i
            mv_r[0] = room[j]
            mv_d[0] = day[j]
            mv_s[0] = lo - day[j] * MINUTES_PER_DAY
            for a in range(1, m):
                k = mv_i[a]
                mv_r[a] = room[i]
                mv_d[a] = day[i]
                mv_s[a] = start[i] + (abs_s[k] - lo)
        elif kind_draw < shares[4]:
            m = _room_exchange(
                st, pinned, wins, i, _below(rng, n_rooms), mv_i, mv_r, mv_d, mv_s
            )
        else:
            j = _below(rng, n)
            wa = plc_win[choice[i]]
            wb = plc_win[choice[j]]
            ra = room[i]
            rb = room[j]
            if wa == wb and ra == rb:
                continue
            da = win_day[wa]
            db = win_day[wb]
            lo_a = da * MINUTES_PER_DAY + win_start[wa]
            hi_a = da * MINUTES_PER_DAY + win_end[wa]
            lo_b = db * MINUTES_PER_DAY + win_start[wb]
            hi_b = db * MINUTES_PER_DAY + win_end[wb]
            m_a = _gather(st, pinned, wins, wa, ra, da, lo_a, hi_a, -1, mv_i, 0)
            if m_a < 0:
                continue
            m = _gather(st, pinned, wins, wb, rb, db, lo_b, hi_b, -1, mv_i, m_a)
            if m < 0:
                continue
            # Offsets from the window's start, or for one draw in two from its end.
            from_end = _below(rng, 2) == 0
            shift_ab = (
                (win_end[wb] - win_end[wa])
                if from_end
                else (win_start[wb] - win_start[wa])
            )
            for a in range(m):
                k = mv_i[a]
                if a < m_a:
                    mv_r[a] = rb
                    mv_d[a] = db
                    mv_s[a] = start[k] + shift_ab
                else:
                    mv_r[a] = ra
                    mv_d[a] = da
                    mv_s[a] = start[k] - shift_ab
        if m == 0:
            continue
        if not _evaluate(
            m, mv_i, mv_r, mv_d, mv_s, mv_k, in_move, problem, st, wins, terms
        ):
            continue
        for a in range(m):
            old_r[a] = room[mv_i[a]]
        d_track = 0
        if wt != 0:
            d_track = _track_change(m, mv_i, old_r, mv_r, track, track_count, mark)
        delta = wc * terms[0] + wo * terms[1] + wm * terms[2] + wt * d_track
        if delta > 0 and _uniform(rng) >= math.exp(-delta / temperature):
            if wt != 0:
                _track_change(m, mv_i, mv_r, old_r, track, track_count, mark)
            continue
        for a in range(m):
            k = mv_i[a]
            _change_window(wins, slot_of, k, plc_win[choice[k]], plc_win[mv_k[a]])
            choice[k] = mv_k[a]
            room[k] = mv_r[a]
            day[k] = mv_d[a]
            start[k] = mv_s[a]
            abs_s[k] = mv_d[a] * MINUTES_PER_DAY + mv_s[a]
            abs_e[k] = abs_s[k] + dur[k]
        totals[0] += terms[0]
        totals[1] += terms[1]
        totals[2] += terms[2]
        totals[3] += d_track
        current += delta
        if current < best_totals[4]:
            best_totals[0] = totals[0]
            best_totals[1] = totals[1]
            best_totals[2] = totals[2]
            best_totals[3] = totals[3]
            best_totals[4] = current
            best_choice[:] = choice
    return moves

"""Probe how far a schedule is from better ones it could be improved to locally.

Usage: python bench/schedule_probe.py INSTANCE.json SCHEDULE.json
       [--rows 3] [--tries 20] [--time-limit 10] [--seed 1]

It prints the schedule's attendee conflicts split by the kinds of the two
sessions and by window (which sessions clash where), then takes random sets of
``--rows`` *rows* (sessions that share a day, a start and an end) of one length
and re-partitions their sessions among those rows exactly with CP-SAT: each row
keeps its size and its count of video rooms, no two sessions of one person share
a row, and every other session stays where it is. A schedule no such exact
re-partition improves is locally optimal far beyond the annealing's
single-session moves; the solver notes (docs/scheduler.md) cite this probe.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import random

from ortools.sat.python import cp_model

from microconf.clock import hhmm
from microconf.scheduling.solver.anchor import load_instance, load_schedule
from microconf.scheduling.solver.model import Placement, Problem, Session
from microconf.scheduling.solver.placements import (
    co_interest_matrix,
    day_windows,
    share_person_matrix,
)

Span = tuple[int, int, int]  # day, start, end (minutes)


def _span(session: Session, placement: Placement) -> Span:
    return placement.day, placement.start, placement.start + session.duration


def _overlap(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


class Probe:
    def __init__(self, problem: Problem, assignment: dict[str, Placement]) -> None:
        self.problem = problem
        self.sessions = {s.id: s for s in problem.sessions}
        self.rooms = {r.id: r for r in problem.rooms}
        self.place = assignment
        self.span = {sid: _span(self.sessions[sid], p) for sid, p in assignment.items()}
        self.index = {s.id: k for k, s in enumerate(problem.sessions)}
        self.both = co_interest_matrix(problem)
        self.shares = share_person_matrix(problem)

    def weight(self, a: str, b: str) -> int:
        return int(self.both[self.index[a], self.index[b]])

    def share(self, a: str, b: str) -> bool:
        return bool(self.shares[self.index[a], self.index[b]])

    def split(self) -> tuple[dict, dict, dict]:
        """Conflicts by kind pair and by window; sessions per window by kind."""
        windows = day_windows(self.problem)

        def window_of(span: Span) -> str:
            for w in windows:
                if w.day == span[0] and w.start <= span[1] < w.end:
                    return f"day {w.day} {hhmm(w.start)}"
            return "?"

        by_kind: collections.Counter = collections.Counter()
        by_window: collections.Counter = collections.Counter()
        held: dict[str, collections.Counter] = collections.defaultdict(
            collections.Counter
        )
        for sid, span in self.span.items():
            held[window_of(span)][str(self.sessions[sid].kind)] += 1
        for a, b in itertools.combinations(self.span, 2):
            if _overlap(self.span[a], self.span[b]):
                w = self.weight(a, b)
                kinds = sorted((str(self.sessions[a].kind), str(self.sessions[b].kind)))
                by_kind["–".join(kinds)] += w
                by_window[window_of(self.span[a])] += w
        return dict(by_kind), dict(by_window), {k: dict(v) for k, v in held.items()}

    def rows(self) -> dict[Span, list[str]]:
        """Rows of movable sessions: same day, start and end (no pin or window)."""
        rows: dict[Span, list[str]] = collections.defaultdict(list)
        for sid, span in self.span.items():
            s = self.sessions[sid]
            if s.kind != "mc" and s.pin is None and s.availability is None:
                rows[span].append(sid)
        return rows

    def repartition(self, chosen: list[Span], rows, time_limit: float):
        """(current cost, best cost found, proven) of the chosen rows' sessions."""
        members = [sid for r in chosen for sid in rows[r]]
        model = cp_model.CpModel()
        x = {(s, r): model.NewBoolVar("") for s in members for r in chosen}
        cost = []
        for s in members:
            model.AddExactlyOne(x[s, r] for r in chosen)
        for r in chosen:
            model.Add(sum(x[s, r] for s in members) == len(rows[r]))
            video = sum(
                "video" in self.rooms[self.place[s].room].features for s in rows[r]
            )
            model.Add(
                sum(x[s, r] for s in members if "video" in self.sessions[s].features)
                <= video
            )
            others = [
                o for o in self.span if o not in members and _overlap(self.span[o], r)
            ]
            for s in members:
                if any(self.share(s, o) for o in others):
                    model.Add(x[s, r] == 0)
                    continue
                fixed = sum(self.weight(s, o) for o in others)
                if fixed:
                    cost.append(fixed * x[s, r])
        # Pairs of members placed in rows that overlap (the same row included),
        # each way round for two different rows.
        placed_pairs = [
            (ra, rb)
            for ra, rb in itertools.product(chosen, repeat=2)
            if _overlap(ra, rb)
        ]
        for a, b in itertools.combinations(members, 2):
            w, shared = self.weight(a, b), self.share(a, b)
            for ra, rb in placed_pairs:
                if shared:
                    model.AddBoolOr([x[a, ra].Not(), x[b, rb].Not()])
                elif w:
                    y = model.NewBoolVar("")
                    model.AddBoolOr([x[a, ra].Not(), x[b, rb].Not(), y])
                    cost.append(w * y)
        model.Minimize(sum(cost))
        for r in chosen:
            for s in members:
                model.AddHint(x[s, r], s in rows[r])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = time_limit
        solver.parameters.num_workers = 2
        status = solver.Solve(model)
        best = int(solver.ObjectiveValue())
        for r in chosen:
            for s in members:
                model.Add(x[s, r] == int(s in rows[r]))
        current_solver = cp_model.CpSolver()
        current_solver.Solve(model)
        return int(current_solver.ObjectiveValue()), best, status == cp_model.OPTIMAL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance")
    parser.add_argument("schedule")
    parser.add_argument("--rows", type=int, default=3)
    parser.add_argument("--tries", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--max-sessions", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    problem = load_instance(args.instance)
    probe = Probe(problem, load_schedule(args.schedule))
    by_kind, by_window, held = probe.split()
    print(f"attendee conflicts {sum(by_kind.values())}")
    print("by kinds:", ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())))
    for window in sorted(held):
        print(
            f"  {window}: {by_window.get(window, 0):5d} conflicts, holds {held[window]}"
        )
    rows = probe.rows()
    by_length: dict[int, list[Span]] = collections.defaultdict(list)
    for span in rows:
        by_length[span[2] - span[1]].append(span)
    lengths = [n for n, spans in by_length.items() if len(spans) >= args.rows]
    rng = random.Random(args.seed)
    improved = proven = tried = 0
    for _ in range(args.tries):
        if not lengths:
            break
        chosen = rng.sample(by_length[rng.choice(lengths)], args.rows)
        if sum(len(rows[r]) for r in chosen) > args.max_sessions:
            continue
        current, best, optimal = probe.repartition(chosen, rows, args.time_limit)
        tried += 1
        proven += optimal
        improved += best < current
        print(
            f"  rows of {chosen[0][2] - chosen[0][1]} min, "
            f"{sum(len(rows[r]) for r in chosen)} sessions: {current} -> {best}"
            f"{' (optimal)' if optimal else ''}"
        )
    print(
        f"{args.rows}-row re-partitions: {tried} tried, {proven} proven optimal, "
        f"{improved} improved"
    )


if __name__ == "__main__":
    main()

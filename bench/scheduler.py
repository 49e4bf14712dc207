"""Benchmark of the schedule solver on the shared and generated instances.

Usage: python bench/scheduler.py [--time-limit 60] [--scaling-time-limit 30]
       [--only lpc-s1 ...] [--no-generated] [--no-resolve]

Per instance it prints attendee conflicts, overflow, the proven bound, the gap,
time to first feasible and time to best, next to a plain greedy baseline run in
the same process; then a minimal-change re-solve on lpc-s1 and a scaling curve on
generated LPC-like instances (up to 330 sessions).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

from microconf.scheduling.solver import check
from microconf.scheduling.solver.anchor import load_instance
from microconf.scheduling.solver.generate import generate
from microconf.scheduling.solver.model import Problem, TimeWindow
from microconf.scheduling.solver.placements import build_options
from microconf.scheduling.solver.search import State, construct
from microconf.scheduling.solver.solve import solve

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MICROCONF_SHARED", REPO_ROOT / ".." / "shared"))
INSTANCES = ("small-s1", "medium-s1", "lpc-s1")


def greedy(problem: Problem) -> dict:
    started = time.monotonic()
    state = State(problem, build_options(problem))
    stuck = construct(state)
    elapsed = time.monotonic() - started
    assignment = state.assignment()
    return {
        "conflicts": check.attendee_conflicts(problem, assignment),
        "overflow": check.overflow(problem, assignment),
        "violations": len(check.violations(problem, assignment)) + len(stuck),
        "time": elapsed,
    }


def run(problem: Problem, time_limit: float, seed: int, previous=None) -> dict:
    started = time.monotonic()
    solution = solve(problem, time_limit_s=time_limit, seed=seed, previous=previous)
    elapsed = time.monotonic() - started
    o = solution.objective
    return {
        "status": str(solution.status),
        "conflicts": o.attendee_conflicts if o else None,
        "overflow": o.overflow if o else None,
        "moves": o.moves if o else None,
        "objective": o.total if o else None,
        "bound": solution.bound,
        "gap": solution.gap,
        "first": solution.time_to_first_feasible,
        "best": solution.time_to_best,
        "time": elapsed,
        "violations": len(check.violations(problem, solution.assignment)),
        "solution": solution,
    }


def fmt(value, spec: str = "") -> str:
    if value is None:
        return "-"
    return format(value, spec)


def print_table(rows: list[tuple[str, Problem, dict, dict]]) -> None:
    header = (
        f"{'instance':<22}{'n':>4} | {'conflicts':>9}{'overflow':>9}{'objective':>10}"
        f"{'bound':>7}{'gap':>7}{'first s':>8}{'best s':>8}{'viol':>5}{'status':>10}"
        f" | {'greedy c':>9}{'greedy o':>9}{'greedy s':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, problem, solved, base in rows:
        print(
            f"{name:<22}{len(problem.sessions):>4} | {fmt(solved['conflicts']):>9}"
            f"{fmt(solved['overflow']):>9}{fmt(solved['objective']):>10}"
            f"{solved['bound']:>7}{fmt(solved['gap'], '.1%'):>7}"
            f"{fmt(solved['first'], '.2f'):>8}{fmt(solved['best'], '.1f'):>8}"
            f"{solved['violations']:>5}{solved['status']:>10}"
            f" | {base['conflicts']:>9}{base['overflow']:>9}{base['time']:>9.2f}"
        )


def resolve_experiment(
    problem: Problem, first: dict, seed: int, time_limit: float
) -> None:
    """Take one session's current day away from it and re-solve from the schedule."""
    assignment = first["solution"].assignment
    victim = next(
        s
        for s in problem.sessions
        if s.kind != "mc" and s.pin is None and s.availability is None
    )
    lost_day = assignment[victim.id].day
    allowed = tuple(
        TimeWindow(day=d.index, start=d.start, end=d.end)
        for d in problem.grid.days
        if d.index != lost_day
    )
    sessions = tuple(
        dataclasses.replace(s, availability=allowed) if s.id == victim.id else s
        for s in problem.sessions
    )
    changed = dataclasses.replace(problem, sessions=sessions)
    again = run(changed, time_limit, seed, previous=assignment)
    print(
        f"\nre-solve on {problem.name}: {victim.id} may no longer run on day "
        f"{lost_day}; "
        f"{again['moves']} sessions moved, {again['violations']} violations, "
        f"conflicts {first['conflicts']} -> {again['conflicts']}, "
        f"{again['time']:.1f} s (limit {time_limit:g} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--scaling-time-limit", type=float, default=None)
    parser.add_argument("--resolve-time-limit", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--no-generated", action="store_true")
    parser.add_argument("--no-resolve", action="store_true")
    parser.add_argument("--scales", nargs="*", type=float, default=[0.5, 1.0, 1.5, 2.0])
    args = parser.parse_args()
    machine = platform.processor() or platform.machine()
    print(
        f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine}, {os.cpu_count()} cores, "
        f"time limit {args.time_limit:g} s, seed {args.seed}"
    )
    rows = []
    results = {}
    for name in args.only or INSTANCES:
        path = SHARED / "scheduling" / "instances" / f"{name}.json"
        problem = load_instance(path)
        base = greedy(problem)
        solved = run(problem, args.time_limit, args.seed)
        results[name] = (problem, solved)
        rows.append((name, problem, solved, base))
    if rows:
        print_table(rows)
    if not args.no_resolve and "lpc-s1" in results:
        problem, solved = results["lpc-s1"]
        resolve_experiment(problem, solved, args.seed, args.resolve_time_limit)
    if not args.no_generated:
        limit = args.scaling_time_limit or args.time_limit
        print(f"\nscaling on generated instances (time limit {limit:g} s):")
        rows = []
        for scale in args.scales:
            problem = load_instance(generate(scale=scale, seed=1))
            base = greedy(problem)
            solved = run(problem, limit, args.seed)
            rows.append((problem.name, problem, solved, base))
        print_table(rows)


if __name__ == "__main__":
    main()

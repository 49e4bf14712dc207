"""Benchmark of the schedule solver on the shared and generated instances.

Usage: python bench/scheduler.py [--time-limit 60] [--scaling-time-limit 30]
       [--only lpc-s1 ...] [--no-generated] [--no-resolve] [--no-baseline]
       [--scales 0.5 1 1.5 2 5] [--fosdem 1] [--runs-in-process]

Per instance it prints attendee conflicts, overflow, the proven bound, the gap,
time to first feasible, time to best, the weighted objective at half the time
limit (what the second half of the budget bought) and the peak memory of the
process that solved it, next to a greedy + annealing baseline (the solver's greedy
start and its annealing on one core, without the bound or the second process)
given the same time in the same run; then a minimal-change
re-solve on lpc-s1 and a scale curve on generated LPC-like instances (0.5 to 5
times lpc-s1) and on FOSDEM-like ones (bench/fosdem_like.py). Each run is made in
a fresh process (one at a time), so its peak resident memory is its own.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import os
import platform
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from microconf.scheduling.solver import check
from microconf.scheduling.solver.anchor import load_instance
from microconf.scheduling.solver.annealing import anneal_rounds
from microconf.scheduling.solver.generate import generate
from microconf.scheduling.solver.model import Problem, TimeWindow
from microconf.scheduling.solver.placements import build_options
from microconf.scheduling.solver.search import SearchConfig, State, construct, repair
from microconf.scheduling.solver.solve import solve

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MICROCONF_SHARED", REPO_ROOT / ".." / "shared"))
INSTANCES = ("small-s1", "medium-s1", "lpc-s1")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from fosdem_like import generate_fosdem  # noqa: E402 - a sibling script


def _peak_mb() -> float:
    """Peak resident memory of this process and of its largest child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, child) / 1024


def baseline(problem: Problem, time_limit: float, seed: int) -> dict:
    """Greedy start, then the annealing alone on one core until the time limit."""
    started = time.monotonic()
    state = State(problem, build_options(problem))
    stuck = construct(state)
    if stuck:
        stuck = repair(state, stuck)
    first = time.monotonic() - started
    if not stuck:
        anneal_rounds(state, SearchConfig(seed=seed), started + time_limit - 0.2)
    assignment = state.assignment()
    return {
        "conflicts": check.attendee_conflicts(problem, assignment),
        "overflow": check.overflow(problem, assignment),
        "violations": len(check.violations(problem, assignment)) + len(stuck),
        "first": first,
        "time": time.monotonic() - started,
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
        "assignment": solution.assignment,
        "half": _at(solution.history, time_limit / 2),
    }


def _at(history: tuple[tuple[float, int], ...], when: float) -> int | None:
    """The incumbent's weighted objective at ``when`` seconds into the run."""
    before = [total for at, total in history if at <= when]
    return before[-1] if before else None


def _child(what: str, instance: dict | str, time_limit: float, seed: int) -> dict:
    problem = load_instance(instance)
    options = build_options(problem)
    placements = sum(len(r) for r in options.room)
    del options
    result = (run if what == "solve" else baseline)(problem, time_limit, seed)
    return result | {"peak_mb": _peak_mb(), "placements": placements}


def measure(what: str, instance: dict | str, time_limit: float, seed: int) -> dict:
    """Run the solver or the baseline in a fresh process; its result and peak."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1, maxtasksperchild=1) as pool:
        return pool.apply(_child, (what, instance, time_limit, seed))


def measure_both(
    instance: dict | str, time_limit: float, seed: int, with_baseline: bool
) -> tuple[dict, dict | None]:
    solved = measure("solve", instance, time_limit, seed)
    base = measure("baseline", instance, time_limit, seed) if with_baseline else None
    return solved, base


def fmt(value, spec: str = "") -> str:
    if value is None:
        return "-"
    return format(value, spec)


def print_table(rows: list[tuple[str, Problem, dict, dict | None]]) -> None:
    header = (
        f"{'instance':<24}{'n':>4}{'rooms':>6}{'placements':>11} | {'conflicts':>9}"
        f"{'overflow':>9}{'bound':>7}{'gap':>7}{'first s':>8}{'best s':>8}"
        f"{'at half':>8}"
        f"{'peak MB':>8}{'viol':>5}{'status':>9} | {'base c':>7}{'base o':>7}"
        f"{'first s':>8}{'peak MB':>8}{'viol':>5}"
    )
    print(header)
    print("-" * len(header))
    for name, problem, solved, base in rows:
        line = (
            f"{name:<24}{len(problem.sessions):>4}{len(problem.rooms):>6}"
            f"{solved['placements']:>11} | {fmt(solved['conflicts']):>9}"
            f"{fmt(solved['overflow']):>9}{solved['bound']:>7}"
            f"{fmt(solved['gap'], '.1%'):>7}"
            f"{fmt(solved['first'], '.2f'):>8}{fmt(solved['best'], '.1f'):>8}"
            f"{fmt(solved.get('half')):>8}"
            f"{solved['peak_mb']:>8.0f}{solved['violations']:>5}{solved['status']:>9}"
        )
        if base is not None:
            line += (
                f" | {base['conflicts']:>7}{base['overflow']:>7}{base['first']:>8.2f}"
                f"{base['peak_mb']:>8.0f}{base['violations']:>5}"
            )
        print(line, flush=True)


def resolve_experiment(
    problem: Problem, first: dict, seed: int, time_limit: float
) -> None:
    """Take one session's current day away from it and re-solve from the schedule."""
    assignment = first["assignment"]
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
    parser.add_argument("--instance-seed", type=int, default=1)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--no-generated", action="store_true")
    parser.add_argument("--no-resolve", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--scales", nargs="*", type=float, default=[0.5, 1.0, 1.5, 2.0, 5.0]
    )
    parser.add_argument("--fosdem", nargs="*", type=float, default=[1.0])
    args = parser.parse_args()
    machine = platform.processor() or platform.machine()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine}, {os.cpu_count()} cores, "
        f"load average {load}, time limit {args.time_limit:g} s, seed {args.seed}",
        flush=True,
    )
    with_baseline = not args.no_baseline
    rows = []
    results = {}
    for name in args.only if args.only is not None else INSTANCES:
        path = SHARED / "scheduling" / "instances" / f"{name}.json"
        problem = load_instance(path)
        solved, base = measure_both(
            str(path), args.time_limit, args.seed, with_baseline
        )
        results[name] = (problem, solved)
        rows.append((name, problem, solved, base))
    if rows:
        print_table(rows)
    if not args.no_resolve and "lpc-s1" in results:
        problem, solved = results["lpc-s1"]
        resolve_experiment(problem, solved, args.seed, args.resolve_time_limit)
    if not args.no_generated:
        limit = args.scaling_time_limit or args.time_limit
        print(
            f"\nscale curve on generated instances (time limit {limit:g} s, "
            f"load average {os.getloadavg()[0]:.1f}):",
            flush=True,
        )
        instances = [generate(scale=x, seed=args.instance_seed) for x in args.scales]
        instances += [
            generate_fosdem(scale=x, seed=args.instance_seed) for x in args.fosdem
        ]
        rows = []
        for instance in instances:
            problem = load_instance(instance)
            solved, base = measure_both(instance, limit, args.seed, with_baseline)
            rows.append((problem.name, problem, solved, base))
        print_table(rows)


if __name__ == "__main__":
    main()

"""``solve-file``: solve an anchor-1 instance file and write the schedule.

Usage: ``solve-file INSTANCE.json --time-limit 60 --output SCHEDULE.json [--json]
[--seed N] [--workers N] [--search-workers N] [--previous SCHEDULE.json]
[--moves N]``.
With ``--json`` the last line on stdout is one JSON object with the figures;
otherwise a progress line is redrawn on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from microconf.scheduling.solver import check
from microconf.scheduling.solver.anchor import (
    FormatError,
    dump_schedule,
    load_instance,
    load_schedule,
)
from microconf.scheduling.solver.model import Progress, Solution
from microconf.scheduling.solver.solve import solve


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of moves above 0, not {text!r}"
        )
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="solve-file", description=__doc__.splitlines()[0]
    )
    parser.add_argument("instance", type=Path)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--search-workers",
        type=int,
        default=None,
        help="annealing runs (1 or 2); by default a second one takes the core "
        "the bound frees on large instances",
    )
    parser.add_argument("--previous", type=Path)
    parser.add_argument(
        "--moves",
        type=_positive,
        default=None,
        help="anneal exactly this many moves and stop: the same seed then gives "
        "the same schedule on any machine fast enough to make them in the time limit",
    )
    return parser


def _progress_line(update: Progress) -> None:
    incumbent = "-" if update.incumbent is None else str(update.incumbent)
    conflicts = (
        "-" if update.attendee_conflicts is None else str(update.attendee_conflicts)
    )
    gap = ""
    if update.incumbent:
        gap = (
            f" gap {max(0.0, (update.incumbent - update.bound) / update.incumbent):.1%}"
        )
    sys.stderr.write(
        f"\r{update.elapsed:7.1f}s  objective {incumbent}  conflicts {conflicts}  "
        f"bound {update.bound}{gap}   "
    )
    sys.stderr.flush()


def summary(solution: Solution, violations: int) -> dict:
    """The figures of a solution as one flat JSON-ready dict."""
    objective = solution.objective
    return {
        "status": str(solution.status),
        "attendee_conflicts": objective.attendee_conflicts if objective else None,
        "overflow": objective.overflow if objective else None,
        "moves": objective.moves if objective else None,
        "track_rooms": objective.track_rooms if objective else None,
        "objective": objective.total if objective else None,
        "bound": solution.bound,
        "gap": solution.gap,
        "time_to_first_feasible": solution.time_to_first_feasible,
        "time_to_best": solution.time_to_best,
        "wall_time": solution.wall_time,
        "hard_violations": violations,
        "explanation": list(solution.explanation),
    }


def main(argv: list[str]) -> int:
    """Run ``solve-file``; return 0 on a schedule, 1 when none exists, 2 on bad use."""
    args_in = list(argv)
    if args_in and args_in[0] == "solve-file":
        args_in = args_in[1:]
    try:
        args = _parser().parse_args(args_in)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        problem = load_instance(args.instance)
        previous = load_schedule(args.previous) if args.previous else None
    except FormatError as error:
        sys.stderr.write(f"solve-file: {error}\n")
        return 2
    solution = solve(
        problem,
        previous=previous,
        time_limit_s=args.time_limit,
        seed=args.seed,
        workers=args.workers,
        search_workers=args.search_workers,
        moves=args.moves,
        progress=None if args.json else _progress_line,
    )
    if not args.json:
        sys.stderr.write("\n")
    violations = (
        len(check.violations(problem, solution.assignment))
        if solution.assignment
        else 0
    )
    if solution.assignment and args.output:
        args.output.write_text(
            json.dumps(dump_schedule(solution, problem), indent=2) + "\n",
            encoding="utf-8",
        )
    figures = summary(solution, violations)
    if args.json:
        sys.stdout.write(json.dumps(figures) + "\n")
    else:
        for line in solution.explanation:
            sys.stdout.write(line + "\n")
        if solution.objective:
            o = solution.objective
            sys.stdout.write(
                f"{solution.status}: {o.attendee_conflicts} attendee conflicts, "
                f"overflow {o.overflow}, moves {o.moves}, track rooms {o.track_rooms}; "
                f"objective {o.total}, bound {solution.bound}, gap {solution.gap:.1%}\n"
            )
    return 0 if solution.assignment else 1

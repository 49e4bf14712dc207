"""Prove a conflict bound by trying every grouping of the long sessions into windows.

Usage: python bench/grouped_bound.py INSTANCE.json [--cutoff N] [--time-limit S]
       python bench/grouped_bound.py INSTANCE.json --around SCHEDULE.json
                                     [--time-limit S] [--seed K]

For each way of putting the long sessions (microconference blocks) into windows it
solves the slot relaxation with that grouping's facts (``bench/grouped.py``), and
prints the smallest bound over all groupings: no schedule has fewer attendee
conflicts. With ``--cutoff N`` a grouping stops as soon as its bound reaches N
(enough to show that no schedule has fewer than N conflicts, and faster). Too many
groupings (lpc-s1 has 25 blocks) and it says so.

With ``--around SCHEDULE.json`` it takes that schedule's grouping instead and
searches the groupings near it (two blocks swap windows, or one moves) for a lower
bound, for the time limit: where the relaxation is weakest near the groupings the
annealing reaches. That bounds only the groupings it tries, not every schedule.
"""

from __future__ import annotations

import argparse
import math
import platform
import sys
import time
from datetime import UTC, datetime

from grouped import (
    grouped_bound,
    grouping_of,
    search_groupings,
)
from microconf.scheduling.solver.anchor import (
    FormatError,
    load_instance,
    load_schedule,
)
from microconf.scheduling.solver.model import Problem
from microconf.scheduling.solver.placements import Options, build_options
from microconf.scheduling.solver.slots import slot_bound


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance")
    parser.add_argument("--cutoff", type=float, default=math.inf)
    parser.add_argument("--time-limit", type=float, default=1800.0)
    parser.add_argument("--around", help="a schedule whose grouping to search around")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    problem = load_instance(args.instance)
    options = build_options(problem)
    print(
        f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
        f"{problem.name}, {len(problem.sessions)} sessions"
    )
    if args.around:
        return around(problem, options, args)
    began = time.monotonic()
    plain = slot_bound(problem, options, time_limit_s=args.time_limit)
    print(
        f"slot relaxation: {plain.bound} (converged: {plain.converged}, "
        f"{plain.rounds} rounds, {time.monotonic() - began:.1f} s)"
    )

    def progress(done: int, total: int, lowest: int) -> None:
        width = 30
        bar = "#" * (width * done // total)
        sys.stderr.write(
            f"\r[{bar:<{width}}] {done}/{total} groupings, lowest bound {lowest}, "
            f"{time.monotonic() - began:.0f} s"
        )
        sys.stderr.flush()

    result = grouped_bound(
        problem,
        options,
        time_limit_s=args.time_limit,
        cutoff=args.cutoff,
        progress=progress,
    )
    sys.stderr.write("\n")
    if result is None:
        print(
            "grouped relaxation: no bound (no long sessions, too many groupings, "
            "or out of time)"
        )
        return 1
    weakest = ", ".join(
        f"{problem.sessions[i].id} in {options.windows[w].label()}"
        for i, w in sorted((result.weakest or {}).items())
    )
    print(
        f"grouped relaxation: {result.bound} over {result.groupings} groupings "
        f"({time.monotonic() - began:.0f} s); weakest grouping: {weakest}"
    )
    return 0


def around(problem: Problem, options: Options, args: argparse.Namespace) -> int:
    began = time.monotonic()
    start = grouping_of(problem, options, load_schedule(args.around))

    def progress(tried: int, lowest: float) -> None:
        sys.stderr.write(
            f"\r{tried} groupings tried, lowest bound {lowest:.1f}, "
            f"{time.monotonic() - began:.0f} s"
        )
        sys.stderr.flush()

    found = search_groupings(
        problem,
        options,
        start,
        time_limit_s=args.time_limit,
        seed=args.seed,
        progress=progress,
    )
    sys.stderr.write("\n")
    if found is None:
        print("no grouping to search: no long sessions, or the schedule lacks some")
        return 1
    print(f"the schedule's grouping: bound {found.start:.1f}")
    print(
        f"{found.tried} groupings nearby tried in {time.monotonic() - began:.0f} s; "
        f"lowest bound {found.lowest:.1f}"
        + (
            " (a local minimum: no swap or move lowers it)"
            if found.local_minimum
            else ""
        )
        + ", with:"
    )
    for w in sorted(set(found.grouping.values())):
        members = [problem.sessions[b].id for b, a in found.grouping.items() if a == w]
        print(f"  {options.windows[w].label()}: {', '.join(members)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except FormatError as error:
        sys.exit(f"grouped_bound: {error}")

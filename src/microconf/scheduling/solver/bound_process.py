"""The slot relaxation over the heaviest sessions, in its own process, for ``bound``.

GLOP holds the interpreter's lock while it solves, and the masters of large
instances take seconds, so in the solver's thread it stalled the search beside it
(generate(scale=2, seed=2): 5789 conflicts against 5369 for the baseline alone).
Reads a pickled (problem, start schedule or None, end as ``time.time()``) from
stdin and writes each better conflict bound as a line to stdout.
"""

from __future__ import annotations

import pickle
import sys
import time

from microconf.scheduling.solver.bound import heaviest_slot_bound
from microconf.scheduling.solver.placements import build_options


def main() -> None:
    # The only writer is the solver that started this process.
    problem, schedule, ends_at = pickle.loads(sys.stdin.buffer.read())  # noqa: S301
    options = build_options(problem)

    def emit(conflicts: int) -> None:
        sys.stdout.write(f"{conflicts}\n")
        sys.stdout.flush()

    heaviest_slot_bound(
        problem,
        options,
        deadline=time.monotonic() + (ends_at - time.time()) - 0.3,
        stop=None,
        raise_to=emit,
        schedule=schedule,
        latest=None,
    )


if __name__ == "__main__":
    main()

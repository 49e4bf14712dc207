"""The slot relaxation over the heaviest sessions, in its own process, for ``bound``.

GLOP holds the interpreter's lock while it solves, and the masters of large
instances take seconds, so in the solver's thread it stalled the search beside it
(generate(scale=2, seed=2): 5789 conflicts against 5369 for the baseline alone).
Reads a pickled (problem, start schedule or None, end as ``time.time()``) from
stdin, then the search's newer best schedules as they come (further pickles),
and writes each better conflict bound as a line to stdout.
"""

from __future__ import annotations

import pickle
import sys
import threading
import time

from microconf.scheduling.solver.bound import heaviest_slot_bound
from microconf.scheduling.solver.placements import build_options


def main() -> None:
    # The only writer is the solver that started this process.
    problem, schedule, ends_at = pickle.load(sys.stdin.buffer)  # noqa: S301
    newest = [None]

    def listen() -> None:
        try:
            while True:
                newest[0] = pickle.load(sys.stdin.buffer)  # noqa: S301
        except (EOFError, OSError, pickle.UnpicklingError):
            return

    threading.Thread(target=listen, daemon=True).start()
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
        latest=lambda: newest[0],
    )


if __name__ == "__main__":
    main()

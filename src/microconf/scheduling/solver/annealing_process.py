"""A second annealing run for ``solve``, in its own process.

Reads a pickled (problem, start choice, search config, end as ``time.time()``,
windows or None) from stdin, anneals from the start like the main run (given
windows, only the sessions of those windows and only inside them: see
``decompose``), and writes the pickled (best choice, its objective, seconds to
it) to stdout.
"""

from __future__ import annotations

import pickle
import sys
import time

from microconf.scheduling.solver.annealing import Arrays, anneal_rounds
from microconf.scheduling.solver.decompose import restrict
from microconf.scheduling.solver.placements import build_options
from microconf.scheduling.solver.search import State


class _Clock:
    """Notes when the best schedule was found."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.found_at = 0.0

    def improve(self, _state: State) -> None:
        self.found_at = time.monotonic() - self.started


def main() -> None:
    clock = _Clock()
    # The only writer is the solver that started this process.
    job = pickle.loads(sys.stdin.buffer.read())  # noqa: S301
    problem, start, config, ends_at, windows = job
    state = State(problem, build_options(problem))
    state.restore(start)
    arrays = None if windows is None else restrict(Arrays(state), state, windows)
    deadline = time.monotonic() + (ends_at - time.time()) - 0.3
    anneal_rounds(state, config, deadline, on_improvement=clock.improve, arrays=arrays)
    answer = (state.snapshot(), state.total(), clock.found_at)
    sys.stdout.buffer.write(pickle.dumps(answer))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()

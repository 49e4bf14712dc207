"""``python -m microconf.scheduling.solver solve-file ...``."""

import sys

from microconf.scheduling.solver.command import main

raise SystemExit(main(sys.argv[1:]))

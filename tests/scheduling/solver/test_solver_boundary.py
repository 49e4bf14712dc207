"""The solver package stays free of Django."""

import subprocess
import sys


def test_importing_the_solver_pulls_no_django():
    code = (
        "import sys, microconf.scheduling.solver, microconf.scheduling.solver.solve, "
        "microconf.scheduling.solver.command; print('django' in sys.modules)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"

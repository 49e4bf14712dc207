"""The LPC 2023 demo conference.

Its addresses are named here, where ``microconf demo`` reads them before Django
starts; ``builder`` builds it.
"""

import os

SLUG = "lpc2023"
# The seed's page: the Rust microconference proposal.
RUST_PROPOSAL_SLUG = "rust-mc"


def solve_seconds() -> float:
    """How long building the demo solves its schedule: ``MICROCONF_DEMO_SOLVE_SECONDS``.

    A demo-only setting, read when the demo is built rather than in settings.py.
    """
    return float(os.environ.get("MICROCONF_DEMO_SOLVE_SECONDS", "15"))

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data (seed page, schemas, real files) beside the checkout."""
    path = Path(os.environ.get("MICROCONF_SHARED", REPO_ROOT.parent / "shared"))
    if not (path / "seed").is_dir():
        pytest.fail(
            f"The shared data directory {path} is missing: clone it beside the "
            "checkout as ../shared or set MICROCONF_SHARED to its path."
        )
    return path

"""Running axe-core in a Playwright page: nothing serious or critical may be found."""

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page

INSTALLER = Path(__file__).with_name("browser") / "install-axe.sh"


def load_axe() -> str:
    """axe.min.js's source, installed by tests/browser/install-axe.sh if needed."""
    try:
        path = subprocess.run(  # noqa: S603 - our own script
            ["bash", str(INSTALLER)],  # noqa: S607
            capture_output=True, text=True, check=True, timeout=180,
        ).stdout.strip()  # fmt: skip
    except (subprocess.SubprocessError, OSError) as error:
        pytest.fail(
            f"axe-core could not be installed with npm ({error}); the accessibility "
            "check needs Node.js and npm, or MICROCONF_NPM_CACHE set to an install."
        )
    return Path(path).read_text()


def serious_findings(page: Page, axe_source: str) -> list[str]:
    """axe's serious and critical violations on the page, one line each."""
    page.add_script_tag(content=axe_source)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]

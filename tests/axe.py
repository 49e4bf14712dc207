"""Running axe-core in a Playwright page.

axe.min.js comes from the axe-playwright-python package, pinned in requirements.lock
(it ships axe-core 4.12): installed with the other packages, never fetched by a test.
"""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

SERIOUS = frozenset({"serious", "critical"})
_AXE = Axe()


def findings(page: Page, impacts: frozenset[str] | None = None) -> list[str]:
    """axe's violations on the page (those of `impacts` if given), one line each."""
    results = _AXE.run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
        for v in results["violations"]
        if impacts is None or v["impact"] in impacts
    ]


def serious_findings(page: Page) -> list[str]:
    """axe's serious and critical violations on the page, one line each."""
    return findings(page, SERIOUS)

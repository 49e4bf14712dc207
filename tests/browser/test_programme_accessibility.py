"""axe-core finds nothing serious or critical on the programme's main pages."""

import pytest
from playwright.sync_api import Browser, Page

from tests.axe import serious_findings

pytestmark = pytest.mark.browser

PAGES = [
    "/lpc2023/",
    "/lpc2023/timetable/",
    "/lpc2023/tracks/rust/",
    "/lpc2023/contributions/rust-mc/",
    "/lpc2023/search/?q=rust",
    "/lpc2023/agenda/",
    "/lpc2023/speakers/",
    "/lpc2023/tracks/",
]


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    # axe is injected as an inline script, which the pages' Content-Security-Policy
    # refuses; tests/browser/test_content_security_policy.py checks the policy.
    return {**browser_context_args, "bypass_csp": True}


def test_main_pages_have_no_serious_accessibility_findings(page: Page, demo):
    findings = {}
    for path in PAGES:
        page.goto(f"{demo}{path}")
        if found := serious_findings(page):
            findings[path] = found

    assert findings == {}


def test_stacked_phone_timetable_has_no_serious_accessibility_findings(
    page: Page, demo
):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{demo}/lpc2023/timetable/")

    assert serious_findings(page) == []


def test_german_timetable_has_no_serious_accessibility_findings(browser: Browser, demo):
    context = browser.new_context(locale="de-DE", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{demo}/lpc2023/timetable/2023-11-14/")
    assert page.locator("html").get_attribute("lang") == "de"

    assert serious_findings(page) == []

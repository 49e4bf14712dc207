"""A FOSDEM-sized conference's timetable day stays usable on a phone and a desktop.

The conference is bench/large_conference.py's (over 1,000 contributions in 34 rooms),
built once: every check runs in the one test, since the live server's database is
emptied after each test.
"""

import pytest
from playwright.sync_api import Page, expect

from large_conference import build_large
from tests.axe import load_axe, serious_findings

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    # axe is injected as an inline script, which the Content-Security-Policy refuses.
    return {**browser_context_args, "bypass_csp": True}


def test_large_timetable_day_fits_a_phone_and_passes_axe(
    page: Page, transactional_db, live_server, screenshot_dir
):
    conference = build_large()
    assert conference.contributions.count() >= 800
    assert conference.rooms.count() >= 30
    axe_source = load_axe()
    day = f"{live_server.url}/{conference.slug}/timetable/2027-02-06/"

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(day)
    expect(page.get_by_role("heading", level=1)).to_have_text("Timetable")
    expect(page.locator(".tt .item").first).to_be_visible()
    page.screenshot(path=screenshot_dir / "timetable-large-phone.png")
    assert page.evaluate(SIDEWAYS) <= 0
    assert serious_findings(page, axe_source) == []

    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(day)
    expect(page.locator(".tt .item").first).to_be_visible()
    page.screenshot(path=screenshot_dir / "timetable-large-desktop.png")
    assert page.evaluate(SIDEWAYS) <= 0
    assert serious_findings(page, axe_source) == []

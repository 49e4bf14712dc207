"""A FOSDEM-sized conference's timetable day in Chromium, on a phone and a desktop.

The conference is microconf.demo.large's (1088 contributions in 34 rooms over two
days), built once: every check runs in the one test, since the live server's
database is emptied after each test.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from microconf.demo.large import build_large
from tests.axe import findings

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# How far the page itself scrolls sideways (the grid's own region may scroll).
SIDEWAYS = "document.scrollingElement.scrollWidth - window.innerWidth"


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    # axe runs as a script the pages' Content-Security-Policy would refuse.
    return {**browser_context_args, "bypass_csp": True}


def test_large_timetable_day_fits_a_phone_and_a_desktop_and_passes_axe(
    page: Page, live_server, screenshot_dir
):
    conference = build_large()
    assert conference.contributions.count() >= 800
    assert conference.rooms.count() >= 30
    day = f"{live_server.url}/{conference.slug}/timetable/2027-02-06/"

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(day)
    expect(page.get_by_role("heading", level=1)).to_have_text("Timetable")
    expect(page.locator(".tt .item").first).to_be_visible()
    page.screenshot(path=screenshot_dir / "timetable-large-360.png")
    assert page.evaluate(SIDEWAYS) <= 0
    assert findings(page) == []

    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(day)
    expect(page.locator(".tt .item").first).to_be_visible()
    # The time column stays in view and the hint says more rooms are to the right.
    expect(page.locator(".tt-more")).to_be_visible()
    page.screenshot(path=screenshot_dir / "timetable-large-1440.png")
    assert page.evaluate(SIDEWAYS) <= 0
    assert findings(page) == []


def test_large_day_on_a_390_pixel_phone_is_one_page_of_rooms_with_the_others_linked(
    page: Page, live_server, screenshot_dir
):
    conference = build_large()
    rooms = list(conference.rooms.all())
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/{conference.slug}/timetable/2027-02-06/")

    pager = page.get_by_role("navigation", name=f"Rooms 1–10 of {len(rooms)}")
    expect(pager).to_be_visible()
    # Only this page's rooms are in the page: each session names one of them.
    labels = set(page.locator(".tt .room-label").all_inner_texts())
    assert labels <= {r.name.upper() for r in rooms[:10]} | {r.name for r in rooms[:10]}
    assert page.locator(".tt-room").count() == 10
    assert page.evaluate(SIDEWAYS) <= 0
    expect(pager.get_by_role("link", name="Rooms 1–10")).to_have_attribute(
        "aria-current", "page"
    )
    # The pager is a few lines of links: the first session starts on the first screen.
    first = page.locator(".tt .item").first.bounding_box()
    assert first is not None
    assert first["y"] < 844, first
    page.screenshot(path=screenshot_dir / "timetable-large-390.png")
    assert findings(page) == []
    # Which rooms each page holds is folded under the pager, without JavaScript.
    index = pager.locator("details.room-index")
    expect(index.get_by_text(rooms[10].name, exact=False)).to_be_hidden()
    index.locator("summary").click()
    expect(index.get_by_text(rooms[10].name, exact=False)).to_be_visible()
    assert findings(page) == []

    pager.get_by_role("link", name="Rooms 11–20").click()
    expect(page).to_have_url(
        f"{live_server.url}/{conference.slug}/timetable/2027-02-06/rooms/{rooms[10].id}/"
    )
    expect(page.locator(".tt .room-label").first).to_be_visible()
    assert page.locator(".tt-room").count() == 10
    assert page.evaluate(SIDEWAYS) <= 0
    # The next day keeps these rooms; the link at the bottom goes on to the next ones.
    page.get_by_role("navigation", name="Days").get_by_role("link").nth(1).click()
    expect(page).to_have_url(re.compile(rf"/2027-02-07/rooms/{rooms[10].id}/$"))
    page.get_by_role("navigation", name="Other rooms").get_by_role(
        "link", name="Next: rooms 21–30"
    ).click()
    expect(page).to_have_url(re.compile(rf"/2027-02-07/rooms/{rooms[20].id}/$"))
    page.screenshot(
        path=screenshot_dir / "timetable-large-390-full.png", full_page=True
    )

    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/{conference.slug}/timetable/2027-02-06/")
    expect(page.locator(".tt .item").first).to_be_visible()
    page.screenshot(path=screenshot_dir / "timetable-large-paged-1440.png")
    assert page.evaluate(SIDEWAYS) <= 0

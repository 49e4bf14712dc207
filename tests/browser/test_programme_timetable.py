"""A visitor reads the timetable on a desktop, on a phone and with a keyboard."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
MC_TITLE = re.compile(r" MC$")


def test_timetable_shows_rooms_as_columns_and_microconference_blocks(
    page: Page, demo, screenshot_dir
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo}/lpc2023/")
    page.get_by_role("navigation", name="Programme").get_by_role(
        "link", name="Timetable"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Timetable")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Monday, November 13, 2023")
    expect(
        table.get_by_role("columnheader", name="James River Ballroom A")
    ).to_be_visible()
    expect(table.get_by_text("Break until")).to_be_visible()
    page.screenshot(path=screenshot_dir / "timetable-desktop.png", full_page=True)

    # The demo's schedule is solved, so its microconferences run on some day;
    # which day depends on the solve (it is time-limited), so look at each.
    days = page.get_by_role("navigation", name="Days")
    shown = 0
    for day, heading in [
        ("Mon, Nov 13", "Monday, November 13, 2023"),
        ("Tue, Nov 14", "Tuesday, November 14, 2023"),
        ("Wed, Nov 15", "Wednesday, November 15, 2023"),
    ]:
        days.get_by_role("link", name=day).click()
        expect(page.get_by_role("table")).to_contain_text(heading)
        blocks = page.get_by_role("table").get_by_role("heading", name=MC_TITLE)
        shown += blocks.count()
        if blocks.count():
            expect(blocks.first).to_be_visible()
    assert shown > 0


def test_timetable_fits_a_360_pixel_phone_by_stacking_rooms(
    page: Page, demo, screenshot_dir
):
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(f"{demo}/lpc2023/timetable/")

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
    expect(page.locator(".room-label").first).to_be_visible()
    page.screenshot(path=screenshot_dir / "timetable-phone.png", full_page=True)


def test_keyboard_reaches_the_scrollable_timetable_and_its_links(page: Page, demo):
    page.set_viewport_size({"width": 900, "height": 800})
    page.goto(f"{demo}/lpc2023/timetable/")
    region = page.get_by_role("region", name="Monday, November 13, 2023")

    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.closest('table') !== null")
    assert focused


def test_timetable_has_one_title_landmarks_and_labelled_search(page: Page, demo):
    page.goto(f"{demo}/lpc2023/timetable/")

    assert page.get_by_role("heading", level=1).count() == 1
    assert page.get_by_role("main").count() == 1
    expect(page.get_by_role("search")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search the programme")).to_be_visible()
    expect(page.get_by_role("link", name="Timetable")).to_have_attribute(
        "aria-current", "page"
    )

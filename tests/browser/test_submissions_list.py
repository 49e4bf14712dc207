"""The organiser's list of the demo's 190-odd submissions, in a real browser."""

import csv
import io
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from microconf.demo.builder import SLUG
from tests.browser.test_schedule_board import _sign_in_as_organiser

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_an_organiser_filters_sorts_pages_and_downloads_the_submissions(
    browser: Browser, demo: str, screenshot_dir
):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    _sign_in_as_organiser(page, demo)
    page.goto(f"{demo}/{SLUG}/manage/")
    expect(page.get_by_role("status").first).to_contain_text(re.compile(r"1–50 of \d+"))
    rows = page.locator("table.submissions tbody tr")
    expect(rows).to_have_count(50)
    page.screenshot(path=screenshot_dir / "submissions-1440.png", full_page=True)

    # Filter by kind and state; the sort header turns the other way when clicked.
    page.get_by_label("Kind").select_option("topic")
    page.get_by_label("State").select_option("confirmed")
    page.get_by_role("button", name="Show the submissions").click()
    title = page.get_by_role("columnheader", name="Title")
    title.get_by_role("link").click()
    expect(title).to_have_attribute("aria-sort", "ascending")
    first_up = rows.first.locator("td").first.inner_text()
    title.get_by_role("link").click()
    expect(title).to_have_attribute("aria-sort", "descending")
    expect(rows.first.locator("td").first).not_to_have_text(first_up)
    assert "kind=topic" in page.url
    assert "state=confirmed" in page.url

    # The next page keeps the filters and the sort.
    page.get_by_role("navigation", name="Pages of submissions").get_by_role(
        "link", name="Next"
    ).click()
    expect(page.get_by_label("Kind")).to_have_value("topic")
    expect(title).to_have_attribute("aria-sort", "descending")
    for kind in rows.locator("td[data-label='Kind']").all_inner_texts():
        assert kind == "Microconference topic"

    # A search with no match says so.
    page.get_by_label("Search submissions").fill("no such words anywhere")
    page.get_by_role("button", name="Show the submissions").click()
    expect(page.get_by_role("status").first).to_have_text(
        "No submission matches these filters."
    )

    # The CSV is this view, all pages.
    page.get_by_role("link", name="Clear the filters").click()
    page.get_by_label("Kind").select_option("topic")
    page.get_by_role("button", name="Show the submissions").click()
    total = int(
        re.search(r"of (\d+)", page.get_by_role("status").first.inner_text())[1]
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this view as CSV").click()
    lines = list(csv.reader(io.StringIO(download.value.path().read_text("utf-8"))))
    assert len(lines) == total + 1
    assert {line[3] for line in lines[1:]} == {"Microconference topic"}


def test_the_list_fits_a_phone(browser: Browser, demo: str, screenshot_dir):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _sign_in_as_organiser(page, demo)
    page.goto(f"{demo}/{SLUG}/manage/?sort=-authors")

    expect(page.locator("table.submissions tbody tr")).to_have_count(50)
    assert _no_sideways_scroll(page)
    page.screenshot(path=screenshot_dir / "submissions-390.png", full_page=True)
    page.get_by_label("Sort by").select_option("title")
    page.get_by_role("button", name="Show the submissions").click()
    expect(page.get_by_label("Sort by")).to_have_value("title")
    assert _no_sideways_scroll(page)

"""The interface's language in Chromium: from the browser, or from the selector."""

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser


def test_the_selector_switches_the_language_and_back(page: Page, demo):
    page.goto(f"{demo}/lpc2023/timetable/2023-11-14/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Timetable")

    page.get_by_label("Language").select_option(label="Deutsch")
    page.get_by_role("button", name="Change language").click()

    # The same page comes back, in German, dates included.
    expect(page).to_have_url(f"{demo}/lpc2023/timetable/2023-11-14/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zeitplan")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    day = page.get_by_role("region", name="Dienstag, 14. November 2023")
    expect(day).to_be_visible()
    page.goto(f"{demo}/lpc2023/contributions/rust-mc/")
    expect(page.get_by_role("heading", name="Präsentationsmaterial")).to_be_visible()
    # The conference's own words stay as written.
    expect(page.get_by_role("heading", level=1)).to_have_text("Rust MC")

    page.get_by_label("Sprache").select_option(label="English")
    page.get_by_role("button", name="Sprache wechseln").click()
    expect(page.get_by_role("heading", name="Presentation materials")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_german_browser_gets_german_words_from_the_script_too(browser: Browser, demo):
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    page.goto(f"{demo}/lpc2023/timetable/2023-11-14/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zeitplan")

    switch = page.locator("button.tz-switch")
    expect(switch).to_have_text(
        "Zeiten in America/New_York. Zeiten in meiner Zeitzone zeigen (Europe/Berlin)"
    )
    switch.click()
    expect(switch).to_have_text(
        "Zeiten in Europe/Berlin (Ihre). Zeiten in America/New_York zeigen"
    )
    expect(page.locator(".tt-caption .tz-name")).to_have_text(
        "Europe/Berlin (Ihre Zeitzone)"
    )

"""A visitor finds the Rust MC proposal from the conference's home page."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_visitor_follows_links_from_home_to_the_rust_mc_page(
    page: Page, demo, screenshot_dir
):
    page.goto(f"{demo}/lpc2023/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Linux Plumbers Conference 2023"
    )

    page.get_by_role("link", name="LPC Microconference Proposals").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "LPC Microconference Proposals"
    )
    page.get_by_role("link", name="Rust MC", exact=True).click()

    expect(page).to_have_url(re.compile(r"/lpc2023/contributions/rust-mc/$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Rust MC")
    expect(page.get_by_role("banner")).to_contain_text("Nov 13 – 15, 2023")
    expect(page.get_by_role("banner")).to_contain_text("America/New_York timezone")
    expect(main.locator(".schedule-status")).to_have_text("Not scheduled")
    expect(main.locator(".track")).to_have_text("LPC Microconference Proposals")
    expect(main.get_by_text("Possible Rust for Linux topics:")).to_be_visible()
    expect(main.get_by_role("list").first).to_contain_text("Rust in the kernel")
    expect(main.get_by_role("heading", name="Primary authors")).to_be_visible()
    expect(main.get_by_role("heading", name="Presentation materials")).to_be_visible()
    expect(main.get_by_text("There are no materials yet.")).to_be_visible()
    sponsors = page.get_by_role("complementary", name="Sponsors")
    for tier in [
        "Diamond Sponsors", "Platinum Sponsor", "Gold Sponsors", "Silver Sponsors",
        "Catchbox Sponsor", "Livestream Sponsors", "T-Shirt Sponsor",
    ]:  # fmt: skip
        expect(sponsors.get_by_role("heading", name=tier)).to_be_visible()
    page.screenshot(path=screenshot_dir / "rust-mc.png", full_page=True)


@pytest.mark.parametrize("path", ["/lpc2023/", "/lpc2023/contributions/rust-mc/"])
def test_pages_fit_a_360_pixel_phone_without_sideways_scrolling(
    page: Page, demo, screenshot_dir, path
):
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(f"{demo}{path}")

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
    name = path.strip("/").replace("/", "-")
    page.screenshot(path=screenshot_dir / f"phone-{name}.png", full_page=True)


def test_keyboard_user_can_skip_to_the_content(page: Page, demo):
    page.goto(f"{demo}/lpc2023/contributions/rust-mc/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()


def test_pages_have_one_title_and_the_landmarks(page: Page, demo):
    for path in [
        "/",
        "/lpc2023/",
        "/lpc2023/tracks/rust/",
        "/lpc2023/contributions/rust-mc/",
    ]:
        page.goto(f"{demo}{path}")

        assert page.get_by_role("heading", level=1).count() == 1, path
        assert page.get_by_role("main").count() == 1, path
        assert page.get_by_role("banner").count() == 1, path
        assert page.get_by_role("contentinfo").count() == 1, path
        assert page.evaluate("document.documentElement.lang") == "en", path


def test_unknown_address_shows_the_not_found_page(page: Page, demo):
    response = page.goto(f"{demo}/lpc2023/contributions/no-such-talk/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    page.get_by_role("link", name="See all conferences").click()
    expect(
        page.get_by_role("link", name="Linux Plumbers Conference 2023")
    ).to_be_visible()

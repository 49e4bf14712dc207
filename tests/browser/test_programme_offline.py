"""The public programme reads offline once visited; no signed-in page is kept."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

PASSWORD = "offline test password 1"

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    # wait_for_function evaluates strings, which the CSP refuses to the page.
    return {**browser_context_args, "bypass_csp": True, "service_workers": "allow"}


def _kept(page: Page) -> list[str]:
    return page.evaluate(
        """async () => {
        const names = await caches.keys();
        const urls = [];
        for (const name of names) {
          for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
        }
        return urls;
    }"""
    )


def test_programme_reads_offline_after_one_visit(page: Page, demo):
    page.goto(f"{demo}/lpc2023/timetable/2023-11-13/")
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== null",
        timeout=30_000,
    )
    for _ in range(120):  # the worker fetches the programme in the background
        if any(url.endswith("/offline-version") for url in _kept(page)):
            break
        page.wait_for_timeout(1000)
    page.context.set_offline(True)
    page.goto(f"{demo}/lpc2023/timetable/2023-11-14/")
    expect(
        page.get_by_role("region", name="Tuesday, November 14, 2023")
    ).to_be_visible()
    page.goto(f"{demo}/lpc2023/contributions/rust-mc/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rust MC")
    page.goto(f"{demo}/lpc2023/agenda/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My agenda")
    page.context.set_offline(False)
    assert not any("/accounts/" in url or "/manage/" in url for url in _kept(page))


def test_a_signed_in_page_is_never_kept_for_offline(page: Page, demo):
    """Signed in, the pages say so; offline, only the anonymous copies answer."""
    user = User.objects.get(username="organiser@example.org")
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{demo}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Your page")).to_be_visible()

    day = f"{demo}/lpc2023/timetable/2023-11-14/"
    submissions = f"{demo}/lpc2023/manage/"
    page.goto(day)
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== null",
        timeout=30_000,
    )
    for _ in range(120):  # the worker fetches the programme in the background
        if any(url.endswith("/offline-version") for url in _kept(page)):
            break
        page.wait_for_timeout(1000)
    # Seen signed in, through the worker, after it kept the programme.
    page.goto(day)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(submissions)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    kept_day = page.evaluate(
        """async (url) => {
        for (const name of await caches.keys()) {
          const hit = await (await caches.open(name)).match(url, {ignoreVary: true});
          if (hit) return await hit.text();
        }
        return null;
    }""",
        day,
    )

    assert kept_day is not None
    assert "Sign out" not in kept_day
    assert "Your page" not in kept_day
    assert submissions not in _kept(page)
    page.context.set_offline(True)
    page.goto(day)
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    with pytest.raises(PlaywrightError):
        page.goto(submissions)
    page.context.set_offline(False)

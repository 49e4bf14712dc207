"""The public programme reads offline once visited; no signed-in page is kept."""

import pytest
from playwright.sync_api import Page, expect

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

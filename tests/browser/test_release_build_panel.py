"""The board's panel of a release's files, in a real browser: it follows the worker."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from microconf.demo.builder import SLUG
from tests.axe import serious_findings
from tests.browser.test_schedule_board import _sign_in_as_organiser

pytestmark = pytest.mark.browser


def test_the_build_panel_moves_on_by_itself_when_the_worker_builds(
    page: Page, demo: str, screenshot_dir, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    _sign_in_as_organiser(page, demo)
    page.goto(f"{demo}/{SLUG}/manage/schedule/#build")
    panel = page.locator("#build")
    expect(panel.get_by_role("heading")).to_contain_text("release 1")
    expect(page.locator("#build-state")).to_have_text("Waiting for the worker")
    expect(page.locator("#worker-missing-build")).to_be_visible()
    expect(page.locator("#build-progress")).to_be_visible()
    panel.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "release-build-waiting.png")
    assert serious_findings(page) == []

    # The worker builds while the page is open: the page follows without a reload
    # by the reader, then shows the built files.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    expect(page.locator("#build-state")).to_have_text("Built")
    expect(page.locator("#build-pdf")).to_be_visible()
    expect(page.locator("#build-site")).to_be_visible()
    expect(
        panel.get_by_role("button", name="Rebuild the printable programme")
    ).to_be_visible()
    page.locator("#build").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "release-build-done.png")
    assert serious_findings(page) == []

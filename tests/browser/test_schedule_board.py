"""The schedule board in a real browser: live warnings, a move, the picture."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from microconf.cfp.models import Contribution
from microconf.demo.builder import SLUG
from tests.browser.test_programme_accessibility import (  # the same axe check
    _serious_findings,
    axe_source,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def _sign_in_as_organiser(page: Page, base: str) -> None:
    user = User.objects.get(username="organiser@example.org")
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Your page")).to_be_visible()


def _place_of(title: str) -> tuple[str, str, str]:
    """A released talk's room, day index and minutes, as the move form names them."""
    talk = Contribution.objects.select_related("conference").get(title=title)
    local = talk.start.astimezone(talk.conference.tz)
    day = (local.date() - talk.conference.start_date).days
    return f"r{talk.room_id}", str(day), str(local.hour * 60 + local.minute)


def test_an_organiser_moves_a_talk_with_live_warnings(
    page: Page, demo: str, screenshot_dir
):
    _sign_in_as_organiser(page, demo)
    page.goto(f"{demo}/{SLUG}/manage/schedule/")
    expect(page.get_by_role("heading", name="Schedule board")).to_be_visible()
    expect(page.get_by_role("img").first).to_be_visible()  # the conflict picture
    page.screenshot(path=screenshot_dir / "schedule-board.png")
    talks = list(
        Contribution.objects.filter(
            conference__slug=SLUG, kind=Contribution.Kind.TALK, start__isnull=False
        ).order_by("title")[:2]
    )
    mover, target = talks
    room, day, minutes = _place_of(target.title)

    form = page.locator("form.change-form").first
    form.get_by_label("Session").select_option(f"c-{mover.pk}")
    form.get_by_label("Room").select_option(room)
    form.get_by_label("Day").select_option(day)
    form.get_by_label("Start").select_option(minutes)
    warnings = form.locator(".live-warnings")
    expect(warnings).to_contain_text(f"already holds “{target.title}”")
    # "Attendee conflicts rise by …" or "No change in attendee conflicts (…)".
    expect(warnings).to_contain_text(re.compile("attendee conflicts", re.IGNORECASE))
    form.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "schedule-board-warnings.png")

    form.get_by_role("button", name="Move").click()
    expect(page.get_by_role("alert")).to_contain_text("Not done yet")
    page.locator("form.change-form").first.get_by_label("Do it anyway").check()
    page.locator("form.change-form").first.get_by_role("button", name="Move").click()

    expect(page.get_by_role("status")).to_contain_text("Done:")
    expect(page.get_by_role("status")).to_contain_text(
        f"already holds “{target.title}”"
    )


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    # axe goes in as an inline script, which the Content-Security-Policy refuses.
    return {**browser_context_args, "bypass_csp": True}


def test_the_board_has_no_serious_accessibility_findings(
    page: Page,
    demo: str,
    axe_source,  # noqa: F811 - the fixture imported above
):
    _sign_in_as_organiser(page, demo)
    page.goto(f"{demo}/{SLUG}/manage/schedule/")

    assert _serious_findings(page, axe_source) == []

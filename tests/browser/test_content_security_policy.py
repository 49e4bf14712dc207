"""The main pages run under the Content-Security-Policy without a single violation.

Chromium reports every refused inline script, handler or style on the console; an
init script (which the policy does not govern) also records the DOM's
``securitypolicyviolation`` events, so a violation without a console line counts too.
"""

import pytest
from playwright.sync_api import Browser, Page, expect

from microconf.conference.models import Conference
from microconf.demo.builder import SLUG
from microconf.people.models import TeamMembership
from tests.factories import make_user

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""

PUBLIC_PAGES = [
    "/",
    f"/{SLUG}/",
    f"/{SLUG}/timetable/",
    f"/{SLUG}/contributions/rust-mc/",
    f"/{SLUG}/agenda/",
    f"/{SLUG}/search/?q=rust",
    f"/{SLUG}/cfp/",
    f"/{SLUG}/changelog/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/api/v1/docs",
]
TEAM_PAGES = [
    "/me/",
    "/me/profile/",
    f"/{SLUG}/cfp/refereed/propose/",
    f"/{SLUG}/manage/",
    f"/{SLUG}/review/",
    f"/{SLUG}/manage/sponsors/",
    f"/{SLUG}/manage/team/",
    f"/{SLUG}/manage/outbox/",
    "/manage/import/",
    "/admin/",
    "/admin/conference/conference/",
    "/admin/cfp/contribution/",
]


def _watched_page(browser: Browser) -> tuple[Page, list[str]]:
    context = browser.new_context()
    context.add_init_script(_RECORD_VIOLATIONS)
    page = context.new_page()
    reports: list[str] = []

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            reports.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return page, reports


def _visit(page: Page, base: str, path: str, reports: list[str]) -> None:
    response = page.goto(base + path)
    assert response is not None
    assert response.status == 200, (path, response.status)
    page.wait_for_load_state("networkidle")
    reports.extend(f"{path}: {v}" for v in page.evaluate("window.__cspViolations"))


def test_public_pages_run_without_policy_violations(demo, browser: Browser):
    page, reports = _watched_page(browser)

    for path in PUBLIC_PAGES:
        _visit(page, demo, path, reports)

    assert reports == []


def test_signed_in_and_staff_pages_run_without_policy_violations(
    demo, browser: Browser
):
    organiser = make_user("csp-organiser@example.org", name="Cleo Policy")
    organiser.is_staff = organiser.is_superuser = True
    organiser.save(update_fields=["is_staff", "is_superuser"])
    TeamMembership.objects.create(
        conference=Conference.objects.get(slug=SLUG),
        user=organiser,
        role=TeamMembership.Role.ORGANISER,
    )
    page, reports = _watched_page(browser)
    page.goto(f"{demo}/accounts/login/")
    page.get_by_label("Email").fill("csp-organiser@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("navigation", name="Your account")).to_contain_text(
        "Sign out"
    )

    for path in TEAM_PAGES:
        _visit(page, demo, path, reports)

    assert reports == []


def test_an_inline_style_would_be_reported(demo, browser: Browser):
    """The watch itself works: a style attribute added by the page is caught."""
    page, reports = _watched_page(browser)
    _visit(page, demo, "/", reports)

    page.set_content('<p style="color: red">x</p>')
    reports.extend(page.evaluate("window.__cspViolations"))

    assert reports != []

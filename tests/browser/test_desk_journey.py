"""The organiser's desk in a real browser: a conference set up from nothing."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from microconf.audit.models import AuditEntry
from microconf.cfp.models import Contribution
from microconf.conference.models import Conference
from microconf.desk.services import allow_conference_creation
from tests.factories import make_user

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture
def people(transactional_db, live_server) -> str:
    allow_conference_creation(make_user("dora@example.org", name="Dora Organiser"))
    make_user("sam@example.org", name="Sam Speaker")
    return live_server.url


def _sign_in(browser: Browser, base: str, email: str) -> Page:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Your page")).to_be_visible()
    return page


def _add_room(page: Page, name: str, seats: str) -> None:
    page.get_by_role("link", name="Add a room").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Seats").fill(seats)
    page.get_by_label("Equipment").fill("video, hybrid")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"The room {name} was added.")).to_be_visible()


def test_an_organiser_sets_up_a_conference_from_the_desk_and_a_speaker_submits(
    browser: Browser, people: str, screenshot_dir
):
    base = people
    organiser = _sign_in(browser, base, "dora@example.org")
    organiser.goto(f"{base}/me/")
    organiser.get_by_role("link", name="Create a conference").click()
    organiser.get_by_label("Name").fill("Storage Summit 2031")
    organiser.get_by_label("Address").fill("storage2031")
    organiser.get_by_label("First day").fill("2031-09-15")
    organiser.get_by_label("Last day").fill("2031-09-16")
    organiser.get_by_label("Timezone").fill("Europe/Lisbon")
    organiser.get_by_label("Venue").fill("Centro de Congressos")
    organiser.get_by_label("City").fill("Lisbon")
    organiser.get_by_role("button", name="Create the conference").click()
    expect(organiser.get_by_role("heading", name="Organiser's desk")).to_be_visible()

    _add_room(organiser, "Sala Tejo", "300")
    _add_room(organiser, "Sala Douro", "80")
    organiser.get_by_role("link", name="Add a track").click()
    organiser.get_by_label("Name").fill("Refereed talks")
    organiser.get_by_label("Address").fill("talks")
    organiser.get_by_label("Kind").select_option(label="Refereed track")
    organiser.get_by_role("button", name="Save").click()

    # Its call: open from yesterday, closing next month, in 24-hour time.
    organiser.get_by_role("link", name="Open a call for Refereed talks").click()
    today = timezone.now().astimezone(dt.UTC).date()
    organiser.locator("[name=opens_at_0]").fill(f"{today - dt.timedelta(days=1)}")
    organiser.locator("[name=opens_at_1]").fill("09:00")
    organiser.locator("[name=closes_at_0]").fill(f"{today + dt.timedelta(days=30)}")
    organiser.locator("[name=closes_at_1]").fill("23:59")
    organiser.get_by_role("button", name="Save").click()
    expect(organiser.get_by_text("Add its types of contribution")).to_be_visible()
    organiser.locator("[name=types-0-name]").fill("Talk")
    organiser.locator("[name=types-0-default_duration]").fill("30")
    organiser.get_by_role("button", name="Save").click()
    expect(organiser.get_by_text("The call for proposals was saved.")).to_be_visible()

    organiser.goto(f"{base}/storage2031/manage/desk/")
    desk = organiser.locator("main")
    expect(desk.get_by_role("link", name="Sala Tejo")).to_be_visible()
    expect(desk.get_by_role("link", name="Sala Douro")).to_be_visible()
    expect(desk.get_by_text("23:59")).to_be_visible()
    organiser.screenshot(path=screenshot_dir / "desk.png", full_page=True)

    speaker = _sign_in(browser, base, "sam@example.org")
    speaker.goto(f"{base}/storage2031/cfp/talks/")
    speaker.get_by_role("link", name="Propose a contribution").click()
    speaker.get_by_label("Title").fill("Zoned storage in practice")
    speaker.get_by_label("Abstract").fill("What we learned running ZNS drives.")
    speaker.get_by_role("button", name="Submit", exact=True).click()
    expect(speaker.locator("#state")).to_have_text("Submitted")

    conference = Conference.objects.get(slug="storage2031")
    assert conference.timezone == "Europe/Lisbon"
    assert sorted(r.name for r in conference.rooms.all()) == ["Sala Douro", "Sala Tejo"]
    talk = Contribution.objects.get(conference=conference)
    assert (talk.track.slug, talk.duration) == ("talks", 30)
    assert list(
        AuditEntry.objects.filter(conference=conference).values_list(
            "action", flat=True
        )[:6]
    ) == ["conference-create", "room-add", "room-add", "track-add", "call-settings",
          "call-settings"]  # fmt: skip


def test_without_the_site_permission_creating_a_conference_is_forbidden(
    browser: Browser, people: str
):
    speaker = _sign_in(browser, people, "sam@example.org")
    speaker.goto(f"{people}/me/")
    expect(speaker.get_by_role("link", name="Create a conference")).to_have_count(0)

    response = speaker.goto(f"{people}/conferences/new/")

    assert response.status == 403

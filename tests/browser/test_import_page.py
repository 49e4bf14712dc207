"""An organiser imports an iCalendar feed through the page, asking for speakers."""

import pytest
from playwright.sync_api import Page, expect

from microconf.conference.models import Conference
from tests.factories import make_user

pytestmark = pytest.mark.browser

FEED = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tiny//EN\r\nX-WR-CALNAME:Tiny\r\n"
    "BEGIN:VEVENT\r\nUID:1@tiny\r\nDTSTART:20240611T090000Z\r\n"
    "DTEND:20240611T100000Z\r\nSUMMARY:Rust in the kernel - Ann Example\r\n"
    "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:2@tiny\r\nDTSTART:20240611T110000Z\r\n"
    "DTEND:20240611T120000Z\r\nSUMMARY:Opening - Bo Beispiel\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


@pytest.mark.django_db(transaction=True)
def test_staff_import_a_feed_with_its_speakers_and_read_the_rule(
    page: Page, live_server, tmp_path, screenshot_dir
):
    staff = make_user("staff@example.org")
    staff.is_staff = True
    staff.save()
    feed = tmp_path / "tiny.ics"
    feed.write_text(FEED)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("staff@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign In").click()

    page.goto(f"{live_server.url}/manage/import/")
    page.get_by_label("Schedule file").set_input_files(feed)
    page.get_by_label("Address of the new conference").fill("tiny")
    page.get_by_label("Find speakers in an iCalendar file").check()
    page.get_by_role("button", name="Import").click()

    summary = page.get_by_role("status")
    expect(summary).to_contain_text("Imported 'Tiny' as /tiny/")
    expect(summary).to_contain_text(
        "split 2 of 2 SUMMARYs by the rule 'Title - Speaker'"
    )
    expect(summary).to_contain_text("The file holds 2 events")
    page.screenshot(path=screenshot_dir / "import-ics-speakers.png", full_page=True)
    titles = Conference.objects.get(slug="tiny").contributions.values_list(
        "title", flat=True
    )
    assert sorted(titles) == ["Opening", "Rust in the kernel"]

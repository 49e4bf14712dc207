"""The exported site works from disk, with no server: styles, links and stars."""

import datetime as dt

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.factories import make_conference, make_contribution, make_room, make_track

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def site(tmp_path):
    conference = make_conference(slug="disk", end_date=dt.date(2023, 11, 13))
    make_contribution(
        make_track(conference), title="From disk", slug="from-disk",
        room=make_room(conference), start=dt.datetime(2023, 11, 13, 15, tzinfo=dt.UTC),
    )  # fmt: skip
    call_command("export_site", "disk", str(tmp_path / "site"))
    return tmp_path / "site"


def test_exported_timetable_opens_from_disk_and_keeps_stars(page: Page, site):
    page.goto((site / "disk/timetable/index.html").as_uri())

    expect(page.get_by_role("heading", level=1)).to_have_text("Timetable")
    position = page.evaluate(
        "getComputedStyle(document.querySelector('.skip-link')).position"
    )
    assert position == "absolute"  # the stylesheet loaded
    page.get_by_role("button", name="Star From disk").click()
    page.get_by_role("link", name="My agenda").click()

    expect(page).to_have_url(f"{(site / 'disk/agenda/index.html').as_uri()}")
    expect(
        page.get_by_role("main").get_by_role("link", name="From disk")
    ).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="From disk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("From disk")

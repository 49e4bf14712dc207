"""Speakers and tracks pages, search showing MCs, today's timetable, agenda export."""

import datetime as dt
import re

import icalendar
import pytest
from django.utils import timezone

from microconf.cfp.models import Contribution
from microconf.demo.builder import build_demo
from tests.pages import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    build_demo()


def test_speakers_page_lists_everyone_by_name_with_their_sessions(client, demo):
    html = client.get("/lpc2023/speakers/").content.decode()

    names = re.findall(r'class="speaker-name" href="[^"]+">([^<]+)<', html)
    assert len(names) > 10
    assert names == sorted(names, key=str.lower)
    rust = Contribution.objects.get(slug="rust-mc")
    person = rust.authorships.first().person
    assert f'href="/lpc2023/speakers/{person.id}/">{person.name}</a>' in html
    assert "@" not in visible_text(html)  # never an e-mail address


def test_tracks_page_lists_the_tracks_and_the_navigation_offers_both(client, demo):
    html = client.get("/lpc2023/tracks/").content.decode()

    assert 'href="/lpc2023/tracks/rust/">Rust MC</a>' in html
    assert '<a href="/lpc2023/tracks/" aria-current="page">Tracks</a>' in html
    assert '<a href="/lpc2023/speakers/">Speakers</a>' in html


def test_search_shows_an_accepted_mc_as_the_mc_with_its_time(client, demo):
    text = visible_text(client.get("/lpc2023/search/?q=rust").content)

    assert "Rust MC\nMicroconference,\n" in text
    when = text[text.index("Rust MC\nMicroconference,\n") :].splitlines()[2]
    assert re.fullmatch(r"\w{3}, \w{3} \d+, 2023, \d\d:\d\d – \d\d:\d\d", when)
    assert "Rust MC\nNot scheduled" not in text


def test_during_the_conference_the_timetable_opens_on_today(client, demo, settings):
    conference = Contribution.objects.get(slug="rust-mc").conference
    noon = dt.datetime(2023, 11, 14, 12, tzinfo=conference.tz)
    timezone_now = timezone.now
    try:
        timezone.now = lambda: noon
        text = visible_text(client.get("/lpc2023/timetable/").content)
        home = client.get("/lpc2023/").content.decode()
    finally:
        timezone.now = timezone_now

    assert "Tuesday, November 14, 2023, times in" in text
    assert 'class="now-next-source"' in home
    assert "(today)" in home


def test_before_the_conference_the_timetable_opens_on_the_first_day(client, demo):
    text = visible_text(client.get("/lpc2023/timetable/").content)

    assert "Monday, November 13, 2023, times in" in text


def test_starred_sessions_export_to_a_calendar_without_an_account(client, demo):
    scheduled = Contribution.objects.filter(
        conference__slug="lpc2023", start__isnull=False
    ).order_by("start")[:2]
    query = "&".join(f"s={c.slug}" for c in scheduled)

    response = client.get(f"/lpc2023/agenda/export.ics?{query}&s=no-such-thing")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    # Parsed, not searched: a title's commas are escaped in the file.
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    summaries = [str(e["SUMMARY"]) for e in events]
    assert len(summaries) == 2
    for contribution in scheduled:  # "Title - Speakers"
        assert any(s.startswith(contribution.title) for s in summaries)


def test_favicon_answers_at_the_root(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/microconf/favicon.ico"


def test_manifest_and_offline_list_name_only_public_pages(client, demo):
    manifest = client.get("/lpc2023/manifest.webmanifest").json()
    listing = client.get("/lpc2023/offline.json").json()
    worker = client.get("/lpc2023/service-worker.js")

    assert manifest["scope"] == "/lpc2023/"
    assert "/lpc2023/timetable/2023-11-13/" in listing["pages"]
    assert "/lpc2023/agenda/" in listing["pages"]
    assert "/lpc2023/contributions/rust-mc/" in listing["pages"]
    assert not any("/manage/" in p or "/accounts/" in p for p in listing["pages"])
    assert worker["Content-Type"] == "text/javascript"
    assert b"caches.open" in worker.content

"""The interface in English or German: from the browser, or from the selector."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_conference, make_contribution, make_room, make_track

pytestmark = pytest.mark.django_db


def _conference_with_a_session():
    conference = make_conference()
    room = make_room(conference, name="Magnolia")
    make_contribution(
        make_track(conference),
        title="Opening",
        room=room,
        start=dt.datetime(2023, 11, 13, 14, tzinfo=dt.UTC),
    )
    return conference


def test_the_browser_language_chooses_the_interface(client):
    conference = _conference_with_a_session()
    url = reverse("programme:timetable", args=[conference.slug, "2023-11-13"])

    english = client.get(url)
    german = client.get(url, headers={"accept-language": "de-DE,de;q=0.9,en;q=0.5"})

    assert '<html lang="en">' in english.text
    assert "Skip to content" in english.text
    assert '<html lang="de">' in german.text
    assert "Zum Inhalt springen" in german.text
    assert german["Content-Language"] == "de"
    assert "Accept-Language" in german["Vary"]
    # The page cache keeps one copy per language, each with its own ETag.
    assert german["ETag"] != english["ETag"]
    again = client.get(url)
    assert "Skip to content" in again.text


def test_dates_are_written_for_the_language(client):
    conference = _conference_with_a_session()
    url = reverse("programme:timetable", args=[conference.slug, "2023-11-13"])

    english = client.get(url).text
    german = client.get(url, headers={"accept-language": "de"}).text

    assert "Mon, Nov 13" in english
    assert "Monday, November 13, 2023" in english
    assert "Nov 13 – 15, 2023" in english
    assert "Mo, 13. Nov" in german
    assert "Montag, 13. November 2023" in german
    assert "13. – 15. Nov 2023" in german


def test_the_selector_works_without_a_script_or_a_token():
    """A plain form post (cached public pages carry no CSRF token) sets the cookie."""
    conference = _conference_with_a_session()
    client = Client(enforce_csrf_checks=True)
    page = reverse("programme:conference", args=[conference.slug])
    form = client.get(page).text
    assert 'action="/i18n/setlang/"' in form
    assert '<label for="language-select">Language</label>' in form

    response = client.post(
        reverse("set_language"),
        {"language": "de", "next": page},
        headers={"accept-language": "en"},
    )

    assert response.status_code == 302
    assert response["Location"] == page
    # The choice wins over what the browser asks for.
    german = client.get(page, headers={"accept-language": "en"}).text
    assert '<html lang="de">' in german
    assert '<option value="de" lang="de" selected>Deutsch</option>' in german


def test_the_selector_sends_nobody_to_another_site(client):
    response = client.post(
        reverse("set_language"), {"language": "de", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"

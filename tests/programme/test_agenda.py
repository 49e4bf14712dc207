import datetime as dt
import json
import re

import icalendar
import pytest

from microconf.cfp.lifecycle import State
from microconf.interest.models import AgendaFeed, Star
from tests.factories import make_conference, make_contribution, make_room, make_track
from tests.pages import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(django_user_model):
    return django_user_model.objects.create_user("ada")


@pytest.fixture
def conference():
    return make_conference()


def _scheduled(conference, title: str, hour: int = 10, **fields):
    return make_contribution(
        make_track(conference, name=f"{title} track"),
        title=title,
        room=make_room(conference, name=f"{title} room"),
        start=dt.datetime(2023, 11, 13, hour, tzinfo=dt.UTC),
        **fields,
    )


def _post_stars(client, conference, **body):
    return client.post(
        f"/{conference.slug}/agenda/stars/",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_anonymous_visitor_is_told_stars_stay_in_the_browser(client, conference):
    response = client.get(f"/{conference.slug}/agenda/stars/")

    assert response.json() == {"authenticated": False, "stars": []}
    assert "csrftoken" in response.cookies


def test_anonymous_visitor_cannot_store_stars(client, conference):
    talk = _scheduled(conference, "Talk")

    response = _post_stars(client, conference, add=[talk.slug])

    assert response.status_code == 403
    assert not Star.objects.exists()


def test_logged_in_user_stars_and_unstars_sessions(client, conference, ada):
    one, two = _scheduled(conference, "One"), _scheduled(conference, "Two")
    client.force_login(ada)

    added = _post_stars(client, conference, add=[one.slug, two.slug, one.slug])
    removed = _post_stars(client, conference, remove=[two.slug])

    assert sorted(added.json()["stars"]) == sorted([one.slug, two.slug])
    assert removed.json() == {"authenticated": True, "stars": [one.slug]}


def test_stars_ignore_unknown_and_non_public_contributions(client, conference, ada):
    draft = _scheduled(conference, "Draft", state=State.DRAFT)
    client.force_login(ada)

    response = _post_stars(client, conference, add=[draft.slug, "no-such-talk"])

    assert response.json()["stars"] == []


def test_star_post_needs_the_csrf_token(conference, ada):
    from django.test import Client  # noqa: PLC0415 - a client that checks CSRF

    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    talk = _scheduled(conference, "Talk")

    response = _post_stars(client, conference, add=[talk.slug])

    assert response.status_code == 403
    assert not Star.objects.exists()


@pytest.mark.parametrize(
    "body", ["[", "[" * 5000, '{"add": "slug"}', '{"add": [], "remove": 7}']
)
def test_malformed_star_request_is_refused(client, conference, ada, body):
    client.force_login(ada)

    response = client.post(
        f"/{conference.slug}/agenda/stars/", data=body, content_type="application/json"
    )

    assert response.status_code == 400


def test_agenda_page_lists_the_users_stars_and_their_private_feed(
    client, conference, ada
):
    starred, other = _scheduled(conference, "Starred"), _scheduled(conference, "Other")
    Star.objects.create(user=ada, contribution=starred)
    client.force_login(ada)

    response = client.get(f"/{conference.slug}/agenda/")

    html = response.content.decode()
    feed = AgendaFeed.objects.get(user=ada, conference=conference)
    assert f'data-slug="{starred.slug}">' in html
    assert f'data-slug="{other.slug}" hidden>' in html
    assert f"/{conference.slug}/agenda/{feed.token}.ics" in visible_text(html)
    assert len(feed.token) >= 32


def test_anonymous_agenda_page_is_filled_in_by_the_browser(client, conference):
    talk = _scheduled(conference, "Talk")

    html = client.get(f"/{conference.slug}/agenda/").content.decode()

    assert f'data-slug="{talk.slug}" hidden>' in html
    assert "Your stars are kept in this browser." in visible_text(html)
    # No private feed for anyone without an account; only the export of the
    # stars this browser keeps (the script adds them to the link).
    assert "Calendar feed" not in html
    assert re.findall(r"/[^/\"]+/agenda/[^\"]*\.ics", html) == [
        f"/{conference.slug}/agenda/export.ics"
    ]


def test_feed_is_icalendar_with_a_timezone_and_stable_uids(client, conference, ada):
    talk = _scheduled(conference, "Talk", hour=15)
    other = _scheduled(conference, "Not starred")
    Star.objects.create(user=ada, contribution=talk)
    changed = dt.datetime(2023, 10, 2, 8, 30, 15, tzinfo=dt.UTC)
    type(talk).objects.filter(pk=talk.pk).update(updated=changed - dt.timedelta(1))
    type(other).objects.filter(pk=other.pk).update(updated=changed)
    feed = AgendaFeed.objects.create(user=ada, conference=conference)
    url = f"/{conference.slug}/agenda/{feed.token}.ics"

    first, second = client.get(url), client.get(url)

    assert first["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(first.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["Talk"]
    assert events[0]["DTSTART"].dt == dt.datetime(2023, 11, 13, 15, tzinfo=dt.UTC)
    assert events[0]["DTSTART"].params["TZID"] == "America/New_York"
    whole = icalendar.Calendar.from_ical(
        client.get(f"/{conference.slug}/schedule.ics").content
    )
    assert events[0]["UID"] in {e["UID"] for e in whole.walk("VEVENT")}
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [
        "America/New_York"
    ]
    assert first.content == second.content
    # DTSTAMP is the schedule's last change, never the clock.
    assert events[0]["DTSTAMP"].dt == changed


def test_unknown_feed_token_is_not_found(client, conference, ada):
    feed = AgendaFeed.objects.create(user=ada, conference=conference)
    other = make_conference()

    assert client.get(f"/{conference.slug}/agenda/guess.ics").status_code == 404
    assert client.get(f"/{other.slug}/agenda/{feed.token}.ics").status_code == 404

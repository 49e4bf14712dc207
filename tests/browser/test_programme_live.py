"""A running session's page offers the room's livestream; before and after, not."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from microconf.cfp.lifecycle import State
from tests.factories import make_conference, make_contribution, make_room, make_track

pytestmark = pytest.mark.browser
START = dt.datetime(2023, 11, 13, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def talk_url(transactional_db, live_server) -> str:
    conference = make_conference()
    room = make_room(conference, livestream_url="https://stream.example.org/magnolia")
    talk = make_contribution(
        make_track(conference),
        state=State.CONFIRMED,
        room=room,
        start=START,
        duration=45,
    )
    return f"{live_server.url}{talk.get_absolute_url()}"


@pytest.mark.parametrize(
    ("moment", "is_live"),
    [
        (START - dt.timedelta(hours=1), False),
        (START + dt.timedelta(minutes=20), True),
        (START + dt.timedelta(minutes=50), False),
    ],
)
def test_livestream_link_shows_only_while_the_session_runs(
    page: Page, talk_url, moment, is_live
):
    page.clock.set_fixed_time(moment)

    page.goto(talk_url)

    link = page.get_by_role("link", name="watch the livestream")
    if is_live:
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", "https://stream.example.org/magnolia")
    else:
        expect(link).to_be_hidden()


def test_the_timetable_offers_the_livestream_of_a_running_session(page: Page, talk_url):
    page.clock.set_fixed_time(START + dt.timedelta(minutes=10))

    page.goto(talk_url.split("/contributions/")[0] + "/timetable/2023-11-13/")

    link = page.get_by_role("link", name="Live now: watch")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", "https://stream.example.org/magnolia")

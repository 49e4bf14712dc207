import pytest

from microconf.cfp.lifecycle import State
from microconf.conference.models import Track
from tests.factories import make_conference, make_contribution, make_sponsor, make_track
from tests.pages import visible_text

pytestmark = pytest.mark.django_db


def test_home_shows_dates_timezone_tracks_and_sponsors(client):
    conference = make_conference(name="Plumbers 2023")
    make_track(conference, name="Rust MC", kind=Track.Kind.MICROCONFERENCE)
    make_track(conference, name="Refereed Track", kind=Track.Kind.REFEREED)
    make_sponsor(conference, "Diamond", "Aurora Silicon")

    response = client.get(conference.get_absolute_url())

    text = visible_text(response.content)
    assert response.status_code == 200
    for expected in [
        "Plumbers 2023",
        "Nov 13 – 15, 2023",
        "America/New_York",
        "Rust MC",
        "Refereed Track",
        "Diamond Sponsor",
        "Aurora Silicon",
    ]:
        assert expected in text


def test_home_counts_only_public_contributions(client):
    conference = make_conference()
    track = make_track(conference, name="Tracing MC", kind=Track.Kind.MICROCONFERENCE)
    make_contribution(track, state=State.CONFIRMED)
    make_contribution(track, state=State.SUBMITTED)

    text = visible_text(client.get(conference.get_absolute_url()).content)

    assert "1 contribution" in text.splitlines()


def test_conference_list_links_every_conference(client):
    first, second = make_conference(), make_conference()

    html = client.get("/").content.decode()

    assert first.get_absolute_url() in html
    assert second.get_absolute_url() in html


def test_post_to_a_public_page_is_refused(client):
    conference = make_conference()

    assert client.post(conference.get_absolute_url()).status_code == 405

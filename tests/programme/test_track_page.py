import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from microconf.cfp.lifecycle import State
from tests.factories import make_conference, make_contribution, make_person, make_track
from tests.pages import visible_text

pytestmark = pytest.mark.django_db


def test_track_page_lists_public_contributions_and_runners(client):
    conference = make_conference()
    track = make_track(conference, name="Rust MC", description="About *Rust*.")
    track.runners.add(make_person(name="Runner One", affiliation="Example Co"))
    make_contribution(track, title="Binder in Rust", state=State.ACCEPTED)
    make_contribution(track, title="Secret draft", state=State.DRAFT)

    response = client.get(track.get_absolute_url())

    text = visible_text(response.content)
    assert response.status_code == 200
    assert "Binder in Rust" in text
    assert "Secret draft" not in text
    assert "Runner One" in text
    assert "<em>Rust</em>" in response.content.decode()


def test_track_of_another_conference_is_not_found(client):
    track = make_track(make_conference())
    other = make_conference()

    response = client.get(f"/{other.slug}/tracks/{track.slug}/")

    assert response.status_code == 404


def test_track_page_query_count_is_fixed(client):
    track = make_track(make_conference())
    make_contribution(track)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(track.get_absolute_url()).status_code == 200
        return len(queries)

    few = count()
    for _ in range(10):
        make_contribution(track)

    assert count() == few

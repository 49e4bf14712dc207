import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from microconf.cfp.lifecycle import State
from tests.factories import (
    add_author,
    make_conference,
    make_contribution,
    make_person,
    make_track,
)
from tests.pages import visible_text

pytestmark = pytest.mark.django_db


def _url(conference, person) -> str:
    return f"/{conference.slug}/speakers/{person.id}/"


def test_speaker_page_shows_public_fields_and_public_contributions(client):
    conference = make_conference()
    track = make_track(conference)
    person = make_person(
        name="Wren Example", affiliation="Example Co", bio="Works on *BPF*.",
        email="wren@example.org",
    )  # fmt: skip
    add_author(make_contribution(track, title="BPF arenas"), person)
    add_author(make_contribution(track, title="Secret", state=State.DRAFT), person)

    response = client.get(_url(conference, person))

    text = visible_text(response.content)
    assert response.status_code == 200
    assert "Wren Example" in text
    assert "Example Co" in text
    assert "<em>BPF</em>" in response.content.decode()
    assert "BPF arenas" in text
    assert "Secret" not in text
    assert b"wren@example.org" not in response.content


def test_person_without_public_contributions_here_is_not_found(client):
    conference = make_conference()
    person = make_person()
    add_author(make_contribution(make_track(conference), state=State.SUBMITTED), person)
    elsewhere = make_conference()
    add_author(make_contribution(make_track(elsewhere)), make_person())

    assert client.get(_url(conference, person)).status_code == 404
    assert client.get(_url(elsewhere, person)).status_code == 404


def test_contribution_page_links_its_authors_to_their_speaker_pages(client):
    conference = make_conference()
    contribution = make_contribution(make_track(conference))
    person = make_person(name="Linked Person")
    add_author(contribution, person)

    html = client.get(contribution.get_absolute_url()).content.decode()

    assert f'href="{_url(conference, person)}">Linked Person</a>' in html


def test_speaker_page_query_count_does_not_grow_with_contributions(client):
    conference = make_conference()
    track = make_track(conference)
    person = make_person()
    add_author(make_contribution(track), person)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(conference, person)).status_code == 200
        return len(queries)

    few = count()
    for _ in range(6):
        contribution = make_contribution(track)
        add_author(contribution, person)
        add_author(contribution, make_person())

    assert count() == few == 4

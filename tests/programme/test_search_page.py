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


@pytest.fixture
def conference():
    conference = make_conference()
    rust = make_track(conference, name="Rust MC")
    tracing = make_track(conference, name="Tracing MC")
    make_contribution(rust, title="Pinned init", abstract="About **klint**.")
    talk = make_contribution(tracing, title="Ring buffers", abstract="Mapping.")
    add_author(talk, make_person(name="Ägir Übermann"))
    add_author(talk, make_person(name="Zed Zebra"))
    make_contribution(tracing, title="Hidden ring draft", state=State.DRAFT)
    return conference


def _titles(client, conference, query: str) -> list[str]:
    response = client.get(f"/{conference.slug}/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    return [
        title
        for title in ("Pinned init", "Ring buffers", "Hidden ring draft")
        if f">{title}</a>" in html
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("PINNED", ["Pinned init"]),  # title, any case
        ("KLINT", ["Pinned init"]),  # abstract
        ("zebra", ["Ring buffers"]),  # speaker name
        ("rust mc", ["Pinned init"]),  # track name
        ("ring", ["Ring buffers"]),  # never a draft
        ("nothing like this", []),
    ],
)
def test_search_matches_title_abstract_speaker_and_track(
    client, conference, query, expected
):
    assert _titles(client, conference, query) == expected


def test_search_says_how_many_results_it_found(client, conference):
    response = client.get(f"/{conference.slug}/search/", {"q": "zebra"})

    assert "1 result for “zebra”." in visible_text(response.content)


def test_empty_search_explains_what_to_type(client, conference):
    response = client.get(f"/{conference.slug}/search/")

    assert "Type words from a title" in visible_text(response.content)


def test_a_match_on_two_authors_lists_the_contribution_once(client):
    conference = make_conference()
    talk = make_contribution(make_track(conference), title="Pair talk")
    add_author(talk, make_person(name="Sam One"))
    add_author(talk, make_person(name="Sam Two"))

    html = client.get(f"/{conference.slug}/search/", {"q": "sam"}).content.decode()

    assert html.count(">Pair talk</a>") == 1


def test_search_query_count_does_not_grow_with_results(client):
    conference = make_conference()
    track = make_track(conference)
    make_contribution(track, title="Match 0")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/{conference.slug}/search/", {"q": "match"})
        return len(queries)

    few = count()
    for n in range(1, 8):
        add_author(make_contribution(track, title=f"Match {n}"), make_person())

    assert count() == few == 4

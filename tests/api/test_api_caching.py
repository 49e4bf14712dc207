"""The API's public lists: cached per programme version with ETag and 304, cut
into pages before they are serialised, at a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from microconf.cfp.lifecycle import State
from microconf.demo.builder import build_demo
from microconf.demo.scale import scale_demo
from microconf.programme.caching import page_cache
from tests.factories import add_author, make_contribution, make_person

pytestmark = pytest.mark.django_db
URL = "/api/v1/conferences/plumbers/contributions"
LISTS = ("contributions", "people", "tracks", "rooms", "sponsors")


@pytest.fixture(autouse=True)
def _empty_cache():
    page_cache.clear()
    yield
    page_cache.clear()


@pytest.fixture
def public_talks(cast):
    talks = []
    for n in range(5):
        talk = make_contribution(
            cast.refereed, title=f"Talk {n}", state=State.CONFIRMED
        )
        add_author(talk, make_person(name=f"Speaker {n}"))
        talks.append(talk)
    return talks


def _get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_the_second_request_is_served_from_the_cache_with_one_query(
    client, public_talks
):
    first, first_queries = _get(client, URL)

    second, second_queries = _get(client, URL)

    assert second_queries == 1 < first_queries  # only the programme version
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    assert first["Content-Type"].startswith("application/json")


def test_an_unchanged_list_answers_304_to_its_etag(client, public_talks):
    etag = client.get(URL)["ETag"]

    response, queries = _get(client, URL, if_none_match=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert queries == 1


def test_a_change_to_the_programme_changes_the_list_and_its_etag(client, public_talks):
    old = client.get(URL)
    public_talks[0].title = "Renamed"
    public_talks[0].save()

    new = client.get(URL, headers={"if_none_match": old["ETag"]})

    assert new.status_code == 200
    assert new["ETag"] != old["ETag"]
    assert "Renamed" in {c["title"] for c in new.json()["items"]}


def test_each_page_and_filter_has_its_own_etag(client, public_talks):
    etags = {
        client.get(URL, query)["ETag"]
        for query in ({}, {"limit": 2}, {"limit": 2, "offset": 2}, {"q": "talk 1"})
    }

    assert len(etags) == 4


def test_pages_are_slices_of_the_whole_list_with_its_count(client, public_talks):
    whole = client.get(URL).json()
    pages = [client.get(URL, {"limit": 2, "offset": k}).json() for k in (0, 2, 4)]

    assert whole["count"] == 5
    assert [p["count"] for p in pages] == [5, 5, 5]
    assert [c for p in pages for c in p["items"]] == whole["items"]
    assert [len(p["items"]) for p in pages] == [2, 2, 1]


def test_signed_in_callers_get_the_same_public_list(client, cast, public_talks):
    anonymous = client.get(URL)
    client.force_login(cast.committee_member)

    signed_in = client.get(URL)

    assert signed_in.content == anonymous.content
    assert "Secret" not in signed_in.content.decode()


def test_an_unknown_conference_is_a_json_404_and_not_cached(client, cast):
    for _ in range(2):
        response = client.get("/api/v1/conferences/nope/contributions")
        assert response.status_code == 404
        assert set(response.json()) == {"message"}
        assert not response.has_header("ETag")


def _counts(client) -> dict[str, tuple[int, int]]:
    counts = {}
    for name in LISTS:
        url = f"/api/v1/conferences/lpc2023/{name}"
        page_cache.clear()
        runs = []
        for _ in range(2):
            response, queries = _get(client, url + "?limit=50&offset=10")
            assert response.status_code == 200, url
            runs.append(queries)
        counts[name] = tuple(runs)
    return counts


def test_the_lists_make_as_many_queries_at_300_sessions_as_in_the_demo(client):
    build_demo()
    demo = _counts(client)

    scale_demo(target=300)
    scaled = _counts(client)

    assert scaled == demo
    assert all(hit == 1 for _, hit in demo.values())
    assert demo["contributions"][0] <= 5

"""Other origins may read the public schedule files and the read-only API, nothing else.

The headers are django-cors-headers' (settings.CORS_*); the browser's side of it
is tests/browser/test_cross_origin.py.
"""

import datetime as dt

import pytest

from microconf.people.services import create_api_token
from tests.factories import add_author, make_contribution, make_room

ORIGIN = "https://app.example.net"


@pytest.fixture
def talk(cast):
    room = make_room(cast.conference, name="Ballroom")
    talk = make_contribution(
        cast.refereed, title="Binder", room=room,
        start=dt.datetime(2023, 11, 13, 15, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    add_author(talk, cast.speaker.person, is_speaker=True)
    return talk


def _readable(talk) -> list[str]:
    slug = talk.conference.slug
    api = f"/api/v1/conferences/{slug}"
    return [
        f"/{slug}/schedule.json",
        f"/{slug}/schedule.xml",
        f"/{slug}/schedule.ics",
        f"/{slug}/tracks/{talk.track.slug}/schedule.ics",
        "/api/v1/openapi.json",
        "/api/v1/conferences",
        api,
        f"{api}/tracks",
        f"{api}/rooms",
        f"{api}/people",
        f"{api}/sponsors",
        f"{api}/contributions",
        f"{api}/contributions/{talk.pk}",
        f"{api}/contributions/{talk.pk}/materials",
    ]


def test_every_public_file_and_read_only_route_may_be_read_from_any_origin(
    client, talk
):
    answers = {path: client.get(path, HTTP_ORIGIN=ORIGIN) for path in _readable(talk)}

    assert {p: a.status_code for p, a in answers.items()} == dict.fromkeys(answers, 200)
    assert {p: a.get("Access-Control-Allow-Origin") for p, a in answers.items()} == (
        dict.fromkeys(answers, "*")
    )
    # "*" and no credentials: a page elsewhere never reads with someone's cookies.
    credentials = "Access-Control-Allow-Credentials"
    assert [p for p, a in answers.items() if a.has_header(credentials)] == []


def test_a_signed_in_reader_gets_the_same_header_on_the_same_files(client, cast, talk):
    client.force_login(cast.organiser)

    answer = client.get(f"/{talk.conference.slug}/schedule.json", HTTP_ORIGIN=ORIGIN)

    assert answer["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_allows_reading_only(client, talk):
    answer = client.options(
        f"/{talk.conference.slug}/schedule.json",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert answer.status_code == 200
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert answer["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_pages_team_routes_and_writes_carry_no_cors_header(client, cast, talk):
    slug = talk.conference.slug
    _, token = create_api_token(cast.organiser, "app")
    client.force_login(cast.organiser)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ORIGIN": ORIGIN}
    answers = {
        "conference page": client.get(f"/{slug}/", HTTP_ORIGIN=ORIGIN),
        "contribution page": client.get(talk.get_absolute_url(), HTTP_ORIGIN=ORIGIN),
        "csv": client.get(f"/{slug}/schedule.csv", HTTP_ORIGIN=ORIGIN),
        "agenda": client.get(f"/{slug}/agenda/", HTTP_ORIGIN=ORIGIN),
        "stars": client.get(f"/{slug}/agenda/stars/", HTTP_ORIGIN=ORIGIN),
        "desk": client.get(f"/{slug}/manage/desk/", HTTP_ORIGIN=ORIGIN),
        "api docs": client.get("/api/v1/docs", HTTP_ORIGIN=ORIGIN),
        "submissions": client.get(f"/api/v1/conferences/{slug}/submissions", **bearer),
        "submission": client.get(
            f"/api/v1/conferences/{slug}/submissions/{talk.pk}", **bearer
        ),
        "state change": client.post(
            f"/api/v1/conferences/{slug}/submissions/{talk.pk}/state",
            {"to": "withdrawn"}, content_type="application/json", **bearer,
        ),
        "state preflight": client.options(
            f"/api/v1/conferences/{slug}/submissions/{talk.pk}/state",
            HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        ),
    }  # fmt: skip

    assert {k: a.status_code < 500 for k, a in answers.items()} == dict.fromkeys(
        answers, True
    )
    assert {k: a.get("Access-Control-Allow-Origin") for k, a in answers.items()} == (
        dict.fromkeys(answers)
    )

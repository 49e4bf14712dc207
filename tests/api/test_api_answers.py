"""The OpenAPI document lists exactly the answers the API really gives (issue 20).

Every documented status of every route is provoked below by a real request,
its body checked against the documented schema; and every status provoked is
documented. A route or an answer added without the other fails here.
"""

import jsonschema
import pytest
from django.test import Client, override_settings

from microconf.api.caching import MAX_LIMIT
from microconf.cfp.lifecycle import State
from microconf.people.services import create_api_token
from tests.factories import add_author, add_link, make_contribution, make_person

API = "/api/v1"
CONF = f"{API}/conferences/{{slug}}"


@pytest.fixture
def world(cast):
    public = make_contribution(
        cast.refereed, title="Ring buffers", state=State.CONFIRMED
    )
    add_author(public, make_person(name="Pia Public"))
    add_link(public)
    draft = make_contribution(cast.refereed, title="Secret plan", state=State.SUBMITTED)
    add_author(draft, cast.speaker.person, is_speaker=True)
    _, token = create_api_token(cast.organiser, "scripts")
    return {
        "slug": cast.conference.slug,
        "public": public.pk,
        "draft": draft.pk,
        "bearer": {"Authorization": f"Bearer {token}"},
        "organiser": cast.organiser,
    }


def _get(path: str, *, query=None, headers=None):
    return lambda client, w: client.get(
        path.format(**w), query or {}, headers=headers(w) if headers else None
    )


def _bearer(w):
    return w["bearer"]


def _unchanged_since(path: str):
    """A second request naming the first answer's ETag."""

    def ask(client, w):
        etag = client.get(path.format(**w))["ETag"]
        return client.get(path.format(**w), headers={"If-None-Match": etag})

    return ask


def _state(body, *, headers=_bearer, client_kind="plain", pk="{draft}"):
    def ask(client, w):
        if client_kind == "session-without-csrf":
            client = Client(enforce_csrf_checks=True)
            client.force_login(w["organiser"])
        return client.post(
            f"{CONF}/submissions/{pk}/state".format(**w),
            body,
            content_type="application/json",
            headers=headers(w) if headers else None,
        )

    return ask


TOO_MANY = {"limit": MAX_LIMIT + 1}
CONTRIBUTION = f"{CONF}/contributions/{{pk}}"
MATERIALS = f"{CONF}/contributions/{{pk}}/materials"
SUBMISSIONS = f"{CONF}/submissions"
SUBMISSION = f"{CONF}/submissions/{{pk}}"
STATE = f"{CONF}/submissions/{{pk}}/state"
NOPE = f"{API}/conferences/nope"


def _public_list(part: str) -> list[tuple]:
    path = f"{CONF}/{part}"
    return [
        ("get", path, 200, _get(path)),
        ("get", path, 304, _unchanged_since(path)),
        ("get", path, 404, _get(f"{NOPE}/{part}")),
    ]


def _paged(part: str) -> list[tuple]:
    path = f"{CONF}/{part}"
    return [
        *_public_list(part),
        ("get", path, 422, _get(path, query=TOO_MANY)),
        ("get", path, 422, _get(path, query={"limit": 0})),
        ("get", path, 422, _get(path, query={"offset": "x"})),
    ]


def _one(path: str) -> list[tuple]:
    return [
        ("get", path, 200, _get(path.replace("{pk}", "{public}"))),
        ("get", path, 404, _get(path.replace("{pk}", "{draft}"))),
        ("get", path, 422, _get(path.replace("{pk}", "one"))),
    ]


def _no_token(w):
    return {"Authorization": "Bearer mc_not-a-token"}


def _after_a_refused_token(then):
    """``then`` from an address that has spent its refused tokens (one, here)."""

    def ask(client, w):
        with override_settings(API_RATE_REFUSED_TOKENS="1/m"):
            client.get(SUBMISSIONS.format(**w), headers=_no_token(w))
            return then(client, w)

    return ask


# (method, documented path, status, how to get it)
CASES = [
    ("get", f"{API}/conferences", 200, _get(f"{API}/conferences")),
    ("get", CONF, 200, _get(CONF)),
    ("get", CONF, 404, _get(NOPE)),
    *_public_list("tracks"),
    *_public_list("rooms"),
    *_public_list("sponsors"),
    *_paged("contributions"),
    *_paged("people"),
    *_one(CONTRIBUTION),
    *_one(MATERIALS),
    ("get", SUBMISSIONS, 200, _get(SUBMISSIONS, headers=_bearer)),
    ("get", SUBMISSIONS, 401, _get(SUBMISSIONS)),
    ("get", SUBMISSIONS, 401, _get(SUBMISSIONS, headers=_no_token)),
    ("get", SUBMISSIONS, 404, _get(f"{NOPE}/submissions", headers=_bearer)),
    ("get", SUBMISSIONS, 422, _get(SUBMISSIONS, query=TOO_MANY, headers=_bearer)),
    (
        "get",
        SUBMISSIONS,
        429,
        _after_a_refused_token(_get(SUBMISSIONS, headers=_bearer)),
    ),
    ("get", SUBMISSION, 200, _get(f"{SUBMISSIONS}/{{draft}}", headers=_bearer)),
    ("get", SUBMISSION, 401, _get(f"{SUBMISSIONS}/{{draft}}")),
    ("get", SUBMISSION, 404, _get(f"{SUBMISSIONS}/999999", headers=_bearer)),
    ("get", SUBMISSION, 422, _get(f"{SUBMISSIONS}/one", headers=_bearer)),
    (
        "get",
        SUBMISSION,
        429,
        _after_a_refused_token(_get(f"{SUBMISSIONS}/{{draft}}", headers=_bearer)),
    ),
    ("post", STATE, 200, _state({"to": "accepted"})),
    ("post", STATE, 401, _state({"to": "accepted"}, headers=None)),
    (
        "post",
        STATE,
        403,
        _state({"to": "accepted"}, headers=None, client_kind="session-without-csrf"),
    ),
    ("post", STATE, 404, _state({"to": "accepted"}, pk="999999")),
    ("post", STATE, 409, _state({"to": "confirmed"})),
    ("post", STATE, 422, _state({"too": "accepted"})),
    ("post", STATE, 429, _after_a_refused_token(_state({"to": "accepted"}))),
]


@pytest.fixture(scope="module")
def document(django_db_blocker):
    with django_db_blocker.unblock():
        return Client().get(f"{API}/openapi.json").json()


def _documented(document: dict) -> set[tuple[str, str, int]]:
    return {
        (method, path, int(status))
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status in operation["responses"]
    }


def _case_id(case) -> str:
    method, path, status, _ = case
    return f"{method} {path.removeprefix(API)} {status}"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_each_answer_is_the_documented_status_with_the_documented_body(
    client, world, document, case
):
    method, path, status, ask = case

    response = ask(client, world)

    assert response.status_code == status, response.content[:300]
    documented = document["paths"][path][method]["responses"][str(status)]
    if status == 304:
        assert response.content == b""
        return
    schema = documented["content"]["application/json"]["schema"]
    jsonschema.validate(
        response.json(),
        {**schema, "components": document["components"]},
        cls=jsonschema.Draft202012Validator,
    )


def test_every_documented_answer_is_provoked_above_and_nothing_else(document):
    provoked = {(method, path, status) for method, path, status, _ in CASES}

    assert provoked == _documented(document)


def test_a_limit_above_the_maximum_is_refused_in_words(client, world):
    response = client.get(
        f"{API}/conferences/{world['slug']}/contributions", {"limit": MAX_LIMIT + 1}
    )

    assert response.status_code == 422
    assert response.json()["message"] == (
        f"query.limit: Input should be less than or equal to {MAX_LIMIT}"
    )


def test_the_largest_page_is_served_whole(client, cast, world):
    for n in range(MAX_LIMIT + 5):
        make_contribution(cast.refereed, title=f"Talk {n}", state=State.CONFIRMED)

    page = client.get(
        f"{API}/conferences/{world['slug']}/contributions", {"limit": MAX_LIMIT}
    ).json()

    assert (len(page["items"]), page["count"]) == (MAX_LIMIT, MAX_LIMIT + 6)


def test_the_openapi_document_states_the_maximum(document):
    parameters = document["paths"][f"{CONF}/contributions"]["get"]["parameters"]
    limit = next(p for p in parameters if p["name"] == "limit")

    assert (limit["schema"]["maximum"], limit["schema"]["default"]) == (MAX_LIMIT, 100)

import pytest
from django.urls import reverse

from microconf.audit.models import AuditEntry
from microconf.cfp.lifecycle import State
from microconf.cfp.models import CallForProposals
from microconf.people.services import create_api_token
from microconf.review.models import ReviewAssignment
from tests.factories import add_author, add_link, make_contribution, make_person


@pytest.fixture
def talks(cast):
    public = make_contribution(
        cast.refereed, title="Ring buffers", state=State.CONFIRMED
    )
    add_author(public, make_person(name="Pia Public", email="pia@example.org"))
    add_link(public)
    draft = make_contribution(cast.refereed, title="Secret plan", state=State.SUBMITTED)
    add_author(draft, cast.speaker.person, is_speaker=True)
    return public, draft


def test_openapi_document_lists_the_routes(client):
    document = client.get("/api/v1/openapi.json").json()

    assert document["openapi"].startswith("3.")
    assert "/api/v1/conferences/{slug}/contributions" in document["paths"]
    assert "/api/v1/conferences/{slug}/submissions/{pk}/state" in document["paths"]


def test_public_contributions_are_paginated_and_filtered(client, cast, talks):
    url = "/api/v1/conferences/plumbers/contributions"

    everything = client.get(url).json()
    filtered = client.get(url, {"q": "ring", "limit": 1}).json()
    none = client.get(url, {"track": "rust"}).json()

    assert everything["count"] == 1
    assert [c["title"] for c in filtered["items"]] == ["Ring buffers"]
    assert none == {"items": [], "count": 0}


def test_public_fields_only_never_an_email(client, cast, talks):
    public, _ = talks

    body = client.get(f"/api/v1/conferences/plumbers/contributions/{public.pk}").content

    assert b"Pia Public" in body
    assert b"pia@example.org" not in body
    assert (
        b"Secret plan" not in client.get("/api/v1/conferences/plumbers/people").content
    )


def test_unknown_things_get_a_json_message(client, cast, talks):
    _, draft = talks

    missing = client.get("/api/v1/conferences/nope")
    private = client.get(f"/api/v1/conferences/plumbers/contributions/{draft.pk}")

    assert (missing.status_code, private.status_code) == (404, 404)
    assert set(missing.json()) == {"message"}
    assert (
        private.json()["message"] == "No such public contribution in this conference."
    )


def test_team_routes_need_a_token_or_a_session(client, cast, talks):
    response = client.get("/api/v1/conferences/plumbers/submissions")

    assert response.status_code == 401
    assert response.json()["message"].startswith("Send a token")


def test_a_token_acts_as_its_user_through_the_same_permissions(client, cast, talks):
    _, draft = talks
    _, secret = create_api_token(cast.committee_member, "scripts")
    headers = {"Authorization": f"Bearer {secret}"}
    url = f"/api/v1/conferences/plumbers/submissions/{draft.pk}/state"

    listed = client.get(
        "/api/v1/conferences/plumbers/submissions",
        {"state": "submitted"},
        headers=headers,
    )
    accepted = client.post(
        url, {"to": "accepted", "reason": "strong"}, content_type="application/json",
        headers=headers,
    )  # fmt: skip

    assert [s["title"] for s in listed.json()["items"]] == ["Secret plan"]
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "accepted"
    assert AuditEntry.objects.get(to_state="accepted").actor == cast.committee_member


def test_a_wrong_token_is_refused(client, cast):
    response = client.get(
        "/api/v1/conferences/plumbers/submissions",
        headers={"Authorization": "Bearer mc_not-a-real-token"},
    )

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"to": "published"}, 409, "“published” is not a state"),
        ({"to": "confirmed"}, 409, "A contribution that is submitted cannot become"),
        ({"too": "accepted"}, 422, "body.body.to: Field required"),
    ],
)
def test_bad_state_changes_are_explained_and_change_nothing(
    client, cast, talks, body, status, message
):
    _, draft = talks
    client.force_login(cast.organiser)

    response = client.post(
        f"/api/v1/conferences/plumbers/submissions/{draft.pk}/state", body,
        content_type="application/json",
    )  # fmt: skip

    draft.refresh_from_db()
    assert response.status_code == status
    assert response.json()["message"].startswith(message)
    assert draft.state == State.SUBMITTED


def test_anonymised_review_hides_authors_in_the_api(client, cast, talks):
    _, draft = talks
    CallForProposals.objects.filter(track=cast.refereed).update(
        is_review_anonymised=True
    )
    # Under anonymised review, reviewers see what they were given to review.
    ReviewAssignment.objects.create(contribution=draft, reviewer=cast.reviewer)
    client.force_login(cast.reviewer)

    listed = client.get("/api/v1/conferences/plumbers/submissions")
    single = client.get(f"/api/v1/conferences/plumbers/submissions/{draft.pk}")

    for response in (listed, single):
        assert response.status_code == 200
        assert b"Sam Speaker" not in response.content
        assert b"sam@example.org" not in response.content
        assert b"Speak GmbH" not in response.content
    assert single.json()["authors"] == []


def test_reverse_names_match_the_documented_paths():
    assert reverse("api:submissions", args=["x"]) == "/api/v1/conferences/x/submissions"


def test_a_token_made_on_your_page_works_once_shown(client, cast):
    client.force_login(cast.organiser)

    page = client.post("/me/tokens/", {"name": "cron"}, follow=True).content.decode()
    secret = page.split("shown this once: ")[1].split(" ")[0]
    client.logout()
    response = client.get(
        "/api/v1/conferences/plumbers/submissions",
        headers={"Authorization": f"Bearer {secret}"},
    )

    assert response.status_code == 200
    assert cast.organiser.api_tokens.get().digest != secret

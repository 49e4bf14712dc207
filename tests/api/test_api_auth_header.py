import pytest


@pytest.mark.parametrize(
    ("headers", "challenge"),
    [
        ({}, 'Bearer realm="microconf"'),
        ({"HTTP_AUTHORIZATION": "Bearer not-a-token"}, 'Bearer error="invalid_token"'),
        ({"HTTP_AUTHORIZATION": "Basic Zm9vOmJhcg=="}, 'Bearer realm="microconf"'),
    ],
)
def test_every_refused_token_answers_401_with_a_bearer_challenge(
    client, cast, headers, challenge
):
    response = client.get(
        f"/api/v1/conferences/{cast.conference.slug}/submissions", **headers
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == challenge
    assert "token" in response.json()["message"]

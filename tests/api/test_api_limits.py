"""The API's limits: per user on team routes, and per address on refused tokens.

Both count in the cache every app process shares (settings.CACHES["default"]);
tests/operations/test_two_processes.py shows the sharing for the log-in limits.
That cache is a table of the test database, so each test's counts roll back with it.
"""

from microconf.people.services import create_api_token


def _submissions(client, cast, token: str, address: str = "198.51.100.7"):
    return client.get(
        f"/api/v1/conferences/{cast.conference.slug}/submissions",
        headers={"Authorization": f"Bearer {token}"},
        REMOTE_ADDR=address,
    )


def test_past_the_refused_tokens_of_an_address_every_token_from_it_waits(
    client, cast, settings
):
    settings.API_RATE_REFUSED_TOKENS = "3/m"
    _, secret = create_api_token(cast.organiser, "script")

    refused = [_submissions(client, cast, f"mc_guess{n}").status_code for n in range(3)]
    waiting = _submissions(client, cast, secret)

    assert refused == [401, 401, 401]
    assert waiting.status_code == 429
    assert 0 < int(waiting["Retry-After"]) <= 60
    assert "Too many requests" in waiting.json()["message"]
    # Another address is not held back by this one's guesses.
    assert _submissions(client, cast, secret, address="198.51.100.8").status_code == 200


def test_a_valid_token_does_not_count_as_refused(client, cast, settings):
    settings.API_RATE_REFUSED_TOKENS = "2/m"
    _, secret = create_api_token(cast.organiser, "script")

    answers = [_submissions(client, cast, secret).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 200]


def test_a_user_past_the_team_rate_waits_on_every_team_route(client, cast, settings):
    settings.API_RATE_PER_USER = "2/m"
    _, secret = create_api_token(cast.organiser, "script")
    _, other = create_api_token(cast.reviewer, "theirs")

    first, second = (_submissions(client, cast, secret) for _ in range(2))
    third = client.get(
        f"/api/v1/conferences/{cast.conference.slug}/submissions/1",
        headers={"Authorization": f"Bearer {secret}"},
    )

    assert [first.status_code, second.status_code] == [200, 200]
    assert third.status_code == 429
    assert int(third["Retry-After"]) > 0
    # Another user's count is their own.
    assert _submissions(client, cast, other).status_code == 200


def test_public_routes_are_not_counted(client, cast, settings):
    settings.API_RATE_PER_USER = "1/m"
    answers = [
        client.get(f"/api/v1/conferences/{cast.conference.slug}").status_code
        for _ in range(3)
    ]

    assert answers == [200, 200, 200]

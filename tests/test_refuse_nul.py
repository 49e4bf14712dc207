"""A NUL character in a posted value is refused before any view runs."""

import pytest

from microconf.people.models import APIToken

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_value_is_refused_with_400(client, cast):
    client.force_login(cast.speaker)

    response = client.post("/me/tokens/", {"name": "lap\x00top"})

    assert response.status_code == 400
    assert response.content == b"Text cannot contain NUL characters."
    assert not APIToken.objects.exists()


def test_a_post_without_nul_goes_through(client, cast):
    client.force_login(cast.speaker)

    response = client.post("/me/tokens/", {"name": "laptop"})

    assert response.status_code == 302
    assert APIToken.objects.get().name == "laptop"

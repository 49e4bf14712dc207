import datetime as dt

import pytest
from django.utils import timezone

from microconf.people.models import APIToken
from microconf.people.services import create_api_token
from tests.factories import make_user
from tests.pages import visible_text

pytestmark = pytest.mark.django_db
SUBMISSIONS = "/api/v1/conferences/plumbers/submissions"


def test_a_new_token_works_for_the_configured_number_of_days(settings):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    before = timezone.now()

    token, _ = create_api_token(make_user("sam@example.org"), "script")

    assert before + dt.timedelta(days=30) <= token.expires
    assert token.expires <= timezone.now() + dt.timedelta(days=30)


def test_an_expired_token_gets_401_saying_it_expired(client, cast):
    token, secret = create_api_token(cast.organiser, "old script")
    expired = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
    APIToken.objects.filter(pk=token.pk).update(expires=expired)

    response = client.get(SUBMISSIONS, headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert response.json() == {
        "message": "This API token expired on 2026-01-02 03:04 UTC; "
        "make a new one on your page (/me/)."
    }
    assert APIToken.objects.get(pk=token.pk).last_used is None


def test_a_token_still_in_its_lifetime_works(client, cast):
    token, secret = create_api_token(cast.organiser, "script")
    APIToken.objects.filter(pk=token.pk).update(
        expires=timezone.now() + dt.timedelta(minutes=1)
    )

    response = client.get(SUBMISSIONS, headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 200
    assert APIToken.objects.get(pk=token.pk).last_used is not None


def test_your_page_says_until_when_a_token_works(client, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 7
    user = make_user("sam@example.org")
    client.force_login(user)

    response = client.post("/me/tokens/", {"name": "laptop"}, follow=True)

    expires = APIToken.objects.get(user=user).expires
    text = visible_text(response.content)
    assert f"It works until {expires:%Y-%m-%d}." in text
    assert (
        f"laptop, made {timezone.now():%Y-%m-%d}, works until {expires:%Y-%m-%d}"
        in (text)
    )

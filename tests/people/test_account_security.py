"""Accounts against guessing and probing: throttles, expiring links, no enumeration."""

import datetime as dt
import re
import time
from unittest import mock

import pytest
from allauth.account.forms import EmailAwarePasswordResetTokenGenerator
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core import mail, signing
from django.core.cache import cache

from tests.factories import make_user
from tests.pages import visible_text

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"
TOO_MANY = (
    "This was tried too often in a short time, so microconf is not accepting more "
    "for now. Wait a few minutes, then try again."
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts attempts in the shared cache, which a transactional test keeps.
    cache.clear()
    yield
    cache.clear()


def _sign_up(client, email: str, **extra):
    return client.post(
        "/accounts/signup/",
        {
            "email": email, "name": "Nia Newcomer", "affiliation": "Example Co",
            "password1": PASSWORD, "password2": PASSWORD,
        },
        **extra,
    )  # fmt: skip


def _link(message, pattern: str) -> str:
    return re.search(rf"https?://[^/\s]+({pattern}\S*)", message.body)[1]


# --- Throttles ---------------------------------------------------------------------


def test_log_in_is_locked_after_five_failures_and_says_so(client):
    make_user("sam@example.org")
    failures = [
        client.post("/accounts/login/", {"login": "sam@example.org", "password": "x"})
        for _ in range(5)
    ]

    right_password = client.post(
        "/accounts/login/", {"login": "sam@example.org", "password": PASSWORD}
    )

    # django-axes answers the fifth failure with 429; allauth then refuses further
    # attempts for this address before any password is checked.
    assert [r.status_code for r in failures] == [200, 200, 200, 200, 429]
    assert "Account locked: too many login attempts. Please try again later." in (
        visible_text(failures[-1].content)
    )
    assert "Too many failed login attempts. Try again later." in visible_text(
        right_password.content
    )
    assert "_auth_user_id" not in client.session


def test_changing_the_case_of_the_address_buys_no_more_guesses(client):
    make_user("sam@example.org")
    for login in ["sam@example.org", "SAM@example.org", "Sam@Example.org"] * 2:
        client.post("/accounts/login/", {"login": login, "password": "x"})
    cache.clear()  # only django-axes counts now

    response = client.post(
        "/accounts/login/", {"login": "sam@example.org", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lock_out_holds_one_account_not_the_others(client):
    make_user("sam@example.org")
    make_user("ada@example.org")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "sam@example.org", "password": "x"})

    other = client.post(
        "/accounts/login/", {"login": "ada@example.org", "password": PASSWORD}
    )

    assert other.status_code == 302
    assert client.session["_auth_user_id"] == str(
        User.objects.get(email="ada@example.org").pk
    )


def test_sign_up_is_rate_limited_per_address_with_a_clear_message(client):
    answers = [
        _sign_up(client, f"person{n}@example.org").status_code for n in range(20)
    ]

    refused = _sign_up(client, "one-too-many@example.org")

    assert answers == [302] * 20
    assert refused.status_code == 429
    assert TOO_MANY in visible_text(refused.content)
    assert not User.objects.filter(email="one-too-many@example.org").exists()


def test_password_reset_requests_are_rate_limited_per_address(client):
    make_user("sam@example.org")
    for _ in range(5):
        client.post("/accounts/password/reset/", {"email": "sam@example.org"})

    refused = client.post("/accounts/password/reset/", {"email": "sam@example.org"})

    assert refused.status_code == 429
    assert TOO_MANY in visible_text(refused.content)


# --- Links that expire -------------------------------------------------------------


def _reset_link(client) -> str:
    client.post("/accounts/password/reset/", {"email": "sam@example.org"})
    [message] = [m for m in mail.outbox if "/password/reset/key/" in m.body]
    return _link(message, "/accounts/password/reset/key/")


def _reset_clock(seconds_from_now: int) -> dt.datetime:
    # The token generator's clock, naive as the generator keeps it.
    return EmailAwarePasswordResetTokenGenerator()._now() + dt.timedelta(
        seconds=seconds_from_now
    )


def _use_reset_link(client, link: str):
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    return client.post(
        form_url,
        {"password1": "a new long passphrase", "password2": "a new long passphrase"},
        follow=True,
    )


def test_a_password_reset_link_works_within_its_lifetime(client, settings):
    user = make_user("sam@example.org")
    link = _reset_link(client)
    later = _reset_clock(settings.PASSWORD_RESET_TIMEOUT - 60)

    with mock.patch.object(
        EmailAwarePasswordResetTokenGenerator, "_now", return_value=later
    ):
        _use_reset_link(client, link)

    user.refresh_from_db()
    assert user.check_password("a new long passphrase")


def test_a_password_reset_link_is_refused_after_its_lifetime(client, settings):
    user = make_user("sam@example.org")
    link = _reset_link(client)
    later = _reset_clock(settings.PASSWORD_RESET_TIMEOUT + 60)

    with mock.patch.object(
        EmailAwarePasswordResetTokenGenerator, "_now", return_value=later
    ):
        response = _use_reset_link(client, link)

    user.refresh_from_db()
    assert settings.PASSWORD_RESET_TIMEOUT <= 24 * 60 * 60
    assert user.check_password(PASSWORD)
    assert "The password reset link was invalid" in visible_text(response.content)


def _confirmation_link_made(client, seconds_ago: int) -> str:
    past = signing.b62_encode(int(time.time()) - seconds_ago)
    with mock.patch.object(signing.TimestampSigner, "timestamp", return_value=past):
        _sign_up(client, "new@example.org")
    client.logout()
    [message] = mail.outbox
    return _link(message, "/accounts/confirm-email/")


def test_an_email_confirmation_link_works_within_its_lifetime(client, settings):
    lifetime = settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS * 24 * 60 * 60
    link = _confirmation_link_made(client, seconds_ago=lifetime - 60)

    client.post(link)

    assert EmailAddress.objects.get(email="new@example.org").verified is True


def test_an_email_confirmation_link_is_refused_after_its_lifetime(client, settings):
    lifetime = settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS * 24 * 60 * 60
    link = _confirmation_link_made(client, seconds_ago=lifetime + 60)

    page = client.get(link)
    client.post(link)

    assert EmailAddress.objects.get(email="new@example.org").verified is False
    assert "This email confirmation link expired or is invalid." in visible_text(
        page.content
    )


# --- No enumeration ----------------------------------------------------------------


def _same_answer(first, second) -> None:
    assert first.status_code == second.status_code
    assert first.redirect_chain == second.redirect_chain
    assert visible_text(first.content) == visible_text(second.content)


def test_sign_up_answers_the_same_for_a_taken_address(client):
    make_user("sam@example.org")

    taken = _sign_up(client, "sam@example.org", follow=True)
    client.logout()
    free = _sign_up(client, "free@example.org", follow=True)

    assert taken.status_code == 200
    assert (taken.status_code, taken.redirect_chain) == (
        free.status_code,
        free.redirect_chain,
    )
    # Only the address typed differs: the page echoes it back.
    assert visible_text(taken.content).replace("sam@", "free@") == visible_text(
        free.content
    )
    # The owner of the taken address hears about it by mail, not the visitor.
    assert [m.to for m in mail.outbox] == [["sam@example.org"], ["free@example.org"]]


def test_log_in_answers_the_same_for_unknown_and_known_addresses(client):
    make_user("sam@example.org")

    known = client.post(
        "/accounts/login/", {"login": "sam@example.org", "password": "wrong"}
    )
    unknown = client.post(
        "/accounts/login/", {"login": "nobody@example.org", "password": "wrong"}
    )

    assert known.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        visible_text(known.content)
    )
    assert visible_text(known.content).replace("sam@", "nobody@") == visible_text(
        unknown.content
    )
    assert known.status_code == unknown.status_code


def test_password_reset_shows_the_same_page_for_unknown_addresses(client):
    make_user("sam@example.org")

    known = client.post(
        "/accounts/password/reset/", {"email": "sam@example.org"}, follow=True
    )
    unknown = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True
    )

    _same_answer(known, unknown)

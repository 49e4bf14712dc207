import pytest
from django.contrib.auth.models import User
from django.core import mail

from microconf.people.models import Person
from tests.factories import make_user
from tests.pages import visible_text

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def _sign_up(client, email="new@example.org"):
    return client.post(
        "/accounts/signup/",
        {
            "email": email, "name": "Nia Newcomer", "affiliation": "Example Co",
            "password1": PASSWORD, "password2": PASSWORD,
        },
    )  # fmt: skip


def test_sign_up_makes_a_person_and_asks_to_confirm_the_address(client):
    response = _sign_up(client)

    person = Person.objects.get(user__email="new@example.org")
    assert response.status_code == 302
    assert (person.name, person.affiliation) == ("Nia Newcomer", "Example Co")
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_an_unconfirmed_address_cannot_sign_in(client):
    _sign_up(client)
    client.logout()

    response = client.post(
        "/accounts/login/", {"login": "new@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_out_even_the_right_one(client):
    make_user("sam@example.org")
    for _ in range(5):
        client.post(
            "/accounts/login/", {"login": "sam@example.org", "password": "nope"}
        )

    response = client.post(
        "/accounts/login/", {"login": "sam@example.org", "password": PASSWORD}
    )

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts. Try again later." in visible_text(
        response.content
    )


def test_password_reset_answers_the_same_for_unknown_addresses(client):
    make_user("sam@example.org")

    known = client.post("/accounts/password/reset/", {"email": "sam@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert (known.status_code, known["Location"]) == (
        unknown.status_code,
        unknown["Location"],
    )
    assert [m.to for m in mail.outbox if "/password/reset/key/" in m.body] == [
        ["sam@example.org"]
    ]


def test_profile_refuses_an_over_long_bio(client):
    user = make_user("sam@example.org")
    client.force_login(user)

    response = client.post(
        "/me/profile/", {"name": "Sam", "affiliation": "", "bio": "b" * 2001}
    )

    assert response.status_code == 400
    assert "The bio is 2001 characters long; the limit is 2000." in visible_text(
        response.content
    )
    assert User.objects.get(pk=user.pk).person.bio == ""

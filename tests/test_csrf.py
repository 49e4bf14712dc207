"""No state change without a CSRF token: every route, as a role allowed to use it.

The routes come from the permission matrix, so a new route is covered as soon as it
has its row there; the account and back-office routes are listed here.
"""

import pytest
from django.test import Client
from django.urls import reverse

from microconf.cfp.lifecycle import State
from microconf.cfp.models import Contribution
from microconf.people.services import create_api_token
from tests.factories import make_user
from tests.test_permission_matrix import MATRIX, ROLES, World

pytestmark = pytest.mark.django_db

ACCOUNT_ROUTES = [
    ("account_login", {}), ("account_logout", {}), ("account_signup", {}),
    ("account_reauthenticate", {}), ("account_email", {}),
    ("account_change_password", {}), ("account_set_password", {}),
    ("account_reset_password", {}), ("account_confirm_login_code", {}),
    ("account_confirm_email", {"key": "abc"}),
    ("account_reset_password_from_key", {"uidb36": "1", "key": "set-password"}),
    ("admin:login", {}), ("admin:logout", {}),
    ("admin:cfp_contribution_add", {}),
]  # fmt: skip


def _acting_role(allowed: set[str]) -> str:
    """The strongest role allowed to use a route, or staff when no role is."""
    for role in reversed(ROLES):
        if role in allowed and role != "anonymous":
            return role
    return "staff"


def _signed_in_client(cast, role: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    if role == "staff":
        user = make_user("stan@example.org", name="Stan Staff")
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    else:
        user = getattr(cast, role)
    client.force_login(user)
    return client


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_a_post_without_a_csrf_token_is_refused(cast, route, settings, tmp_path):
    method, arguments, data, allowed = MATRIX[route]
    settings.MEDIA_ROOT = tmp_path
    world = World(cast)
    client = _signed_in_client(cast, _acting_role(allowed))
    url = reverse(route, args=arguments(world))
    data = data(world) if callable(data) else data
    states = dict(Contribution.objects.values_list("pk", "state"))

    if method == "json":
        response = client.post(url, data, content_type="application/json")
    else:
        response = client.post(url, data)

    if route.startswith("api:") and response.status_code == 405:
        # The API answers only the methods a route has; this one has no POST.
        assert "POST" not in response.get("Allow", "")
    else:
        assert response.status_code == 403, response.status_code
    assert dict(Contribution.objects.values_list("pk", "state")) == states


@pytest.mark.parametrize(("route", "kwargs"), ACCOUNT_ROUTES)
def test_account_and_back_office_posts_need_a_csrf_token(cast, route, kwargs):
    client = _signed_in_client(cast, "staff")

    response = client.post(
        reverse(route, kwargs=kwargs),
        {"login": "stan@example.org", "password": "correct horse battery"},
    )

    assert response.status_code == 403
    assert "CSRF verification failed" in response.content.decode()


def test_an_api_write_with_the_session_needs_the_csrf_token(cast):
    world = World(cast)
    client = _signed_in_client(cast, "organiser")
    url = reverse("api:submission-state", args=[world.slug, world.talk.pk])

    refused = client.post(url, {"to": "accepted"}, content_type="application/json")
    client.get("/me/")  # a page that sets the CSRF cookie
    accepted = client.post(
        url,
        {"to": "accepted"},
        content_type="application/json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )

    assert refused.status_code == 403
    assert refused.json() == {
        "message": "The CSRF token is missing or wrong: send X-CSRFToken, "
        "or use a token."
    }
    assert accepted.status_code == 200


def test_an_api_write_with_a_bearer_token_needs_no_csrf_token(cast):
    # A page on another site cannot add an Authorization header to a request it
    # makes the browser send, so a bearer token alone shows intent.
    world = World(cast)
    _, secret = create_api_token(cast.organiser, "script")
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("api:submission-state", args=[world.slug, world.talk.pk]),
        {"to": "accepted"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )

    assert response.status_code == 200
    assert Contribution.objects.get(pk=world.talk.pk).state == State.ACCEPTED


def test_a_wrong_bearer_token_does_not_skip_the_csrf_check_of_the_session(cast):
    world = World(cast)
    client = _signed_in_client(cast, "organiser")

    response = client.post(
        reverse("api:submission-state", args=[world.slug, world.talk.pk]),
        {"to": "accepted"},
        content_type="application/json",
        headers={"Authorization": "Bearer mc_not-a-token"},
    )

    assert response.status_code == 403
    assert Contribution.objects.get(pk=world.talk.pk).state == State.SUBMITTED

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test.utils import CaptureQueriesContext

from microconf.programme.caching import cached_page
from tests.factories import make_conference, make_contribution, make_track

pytestmark = pytest.mark.django_db


def _get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_second_visit_is_served_from_the_cache_with_one_query(client):
    contribution = make_contribution(make_track(make_conference()), title="Cached")
    url = contribution.get_absolute_url()
    first, first_queries = _get(client, url)

    second, second_queries = _get(client, url)

    assert second_queries == 1 < first_queries  # only the programme version
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_unchanged_page_answers_304_to_its_etag(client):
    contribution = make_contribution(make_track(make_conference()))
    url = contribution.get_absolute_url()
    etag = client.get(url)["ETag"]

    response, queries = _get(client, url, if_none_match=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert queries == 1


def test_unchanged_page_answers_304_to_its_last_modified_date(client):
    contribution = make_contribution(make_track(make_conference()))
    url = contribution.get_absolute_url()
    last_modified = client.get(url)["Last-Modified"]

    response = client.get(url, headers={"if_modified_since": last_modified})

    assert response.status_code == 304


def test_a_change_to_the_programme_changes_the_page_and_its_etag(client):
    contribution = make_contribution(make_track(make_conference()), title="Before")
    url = contribution.get_absolute_url()
    old = client.get(url)

    contribution.title = "After"
    contribution.save()
    new = client.get(url, headers={"if_none_match": old["ETag"]})

    assert new.status_code == 200
    assert new["ETag"] != old["ETag"]
    assert b"After" in new.content


def test_a_new_contribution_changes_the_track_page(client):
    track = make_track(make_conference())
    make_contribution(track, title="First")
    client.get(track.get_absolute_url())

    make_contribution(track, title="Second")

    assert b"Second" in client.get(track.get_absolute_url()).content


def test_pages_for_logged_in_users_are_private_and_never_cached(
    client, django_user_model
):
    contribution = make_contribution(make_track(make_conference()))
    client.force_login(django_user_model.objects.create_user("ada"))

    response = client.get(contribution.get_absolute_url())

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


def test_public_pages_vary_on_the_cookie(client):
    contribution = make_contribution(make_track(make_conference()))

    response = client.get(contribution.get_absolute_url())

    assert "Cookie" in response["Vary"]


def test_a_page_holding_a_csrf_token_is_never_shared(rf):

    conference = make_conference()
    rendered = []

    @cached_page
    def page_with_a_form(request, conference_slug):
        rendered.append(get_token(request))
        return HttpResponse("<form>…</form>")

    for _ in range(2):
        request = rf.get(f"/{conference.slug}/")
        request.user = AnonymousUser()
        response = page_with_a_form(request, conference.slug)

    assert len(rendered) == 2
    assert "private" in response["Cache-Control"]

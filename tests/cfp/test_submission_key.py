"""A form posted twice (a double click, a retry) makes one proposal."""

import datetime as dt
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from microconf.cfp import services
from microconf.cfp.models import CallForProposals, Contribution
from tests.factories import make_user
from tests.pages import visible_text


def _form_key(client, cast) -> str:
    page = client.get(reverse("cfp:propose", args=[cast.conference.slug, "refereed"]))
    found = re.search(rb'name="submission_key" value="([^"]+)"', page.content)
    return found[1].decode()


def _post(client, cast, key, title="Binder in Rust"):
    url = reverse("cfp:propose", args=[cast.conference.slug, "refereed"])
    data = {"title": title, "abstract": "Text.", "submit": "1", "submission_key": key}
    return client.post(url, data)


def test_each_shown_form_carries_a_fresh_key(client, cast):
    client.force_login(cast.speaker)

    assert _form_key(client, cast) != _form_key(client, cast)


def test_a_replayed_form_redirects_to_the_same_proposal(client, cast):
    client.force_login(cast.speaker)
    key = _form_key(client, cast)

    first = _post(client, cast, key)
    second = _post(client, cast, key)

    contribution = Contribution.objects.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == f"/plumbers/submissions/{contribution.pk}/"
    assert contribution.submission_key == key


def test_a_replay_after_the_deadline_still_finds_the_proposal(client, cast):
    client.force_login(cast.speaker)
    key = _form_key(client, cast)
    first = _post(client, cast, key)
    CallForProposals.objects.filter(track=cast.refereed).update(
        closes_at=timezone.now() - dt.timedelta(seconds=1)
    )

    second = _post(client, cast, key)

    assert second.status_code == 302
    assert second.url == first.url
    assert Contribution.objects.count() == 1


def test_two_forms_make_two_proposals_even_with_one_title(client, cast):
    client.force_login(cast.speaker)

    _post(client, cast, _form_key(client, cast))
    _post(client, cast, _form_key(client, cast))

    assert Contribution.objects.filter(title="Binder in Rust").count() == 2


def test_another_persons_key_reveals_nothing_and_saves_nothing(client, cast):
    client.force_login(cast.speaker)
    key = _form_key(client, cast)
    _post(client, cast, key, title="Secret plan")
    eve = Client()
    eve.force_login(make_user("eve@example.org"))

    response = _post(eve, cast, key, title="Eve's talk")

    assert response.status_code == 400
    assert "This form was already used. Reload the page." in visible_text(
        response.content
    )
    assert "Secret plan" not in visible_text(response.content)
    assert Contribution.objects.count() == 1


def test_a_late_submission_is_refused_with_the_closing_time(client, cast):
    client.force_login(cast.speaker)
    key = _form_key(client, cast)  # the form was shown while the call was open
    CallForProposals.objects.filter(track=cast.refereed).update(
        closes_at=timezone.now() - dt.timedelta(seconds=1)
    )

    response = _post(client, cast, key)

    assert response.status_code == 400
    assert "The call for proposals closed on" in visible_text(response.content)
    assert not Contribution.objects.exists()


def test_a_post_racing_the_first_one_returns_the_first(cast, monkeypatch):
    # Two posts of one form at once: both looked before either had saved, so the
    # second learns of the first only when its insert hits the unique key.
    first = services.create_submission(
        cast.refereed,
        services.Proposal(title="Binder", abstract="A.", submission_key="k" * 32),
        by=cast.speaker,
        submit=True,
    )
    real, looks = services._replayed, []

    def first_look_misses(key, author):
        looks.append(key)
        return None if len(looks) == 1 else real(key, author)

    monkeypatch.setattr(services, "_replayed", first_look_misses)

    second = services.create_submission(
        cast.refereed,
        services.Proposal(title="Binder", abstract="A.", submission_key="k" * 32),
        by=cast.speaker,
        submit=True,
    )

    assert second.pk == first.pk
    assert Contribution.objects.count() == 1

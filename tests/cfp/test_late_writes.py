"""Forms opened before the deadline and sent after it: refused, saying when it closed.

The check runs where the write happens, inside its transaction, not when the page
was shown (bench/rush.py shows it under load).
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from microconf.cfp.lifecycle import State
from microconf.cfp.models import CallForProposals, Contribution
from tests.factories import add_author, make_contribution
from tests.pages import visible_text


def _draft(cast) -> Contribution:
    draft = make_contribution(cast.refereed, state=State.DRAFT, abstract="Before.")
    add_author(draft, cast.speaker.person, is_speaker=True)
    return draft


def _close(cast) -> None:
    CallForProposals.objects.filter(track=cast.refereed).update(
        closes_at=timezone.now() - dt.timedelta(seconds=1)
    )


def test_an_edit_sent_after_the_deadline_is_refused_and_changes_nothing(client, cast):
    draft = _draft(cast)
    client.force_login(cast.speaker)
    url = reverse("cfp:edit", args=[cast.conference.slug, draft.pk])
    assert client.get(url).status_code == 200  # opened while the call was open
    _close(cast)

    response = client.post(url, {"title": draft.title, "abstract": "After."})

    assert response.status_code == 400
    assert "The call for proposals closed on" in visible_text(response.content)
    assert Contribution.objects.get(pk=draft.pk).abstract == "Before."


def test_a_submit_pressed_after_the_deadline_is_refused_with_the_time(client, cast):
    draft = _draft(cast)
    client.force_login(cast.speaker)
    _close(cast)

    response = client.post(
        reverse("cfp:change", args=[cast.conference.slug, draft.pk]),
        {"to": State.SUBMITTED},
        follow=True,
    )

    assert "The call for proposals closed on" in visible_text(response.content)
    assert Contribution.objects.get(pk=draft.pk).state == State.DRAFT

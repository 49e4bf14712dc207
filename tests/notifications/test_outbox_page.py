"""The outbox page: sending every unsent mail it shows, without a script."""

import pytest
from django.urls import reverse

from microconf.cfp.lifecycle import State, change_state
from microconf.notifications.models import OutboxMail
from tests.factories import add_author, make_contribution, make_user


def _decided(cast, n: int) -> list[OutboxMail]:
    for i in range(n):
        talk = make_contribution(cast.refereed, state=State.SUBMITTED, title=f"T{i}")
        add_author(talk, make_user(f"a{i}@example.org").person)
        change_state(
            talk, State.ACCEPTED if i % 2 else State.REJECTED, by=cast.organiser
        )
    return list(OutboxMail.objects.order_by("pk"))


def _send(client, cast, **data):
    return client.post(reverse("notifications:send", args=[cast.conference.slug]), data)


def test_send_all_sends_every_unsent_mail_of_the_list(client, cast):
    mails = _decided(cast, 4)
    OutboxMail.objects.filter(pk=mails[0].pk).update(state=OutboxMail.State.SENT)
    client.force_login(cast.organiser)

    page = client.get(reverse("notifications:outbox", args=[cast.conference.slug]))
    _send(client, cast, all="1", state="")

    assert "Send all 3 unsent mails" in page.content.decode()
    assert sorted(OutboxMail.objects.values_list("state", flat=True)) == [
        "queued", "queued", "queued", "sent",
    ]  # fmt: skip


def test_send_all_keeps_to_the_state_shown(client, cast):
    mails = _decided(cast, 2)
    OutboxMail.objects.filter(pk=mails[0].pk).update(state=OutboxMail.State.FAILED)
    client.force_login(cast.organiser)

    _send(client, cast, all="1", state="failed")

    states = dict(OutboxMail.objects.values_list("pk", "state"))
    assert states == {mails[0].pk: "queued", mails[1].pk: "draft"}


@pytest.mark.parametrize("state", ["bogus", "DRAFT", "x" * 300])
def test_a_bad_state_in_send_all_is_the_whole_list(client, cast, state):
    _decided(cast, 2)
    client.force_login(cast.organiser)

    response = _send(client, cast, all="1", state=state)

    assert response.status_code == 302
    assert set(OutboxMail.objects.values_list("state", flat=True)) == {"queued"}


def test_nobody_but_organisers_sends_all(client, cast):
    _decided(cast, 2)
    client.force_login(cast.committee_member)

    response = _send(client, cast, all="1", state="")

    assert response.status_code == 403
    assert set(OutboxMail.objects.values_list("state", flat=True)) == {"draft"}


def test_an_empty_outbox_offers_no_send_all(client, cast):
    client.force_login(cast.organiser)

    page = client.get(reverse("notifications:outbox", args=[cast.conference.slug]))

    assert "The outbox is empty." in page.content.decode()
    assert "unsent mail" not in page.content.decode()

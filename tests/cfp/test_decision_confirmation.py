"""A decision is asked once before it is made, says where its mail is, and undoes."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from microconf.audit.models import AuditEntry
from microconf.cfp.lifecycle import State
from microconf.cfp.models import Contribution, Invitation
from microconf.cfp.services import invite
from microconf.conference.models import Track
from microconf.notifications.models import OutboxMail
from tests.factories import add_author, make_contribution
from tests.pages import visible_text


def _text(response) -> str:
    return " ".join(visible_text(response.content).split())


@pytest.fixture
def talk(cast):
    talk = make_contribution(cast.refereed, title="Ring buffers", state=State.SUBMITTED)
    add_author(talk, cast.speaker.person, is_speaker=True)
    return talk


def _change(client, cast, talk, **data):
    return client.post(
        reverse("cfp:change", args=[cast.conference.slug, talk.pk]), data
    )


@pytest.mark.parametrize(
    ("to", "button"),
    [("accepted", "Yes, accept it"), ("rejected", "Yes, reject it"),
     ("waitlisted", "Yes, put it on the waiting list")],
)  # fmt: skip
def test_a_decision_is_asked_once_and_changes_nothing_yet(
    client, cast, talk, to, button
):
    client.force_login(cast.organiser)

    response = _change(client, cast, talk, to=to, reason="strong reviews")

    talk.refresh_from_db()
    assert response.status_code == 200
    assert talk.state == State.SUBMITTED
    assert button in _text(response)
    assert "Reason kept in the log: strong reviews" in _text(response)
    assert not OutboxMail.objects.exists()


def test_the_confirmed_decision_is_made_and_says_its_mail_waits(client, cast, talk):
    client.force_login(cast.organiser)

    response = _change(client, cast, talk, to="accepted", confirmed="on", reason="ok")

    talk.refresh_from_db()
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert talk.state == State.ACCEPTED
    assert said == [
        "“Ring buffers” is now accepted. The decision mail to its authors is "
        "waiting in the outbox until an organiser sends it."
    ]
    assert AuditEntry.objects.get(action="state", to_state="accepted").reason == "ok"


def test_the_submission_page_says_a_mail_about_it_waits(client, cast, talk):
    client.force_login(cast.organiser)
    _change(client, cast, talk, to="accepted", confirmed="on")

    page = client.get(reverse("cfp:submission", args=[cast.conference.slug, talk.pk]))

    assert "A mail about it is waiting in the outbox" in _text(page)


def test_accepting_an_mc_proposal_says_it_opens_a_microconference(client, cast):
    proposal = make_contribution(
        cast.proposals, title="Sched MC", kind=Contribution.Kind.MC_PROPOSAL,
        state=State.SUBMITTED,
    )  # fmt: skip
    client.force_login(cast.committee_member)

    asked = _change(client, cast, proposal, to="accepted")

    assert "It becomes a microconference" in _text(asked)
    assert not Track.objects.filter(name="Sched MC").exists()


def test_nobody_is_asked_to_confirm_what_they_may_not_do(client, cast, talk):
    client.force_login(cast.speaker)

    response = _change(client, cast, talk, to="accepted")

    talk.refresh_from_db()
    assert response.status_code == 403
    assert talk.state == State.SUBMITTED


def test_a_withdrawal_is_not_asked_twice(client, cast, talk):
    client.force_login(cast.speaker)

    _change(client, cast, talk, to="withdrawn")

    talk.refresh_from_db()
    assert talk.state == State.WITHDRAWN


def test_an_organiser_undoes_a_decision(client, cast, talk):
    client.force_login(cast.organiser)
    _change(client, cast, talk, to="rejected", confirmed="on")

    _change(client, cast, talk, to="submitted", reason="wrong button")

    talk.refresh_from_db()
    assert talk.state == State.SUBMITTED
    page = client.get(reverse("cfp:submission", args=[cast.conference.slug, talk.pk]))
    assert "Accept" in _text(page)


@pytest.mark.django_db(transaction=True)
def test_an_invitation_is_sent_at_once_and_the_page_says_where_it_is(
    client, cast, talk
):
    client.force_login(cast.speaker)

    invite(talk, "tam@example.org", by=cast.speaker)
    waiting = client.get(
        reverse("cfp:submission", args=[cast.conference.slug, talk.pk])
    )
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    sent = client.get(reverse("cfp:submission", args=[cast.conference.slug, talk.pk]))

    assert OutboxMail.objects.get(kind="invitation").state == OutboxMail.State.SENT
    assert [m.to for m in mail.outbox] == [["tam@example.org"]]
    assert (
        "tam@example.org: invited; the invitation is waiting in the outbox to be sent"
        in _text(waiting)
    )
    assert "tam@example.org: invited; the invitation was sent" in _text(sent)
    assert Invitation.objects.get().accepted_at is None

from django.urls import reverse

from microconf.cfp.lifecycle import State
from microconf.cfp.models import Authorship, Invitation
from microconf.cfp.services import Proposal, create_submission, invite
from microconf.notifications.models import OutboxMail


def test_an_invited_co_author_sees_the_submission_once_they_accept(client, cast):
    talk = create_submission(
        cast.refereed, Proposal(title="Ring buffers", abstract="x"), by=cast.speaker,
        submit=True,
    )  # fmt: skip
    invitation = invite(talk, "ADA@example.org", by=cast.speaker)
    page = reverse("cfp:submission", args=[cast.conference.slug, talk.pk])
    client.force_login(cast.attendee)

    before = client.get(page)
    client.post(reverse("cfp:invitation", args=[invitation.token]))
    after = client.get(page)

    assert (before.status_code, after.status_code) == (404, 200)
    assert Authorship.objects.get(
        contribution=talk, person=cast.attendee.person
    ).role == (Authorship.Role.CO_AUTHOR)
    mail = OutboxMail.objects.get(kind="invitation")
    assert mail.to_email == "ada@example.org"
    assert f"/invitations/{invitation.token}/" in mail.body
    assert talk.state == State.SUBMITTED


def test_an_invitation_works_once(client, cast):
    talk = create_submission(
        cast.refereed, Proposal(title="Ring buffers", abstract="x"), by=cast.speaker,
        submit=False,
    )  # fmt: skip
    invitation = invite(talk, "ada@example.org", by=cast.speaker)
    url = reverse("cfp:invitation", args=[invitation.token])
    client.force_login(cast.attendee)
    client.post(url)
    client.force_login(cast.committee_member)

    client.post(url)

    assert not talk.authorships.filter(person=cast.committee_member.person).exists()
    assert Invitation.objects.get().accepted_at is not None


def test_the_same_address_is_not_invited_twice(client, cast):
    talk = create_submission(
        cast.refereed, Proposal(title="Ring buffers", abstract="x"), by=cast.speaker,
        submit=False,
    )  # fmt: skip
    client.force_login(cast.speaker)
    url = reverse("cfp:invite", args=[cast.conference.slug, talk.pk])

    client.post(url, {"email": "ada@example.org"})
    response = client.post(url, {"email": "ada@example.org"}, follow=True)

    assert "ada@example.org has already been invited." in response.content.decode()
    assert Invitation.objects.count() == 1

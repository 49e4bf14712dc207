import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from microconf.cfp.lifecycle import State, change_state
from microconf.cfp.services import queue_reminders
from microconf.notifications import tasks
from microconf.notifications.models import (
    MailKind,
    MailTemplate,
    OutboxMail,
    validate_placeholders,
)
from tests.factories import add_author, make_contribution

pytestmark = pytest.mark.django_db(transaction=True)


def _accepted_mail(cast) -> OutboxMail:
    contribution = make_contribution(
        cast.refereed, state=State.SUBMITTED, title="Binder"
    )
    add_author(contribution, cast.speaker.person, is_speaker=True)
    change_state(contribution, State.ACCEPTED, by=cast.organiser)
    return OutboxMail.objects.get(contribution=contribution)


def _run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_queued_mail_is_sent_once_by_the_worker(cast):
    draft = _accepted_mail(cast)

    tasks.send([draft])
    _run_worker()
    tasks.send([OutboxMail.objects.get(pk=draft.pk)])  # a second click: already sent
    _run_worker()

    draft.refresh_from_db()
    assert draft.state == OutboxMail.State.SENT
    assert [m.to for m in mail.outbox] == [["Sam Speaker <sam@example.org>"]]
    assert mail.outbox[0].subject == "Accepted: Binder"
    assert "http://127.0.0.1:8000/plumbers/submissions/" in mail.outbox[0].body


def test_delivering_the_same_mail_twice_sends_it_once(cast):
    draft = _accepted_mail(cast)
    OutboxMail.objects.filter(pk=draft.pk).update(state=OutboxMail.State.QUEUED)

    first = tasks.deliver(draft.pk)
    second = tasks.deliver(draft.pk)

    assert (first, second) == ("sent", "not queued: nothing to do")
    assert len(mail.outbox) == 1


def test_drafts_stay_unsent_until_an_organiser_sends_them(cast):
    _accepted_mail(cast)

    _run_worker()

    assert mail.outbox == []


def test_a_failing_transport_is_retried_then_shown_as_failed(cast, settings):
    draft = _accepted_mail(cast)
    # An SMTP server that refuses connections: nothing listens on port 1.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    OutboxMail.objects.filter(pk=draft.pk).update(state=OutboxMail.State.QUEUED)

    results = [tasks.deliver(draft.pk) for _ in range(tasks.MAX_ATTEMPTS)]

    draft.refresh_from_db()
    assert [r.split(":")[0] for r in results] == ["failed, retrying"] * 2 + ["failed"]
    assert (draft.state, draft.attempts) == (OutboxMail.State.FAILED, 3)
    assert "refused" in draft.last_error.lower()


def test_conference_templates_replace_the_default_wording(cast):
    MailTemplate.objects.create(
        conference=cast.conference, kind=MailKind.ACCEPTED,
        subject="Yes! {title}", body="Hi {name}, see you at {conference}.",
    )  # fmt: skip

    draft = _accepted_mail(cast)

    assert (draft.subject, draft.body) == (
        "Yes! Binder",
        "Hi Sam Speaker, see you at Plumbers Test Conference.",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hello {nmae}", "Unknown placeholder {nmae}."),
        ("Hello {name", "The template has a stray brace"),
    ],
)
def test_template_mistakes_are_explained(text, message):
    with pytest.raises(ValidationError) as error:
        validate_placeholders(text)

    assert error.value.messages[0].startswith(message)


def test_reminders_to_confirm_are_drafted_once_a_day(cast):
    accepted = make_contribution(cast.refereed, state=State.ACCEPTED, title="Waiting")
    add_author(accepted, cast.speaker.person, is_speaker=True)
    confirmed = make_contribution(cast.refereed, state=State.CONFIRMED, title="Done")
    add_author(confirmed, cast.attendee.person, is_speaker=True)

    first = queue_reminders(cast.conference, MailKind.CONFIRM_REMINDER)
    again = queue_reminders(cast.conference, MailKind.CONFIRM_REMINDER)

    assert [m.subject for m in first] == ["Please confirm: Waiting"]
    assert [m.pk for m in again] == [m.pk for m in first]
    assert OutboxMail.objects.filter(kind=MailKind.CONFIRM_REMINDER).count() == 1


def test_deadline_reminders_name_the_closing_time_in_the_conference_zone(cast):
    draft = make_contribution(cast.refereed, state=State.DRAFT, title="Unfinished")
    add_author(draft, cast.speaker.person)

    mails = queue_reminders(cast.conference, MailKind.DEADLINE_REMINDER)

    assert [m.to_email for m in mails] == ["sam@example.org"]
    assert "(America/New_York)" in mails[0].body


def test_a_template_with_an_unknown_placeholder_is_refused_by_its_form(cast):
    template = MailTemplate(
        conference=cast.conference, kind=MailKind.REJECTED,
        subject="About {titel}", body="Dear {name}",
    )  # fmt: skip

    with pytest.raises(ValidationError) as error:
        template.full_clean()

    assert list(error.value.message_dict) == ["subject"]


def test_sending_ignores_ticks_that_are_not_mail_numbers(client, cast):
    draft = _accepted_mail(cast)
    client.force_login(cast.organiser)

    response = client.post(
        "/plumbers/manage/outbox/send/",
        {"mail": ["99999999999999999999", "²", "-1", str(draft.pk)]},
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.state == OutboxMail.State.QUEUED

"""What a killed worker leaves behind is sent later, and each mail only once."""

import datetime as dt
import email

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from microconf.cfp.lifecycle import State, change_state
from microconf.notifications import tasks
from microconf.notifications.mailfiles import EmailBackend
from microconf.notifications.models import OutboxMail
from tests.factories import add_author, make_contribution

pytestmark = pytest.mark.django_db(transaction=True)
NOW = dt.timedelta(0)


def _accepted_mail(cast) -> OutboxMail:
    contribution = make_contribution(
        cast.refereed, state=State.SUBMITTED, title="Binder"
    )
    add_author(contribution, cast.speaker.person, is_speaker=True)
    change_state(contribution, State.ACCEPTED, by=cast.organiser)
    return OutboxMail.objects.get(contribution=contribution)


def _run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def _kill_worker_mid_send(mail_id: int) -> None:
    """What SIGKILL leaves: the task running, the mail claimed, nothing recorded."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        status=TaskResultStatus.RUNNING, started_at=dt.datetime.now(tz=dt.UTC)
    )
    OutboxMail.objects.filter(pk=mail_id).update(
        state=OutboxMail.State.SENDING, claimed_at=dt.datetime.now(tz=dt.UTC)
    )


def test_queuing_a_mail_commits_its_task_with_it(cast):
    draft = _accepted_mail(cast)

    tasks.send([draft])

    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [draft.pk]
    assert task.status == TaskResultStatus.READY


def test_a_mail_left_sending_by_a_dead_worker_is_sent_after_recovery(cast):
    draft = _accepted_mail(cast)
    tasks.send([draft])
    _kill_worker_mid_send(draft.pk)

    _run_worker()  # the dead worker's task is not picked up again by itself
    assert mail.outbox == []
    done = tasks.recover(NOW)
    _run_worker()

    draft.refresh_from_db()
    assert done == {"dead_tasks": 1, "abandoned": 1, "requeued": 1}
    assert draft.state == OutboxMail.State.SENT
    assert len(mail.outbox) == 1


def test_recovery_leaves_a_recent_send_to_its_live_worker(cast):
    draft = _accepted_mail(cast)
    tasks.send([draft])
    _kill_worker_mid_send(draft.pk)

    done = tasks.recover(dt.timedelta(minutes=10))

    assert done == {"dead_tasks": 0, "abandoned": 0, "requeued": 0}
    assert OutboxMail.objects.get(pk=draft.pk).state == OutboxMail.State.SENDING


def test_recovery_does_not_queue_a_mail_whose_task_still_waits(cast):
    draft = _accepted_mail(cast)
    tasks.send([draft])

    done = tasks.recover(NOW)

    assert done["requeued"] == 0
    assert DBTaskResult.objects.count() == 1


def test_the_recover_command_reports_what_it_did(cast, capsys):
    draft = _accepted_mail(cast)
    tasks.send([draft])
    _kill_worker_mid_send(draft.pk)

    call_command("recover_outbox", "--older-than", "0")

    assert capsys.readouterr().out == (
        "1 mail(s) left sending and 1 queued mail(s) without a task were queued "
        "again; 1 dead task(s) marked failed.\n"
    )


def test_the_file_transport_writes_a_resent_mail_once(cast, tmp_path, settings):
    settings.EMAIL_BACKEND = "microconf.notifications.mailfiles.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    draft = _accepted_mail(cast)
    tasks.send([draft])
    _kill_worker_mid_send(draft.pk)
    # The dead worker had handed the mail over before it was killed.
    message = mail.EmailMessage(
        "Accepted: Binder", "", to=["sam@example.org"],
        headers={"Message-ID": tasks.message_id(draft.key)},
    )  # fmt: skip
    EmailBackend().send_messages([message])

    tasks.recover(NOW)
    _run_worker()

    files = sorted(tmp_path.iterdir())
    assert len(files) == 1
    parsed = email.message_from_bytes(files[0].read_bytes())
    assert parsed["Message-ID"] == tasks.message_id(draft.key)
    assert OutboxMail.objects.get(pk=draft.pk).state == OutboxMail.State.SENT


def test_message_ids_are_stable_and_well_formed():
    key = "accepted:5:12:sam@example.org"

    assert tasks.message_id(key) == tasks.message_id(key)
    assert tasks.message_id(key).count("@") == 1
    assert tasks.message_id(key) != tasks.message_id(key + "x")


def test_a_mail_left_sending_before_claims_were_timed_is_recovered(cast):
    draft = _accepted_mail(cast)
    tasks.send([draft])
    _kill_worker_mid_send(draft.pk)
    OutboxMail.objects.filter(pk=draft.pk).update(claimed_at=None)

    done = tasks.recover(dt.timedelta(minutes=10))

    assert done["abandoned"] == 1

"""Sending the outbox's mails exactly once, in the background worker.

Organisers ``send`` drafts: each is queued with a task of ``send_outbox_mail``,
which ``deliver`` s it. ``deliver`` claims a queued mail under a row lock, so two
workers (or a retried task) can never send the same mail twice.

A process may be killed at any moment (SIGKILL, a power cut). Queuing a mail and
its task commit together, so a queued mail always has a task. A worker killed while
sending leaves the mail "sending"; ``recover`` (run when a worker starts) queues it
again. It may already have reached the mail server, so it goes out again with the
same Message-ID, derived from the mail's key: the file transport
(``mailfiles.EmailBackend``) then writes it once; an SMTP server that accepted it
just before the kill receives a repeat that mail clients recognise by that id.
"""

import datetime as dt
import hashlib
import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from microconf.notifications.models import OutboxMail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
RETRY_AFTER_SECONDS = 60


@task()
def send_outbox_mail(mail_id: int) -> str:
    """Send one mail of the outbox (run by ``microconf db_worker``)."""
    return deliver(mail_id)


def send(mails: list[OutboxMail]) -> int:
    """Queue drafts (or failed mails) for the worker; returns how many were queued."""
    ids = [
        m.pk
        for m in mails
        if m.state in {OutboxMail.State.DRAFT, OutboxMail.State.FAILED}
    ]
    with transaction.atomic():
        queued = list(
            OutboxMail.objects.select_for_update()
            .filter(
                pk__in=ids,
                state__in=[OutboxMail.State.DRAFT, OutboxMail.State.FAILED],
            )
            .values_list("pk", flat=True)
        )
        OutboxMail.objects.filter(pk__in=queued).update(
            state=OutboxMail.State.QUEUED, attempts=0, last_error=""
        )
        # Enqueued inside the transaction, not on commit: the task is a row of the
        # same database, so the mail's state and its task commit together. A
        # process killed between a commit and an on-commit hook would leave a
        # queued mail that no worker ever hears about.
        for mail_id in queued:
            send_outbox_mail.enqueue(mail_id)
    return len(queued)


def message_id(key: str) -> str:
    """The mail's Message-ID: the same for every attempt, so a repeat is recognised."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<outbox.{digest}@microconf>"


def deliver(mail_id: int) -> str:
    """Send one queued mail, at most once; retry a failure a few times, then mark it."""
    with transaction.atomic():
        claimed = OutboxMail.objects.filter(
            pk=mail_id, state=OutboxMail.State.QUEUED
        ).update(state=OutboxMail.State.SENDING, claimed_at=timezone.now())
    if not claimed:
        return "not queued: nothing to do"
    mail = OutboxMail.objects.get(pk=mail_id)
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        to=[f"{mail.to_name} <{mail.to_email}>" if mail.to_name else mail.to_email],
        headers={"Message-ID": message_id(mail.key)},
    )
    try:
        message.send()
    except Exception as error:
        return _failed(mail, error)
    OutboxMail.objects.filter(pk=mail.pk).update(
        state=OutboxMail.State.SENT, sent_at=timezone.now(), attempts=mail.attempts + 1
    )
    return "sent"


def _failed(mail: OutboxMail, error: Exception) -> str:
    attempts = mail.attempts + 1
    logger.warning("Sending mail %s failed (attempt %s): %s", mail.pk, attempts, error)
    if attempts < MAX_ATTEMPTS:
        with transaction.atomic():  # the retry and its task commit together
            OutboxMail.objects.filter(pk=mail.pk).update(
                state=OutboxMail.State.QUEUED, attempts=attempts, last_error=str(error)
            )
            run_after = timezone.now() + dt.timedelta(seconds=RETRY_AFTER_SECONDS)
            send_outbox_mail.using(run_after=run_after).enqueue(mail.pk)
        return f"failed, retrying: {error}"
    OutboxMail.objects.filter(pk=mail.pk).update(
        state=OutboxMail.State.FAILED, attempts=attempts, last_error=str(error)
    )
    return f"failed: {error}"


def recover(stale_after: dt.timedelta) -> dict[str, int]:
    """Queue again what dead workers left behind; counts of what was done.

    Anything older than ``stale_after`` counts as abandoned: a mail still
    "sending" (its worker died mid-send), and a running send task (its worker
    died). A queued mail with no live or waiting task gets a new one. With one
    worker, run it with ``stale_after=0`` before the worker starts; with several,
    use a time longer than any send can take (the default of ``recover_outbox``).
    """
    now = timezone.now()
    cutoff = now - stale_after
    tasks = DBTaskResult.objects.filter(task_path=send_outbox_mail.module_path)
    with transaction.atomic():
        dead = tasks.filter(status=TaskResultStatus.RUNNING, started_at__lte=cutoff)
        dead_tasks = dead.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path="microconf.notifications.tasks.WorkerLost",
            traceback="The worker stopped while running this task.",
        )
        # (No claim time: left "sending" by a version that did not record it.)
        abandoned = (
            OutboxMail.objects.filter(state=OutboxMail.State.SENDING)
            .filter(Q(claimed_at__lte=cutoff) | Q(claimed_at__isnull=True))
            .update(state=OutboxMail.State.QUEUED)
        )
        waiting = {
            args_kwargs["args"][0]
            for args_kwargs in tasks.filter(
                status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
            ).values_list("args_kwargs", flat=True)
            if args_kwargs.get("args")
        }
        orphans = list(
            OutboxMail.objects.filter(state=OutboxMail.State.QUEUED)
            .exclude(pk__in=waiting)
            .values_list("pk", flat=True)
        )
        for mail_id in orphans:
            send_outbox_mail.enqueue(mail_id)
    if dead_tasks or abandoned or orphans:
        logger.warning(
            "Outbox recovery: %s dead task(s), %s mail(s) left sending, "
            "%s mail(s) queued again.",
            dead_tasks, abandoned, len(orphans),
        )  # fmt: skip
    return {"dead_tasks": dead_tasks, "abandoned": abandoned, "requeued": len(orphans)}

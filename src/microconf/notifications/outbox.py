"""Writing mails into the outbox, and sending them exactly once.

Decision mails, reminders and schedule changes are written as drafts; organisers
review and edit them, then send. Invitations are queued for sending at once. Sending
runs in the background worker: ``deliver`` claims a queued mail under a row lock,
so two workers (or a retried task) can never send the same mail twice.

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
import string
from collections.abc import Collection, Iterable

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import dateformat, timezone
from django.utils.translation import pgettext

from microconf import links
from microconf.audit.services import record
from microconf.notifications.models import MailKind, MailTemplate, OutboxMail
from microconf.notifications.templates_default import (
    DEFAULTS,
    PLACEHOLDERS,
    SCHEDULE_KINDS,
    SCHEDULE_PLACEHOLDERS,
)

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
RETRY_AFTER_SECONDS = 60


def validate_placeholders(text: str, *, kind: str = "") -> None:
    """Refuse a template that names a placeholder its kind of mail does not have."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError as error:
        raise ValidationError(
            f"The template has a stray brace: {error}. Write {{{{ or }}}} for a brace."
        ) from error
    allowed = PLACEHOLDERS + (SCHEDULE_PLACEHOLDERS if kind in SCHEDULE_KINDS else ())
    unknown = sorted(names - set(allowed))
    if unknown:
        known = ", ".join(f"{{{p}}}" for p in allowed)
        raise ValidationError(
            f"Unknown placeholder {{{unknown[0]}}}. The placeholders are: {known}."
        )


def _wording(conference: object, kind: str) -> tuple[str, str]:
    template = MailTemplate.objects.filter(conference=conference, kind=kind).first()
    if template:
        return template.subject, template.body
    subject, body = DEFAULTS[kind]
    return str(subject), str(body)


def _values(contribution: object, name: str, url: str) -> dict[str, str]:
    conference = contribution.conference
    deadline = ""
    cfp = getattr(contribution.track, "cfp", None)
    if cfp is not None:
        local = timezone.localtime(cfp.closes_at, conference.tz)
        when = dateformat.format(
            local, pgettext("date and time format", "D, M d Y, H:i")
        )
        deadline = f"{when} ({conference.timezone})"
    return {
        "name": name,
        "title": contribution.title,
        "conference": conference.name,
        "track": contribution.track.name,
        "url": url,
        "state": contribution.get_state_display(),
        "deadline": deadline,
    }


def addresses(people: Iterable[object]) -> list[tuple[str, str]]:
    """(name, e-mail) of each person with an address, each address once."""
    seen, recipients = set(), []
    for person in people:
        email = person.email or (person.user.email if person.user_id else "")
        if email and email.lower() not in seen:
            seen.add(email.lower())
            recipients.append((person.name, email))
    return recipients


def _recipients(contribution: object) -> list[tuple[str, str]]:
    return addresses(a.person for a in contribution.authorships.all())


def queue_mail(
    conference: object, kind: str, *, key: str, to: tuple[str, str],
    values: dict[str, str], contribution: object | None = None,
) -> OutboxMail:  # fmt: skip
    """Write one draft mail in the conference's wording, once per ``key``."""
    subject, body = _wording(conference, kind)
    name, email = to
    mail, _ = OutboxMail.objects.get_or_create(
        key=key,
        defaults={
            "conference_id": conference.pk,
            "contribution": contribution,
            "kind": kind,
            "to_name": name,
            "to_email": email,
            "subject": subject.format_map(values),
            "body": body.format_map(values),
        },
    )
    return mail


def queue_for_authors(
    contribution: object, kind: str, *, occasion: str, url: str = "",
    extra: dict[str, str] | None = None, skip: Collection[str] = (),
) -> list[OutboxMail]:  # fmt: skip
    """Write a draft mail of this kind per author; ``occasion`` keeps keys unique.

    ``url`` replaces the link to the submission's page, ``extra`` adds values
    for the kind's own placeholders, and addresses in ``skip`` (lower case) get
    no mail.
    """
    slug = contribution.conference.slug
    url = url or f"{links.base_url()}/{slug}/submissions/{contribution.pk}/"
    return [
        queue_mail(
            contribution.conference,
            kind,
            key=f"{kind}:{contribution.pk}:{occasion}:{email.lower()}",
            to=(name, email),
            values=_values(contribution, name, url) | (extra or {}),
            contribution=contribution,
        )
        for name, email in _recipients(contribution)
        if email.lower() not in skip
    ]


def queue_decision(contribution: object, state: str) -> list[OutboxMail]:
    """Draft the decision mail; each decision (by its audit entry) gets its own mail."""
    occasion = str(
        contribution.audit_entries.order_by("-id").values_list("id", flat=True)[0]
    )
    return queue_for_authors(contribution, MailKind(state), occasion=occasion)


def queue_invitation(invitation: object, inviter_name: str) -> OutboxMail:
    """Write the invitation and queue it for sending at once.

    Nobody needs to read an invitation before it goes, and a person shown as
    invited should have it; decisions and reminders stay drafts for organisers.
    """
    contribution = invitation.contribution
    subject, body = _wording(contribution.conference, MailKind.INVITATION)
    values = _values(
        contribution,
        inviter_name,
        f"{links.base_url()}/invitations/{invitation.token}/",
    )
    mail, _ = OutboxMail.objects.get_or_create(
        key=f"invitation:{invitation.pk}",
        defaults={
            "conference_id": contribution.conference_id,
            "contribution": contribution,
            "kind": MailKind.INVITATION,
            "to_email": invitation.email,
            "subject": subject.format_map(values),
            "body": body.format_map(values),
        },
    )
    send([mail])
    mail.refresh_from_db(fields=["state"])
    return mail


def invitation_mails(invitations: Iterable[object]) -> dict[int, OutboxMail]:
    """Each invitation's mail, by the invitation's id (one query)."""
    keys = {f"invitation:{i.pk}": i.pk for i in invitations}
    return {keys[mail.key]: mail for mail in OutboxMail.objects.filter(key__in=keys)}


def waiting(contribution: object) -> int:
    """How many mails about this contribution wait in the outbox as drafts."""
    return OutboxMail.objects.filter(
        contribution=contribution, state=OutboxMail.State.DRAFT
    ).count()


def send(mails: list[OutboxMail]) -> int:
    """Queue drafts (or failed mails) for the worker; returns how many were queued."""
    from microconf.notifications.tasks import send_outbox_mail  # noqa: PLC0415

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
    from microconf.notifications.tasks import send_outbox_mail  # noqa: PLC0415

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
    from django_tasks.base import TaskResultStatus  # noqa: PLC0415
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    from microconf.notifications.tasks import send_outbox_mail  # noqa: PLC0415

    now = timezone.now()
    cutoff = now - stale_after
    tasks = DBTaskResult.objects.filter(task_path=send_outbox_mail.module_path)
    with transaction.atomic():
        dead = tasks.filter(status=TaskResultStatus.RUNNING, started_at__lte=cutoff)
        dead_tasks = dead.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path="microconf.notifications.outbox.WorkerLost",
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


@transaction.atomic
def save_draft(form: object, *, by: object) -> OutboxMail:
    """Save an organiser's edit of a draft mail (its valid form) and record it."""
    mail = form.save()
    record(
        "mail-edit", by=by, conference=mail.conference, contribution=mail.contribution,
        data={"mail": mail.pk, "changed": list(form.changed_data)},
    )  # fmt: skip
    return mail

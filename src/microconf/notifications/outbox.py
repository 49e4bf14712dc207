"""Writing mails into the outbox.

Decision mails, reminders and schedule changes are written as drafts; organisers
review and edit them, then send. Invitations are queued for sending at once.
Sending them, exactly once, is ``tasks.py``'s job.
"""

from collections.abc import Collection, Iterable

from django.db import transaction
from django.utils import dateformat, timezone
from django.utils.translation import pgettext

from microconf import links
from microconf.audit.services import record
from microconf.notifications import tasks
from microconf.notifications.models import MailKind, MailTemplate, OutboxMail
from microconf.notifications.templates_default import DEFAULTS


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
    tasks.send([mail])
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


@transaction.atomic
def save_draft(form: object, *, by: object) -> OutboxMail:
    """Save an organiser's edit of a draft mail (its valid form) and record it."""
    mail = form.save()
    record(
        "mail-edit", by=by, conference=mail.conference, contribution=mail.contribution,
        data={"mail": mail.pk, "changed": list(form.changed_data)},
    )  # fmt: skip
    return mail

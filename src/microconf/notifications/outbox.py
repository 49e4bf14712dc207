"""Writing mails into the outbox as drafts, for organisers to review and edit.

Sending them, exactly once, is ``tasks.py``'s job.
"""

from collections.abc import Collection, Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from microconf.audit.services import record
from microconf.notifications.models import MailKind, MailTemplate, OutboxMail
from microconf.notifications.templates_default import DEFAULTS


def _wording(conference: object, kind: str) -> tuple[str, str]:
    template = MailTemplate.objects.filter(conference=conference, kind=kind).first()
    return (template.subject, template.body) if template else DEFAULTS[kind]


def _values(contribution: object, name: str, url: str) -> dict[str, str]:
    conference = contribution.conference
    deadline = ""
    cfp = getattr(contribution.track, "cfp", None)
    if cfp is not None:
        local = timezone.localtime(cfp.closes_at, conference.tz)
        deadline = f"{local:%a, %b %d %Y, %H:%M} ({conference.timezone})"
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
    url = url or f"{settings.BASE_URL}/{slug}/submissions/{contribution.pk}/"
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
    contribution = invitation.contribution
    subject, body = _wording(contribution.conference, MailKind.INVITATION)
    values = _values(
        contribution,
        inviter_name,
        f"{settings.BASE_URL}/invitations/{invitation.token}/",
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
    return mail


@transaction.atomic
def save_draft(form: object, *, by: object) -> OutboxMail:
    """Save an organiser's edit of a draft mail (its valid form) and record it."""
    mail = form.save()
    record(
        "mail-edit", by=by, conference=mail.conference, contribution=mail.contribution,
        data={"mail": mail.pk, "changed": list(form.changed_data)},
    )  # fmt: skip
    return mail

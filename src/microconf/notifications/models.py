"""Mail templates and the outbox: every mail is written here before anyone sends it."""

import string

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class MailKind(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CONFIRM_REMINDER = "confirm-reminder", _("Reminder to confirm")
    INVITATION = "invitation", _("Invitation")
    DEADLINE_REMINDER = "deadline-reminder", _("Deadline reminder")
    SCHEDULE_CHANGE = "schedule-change", _("Schedule change")
    SCHEDULE_CANCELLED = "schedule-cancelled", _("Cancelled from the schedule")


PLACEHOLDERS = ("name", "title", "conference", "track", "url", "state", "deadline")
# Where and when a session runs after the release ({day}, {time}, {room}) and ran
# before it ({before}, or its parts), in the conference's timezone ({timezone});
# {sessions} lists a microconference's topics in its runners' mail.
SCHEDULE_PLACEHOLDERS = (
    "day", "time", "room", "timezone",
    "before", "before_day", "before_time", "before_room",
    "release", "changelog", "sessions",
)  # fmt: skip
SCHEDULE_KINDS = frozenset({MailKind.SCHEDULE_CHANGE, MailKind.SCHEDULE_CANCELLED})


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


class MailTemplate(models.Model):
    """A conference's own wording of one kind of mail; defaults apply without one."""

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="mail_templates"
    )
    kind = models.CharField(max_length=30, choices=MailKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conference", "kind"], name="template_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.conference})"

    def clean(self) -> None:
        errors = {}
        for field in ("subject", "body"):
            try:
                validate_placeholders(getattr(self, field), kind=self.kind)
            except ValidationError as error:
                errors[field] = error.messages
        if errors:
            raise ValidationError(errors)


class OutboxMail(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft, awaiting review")
        QUEUED = "queued", _("Queued for sending")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="outbox"
    )
    contribution = models.ForeignKey(
        "cfp.Contribution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mails",
    )
    kind = models.CharField(max_length=30, choices=MailKind.choices)
    key = models.CharField(
        max_length=200,
        unique=True,
        help_text="Identifies the mail, so the same one is never queued or sent twice.",
    )
    to_name = models.CharField(max_length=200, blank=True)
    to_email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # When a worker took it for sending: a mail still "sending" long after was left
    # by a worker that died, and ``tasks.recover`` queues it again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["conference", "state"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_email}"

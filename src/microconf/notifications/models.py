"""Mail templates and the outbox: every mail is written here before anyone sends it."""

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
        from django.core.exceptions import ValidationError  # noqa: PLC0415

        from microconf.notifications.outbox import validate_placeholders  # noqa: PLC0415

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
    # by a worker that died, and ``outbox.recover`` queues it again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["conference", "state"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_email}"

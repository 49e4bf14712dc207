"""Contributions: proposals of microconferences, topics, talks and BoFs."""

import datetime as dt
import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from microconf.cfp.states import State


class Contribution(models.Model):
    """One proposal or session.

    Its ``state`` changes only through ``microconf.cfp.lifecycle``.
    """

    class Kind(models.TextChoices):
        MC_PROPOSAL = "mc-proposal", _("Microconference proposal")
        MC_BLOCK = "mc-block", _("Microconference session")
        TOPIC = "topic", _("Microconference topic")
        TALK = "talk", _("Talk")
        KEYNOTE = "keynote", _("Keynote")
        BOF = "bof", _("Birds of a feather")

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="contributions"
    )
    track = models.ForeignKey(
        "conference.Track", on_delete=models.PROTECT, related_name="contributions"
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Identity in exports: apps key favourites and alarms on the guid, older ones
    # on the numeric id. An import keeps the file's guid, id and code.
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The event id of the imported file."
    )
    code = models.CharField(
        max_length=16, blank=True, help_text="The imported file's code (pretalx)."
    )
    type_label = models.CharField(
        max_length=100,
        blank=True,
        help_text="An imported event type no kind fits, e.g. 'Lightning talk'.",
    )
    abstract = models.TextField(blank=True, help_text="Markdown.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    duration = models.PositiveIntegerField(help_text="Minutes.")
    room = models.ForeignKey(
        "conference.Room",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    start = models.DateTimeField(null=True, blank=True, help_text="Stored in UTC.")
    submission_type = models.ForeignKey(
        "cfp.SubmissionType",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    expected_attendance = models.PositiveIntegerField(
        null=True, blank=True, help_text="For microconference proposals."
    )
    possible_topics = models.TextField(
        blank=True, help_text="For microconference proposals: one topic a line."
    )
    is_reopened = models.BooleanField(
        default=False,
        help_text="An organiser let the authors edit it after the deadline.",
    )
    microconference = models.OneToOneField(
        "conference.Track",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
        help_text="The microconference this proposal became when it was accepted.",
    )
    # The one-time token of the form that created it: a replayed POST (a double
    # click, a retry after a timeout) finds this contribution instead of a second.
    submission_key = models.CharField(max_length=64, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["conference", "start", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~models.Q(submission_key=""),
                name="contribution_submission_key_once",
            ),
            models.UniqueConstraint(
                fields=["conference", "slug"], name="contribution_slug_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(duration__gt=0),
                name="contribution_duration_positive",
            ),
            # A time without a room (or the reverse) is half a schedule: refuse it.
            models.CheckConstraint(
                condition=models.Q(room__isnull=True, start__isnull=True)
                | models.Q(room__isnull=False, start__isnull=False),
                name="contribution_room_and_start_together",
            ),
        ]
        indexes = [models.Index(fields=["conference", "state"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:contribution", args=[self.conference.slug, self.slug])

    @property
    def is_scheduled(self) -> bool:
        return self.start is not None

    @property
    def end(self) -> dt.datetime | None:
        return self.start + dt.timedelta(minutes=self.duration) if self.start else None


class Authorship(models.Model):
    """A person on a contribution, in order, with their role."""

    class Role(models.TextChoices):
        PRIMARY_AUTHOR = "primary", _("Primary author")
        CO_AUTHOR = "co-author", _("Co-author")
        SPEAKER = "speaker", _("Speaker")

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="authorships"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="authorships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    is_speaker = models.BooleanField(
        default=False, help_text="Presents the contribution (an author may or may not)."
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["contribution", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "person"], name="authorship_person_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name}: {self.get_role_display()} of {self.contribution}"


class CallForProposals(models.Model):
    """The call of one track: when it is open, what it asks, what it accepts."""

    track = models.OneToOneField(
        "conference.Track", on_delete=models.CASCADE, related_name="cfp"
    )
    introduction = models.TextField(blank=True, help_text="Markdown, shown publicly.")
    opens_at = models.DateTimeField(help_text="Stored in UTC.")
    closes_at = models.DateTimeField(
        help_text="Stored in UTC; nothing is accepted after."
    )
    title_max_length = models.PositiveIntegerField(default=200)
    abstract_max_length = models.PositiveIntegerField(default=5000)
    is_review_anonymised = models.BooleanField(
        default=False, help_text="Reviewers never see who the authors are."
    )

    class Meta:
        verbose_name = "call for proposals"
        verbose_name_plural = "calls for proposals"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="cfp_closes_after_it_opens",
                violation_error_message="The call must close after it opens.",
            )
        ]

    def __str__(self) -> str:
        return f"Call for proposals: {self.track}"

    def is_open_at(self, moment: dt.datetime) -> bool:
        return self.opens_at <= moment < self.closes_at


class SubmissionType(models.Model):
    cfp = models.ForeignKey(
        CallForProposals, on_delete=models.CASCADE, related_name="submission_types"
    )
    name = models.CharField(max_length=100)
    default_duration = models.PositiveIntegerField(help_text="Minutes.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["cfp", "position", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.default_duration} min)"


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("Choice")
        YES_NO = "yes-no", _("Yes or no")
        NUMBER = "number", _("Number")

    cfp = models.ForeignKey(
        CallForProposals, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(blank=True, help_text="For a choice: one option a line.")
    is_required = models.BooleanField(default=False)
    max_length = models.PositiveIntegerField(default=2000)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["cfp", "position", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def options(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Answer(models.Model):
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers"
    )
    value = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "question"], name="answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class Invitation(models.Model):
    """An invitation by e-mail to join a contribution (co-author or proposed runner)."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(
        max_length=20,
        choices=Authorship.Role.choices,
        default=Authorship.Role.CO_AUTHOR,
    )
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        "auth.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["contribution", "created"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "email"], name="invitation_once_per_email"
            )
        ]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.contribution}"

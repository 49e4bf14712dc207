"""Contributions: proposals of microconferences, topics, talks and BoFs."""

import datetime as dt

from django.db import models
from django.urls import reverse

from microconf.cfp.lifecycle import PUBLIC_STATES, State


class Contribution(models.Model):
    """One proposal or session.

    Its ``state`` changes only through ``microconf.cfp.lifecycle``.
    """

    class Kind(models.TextChoices):
        MC_PROPOSAL = "mc-proposal", "Microconference proposal"
        MC_BLOCK = "mc-block", "Microconference session"
        TOPIC = "topic", "Microconference topic"
        TALK = "talk", "Talk"
        KEYNOTE = "keynote", "Keynote"
        BOF = "bof", "Birds of a feather"

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="contributions"
    )
    track = models.ForeignKey(
        "conference.Track", on_delete=models.PROTECT, related_name="contributions"
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)
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
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["conference", "start", "title"]
        constraints = [
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
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def is_scheduled(self) -> bool:
        return self.start is not None

    @property
    def end(self) -> dt.datetime | None:
        return self.start + dt.timedelta(minutes=self.duration) if self.start else None


class Authorship(models.Model):
    """A person on a contribution, in order, with their role."""

    class Role(models.TextChoices):
        PRIMARY_AUTHOR = "primary", "Primary author"
        CO_AUTHOR = "co-author", "Co-author"
        SPEAKER = "speaker", "Speaker"

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

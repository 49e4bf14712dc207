"""The frame of the event: the conference, its rooms, tracks and sponsors."""

import uuid
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from microconf.conference.timezones import validate_timezone_name


def default_material_families() -> list[str]:
    return ["pdf", "odp", "pptx", "image", "archive"]


class Conference(models.Model):
    name = models.CharField(max_length=200)
    # The namespace of every identity microconf derives for this conference, and
    # its own identity across releases, re-imports and backups: random, never
    # derived from the slug or the database id.
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(unique=True, help_text="Used in every public address.")
    start_date = models.DateField()
    end_date = models.DateField()
    timezone = models.CharField(
        max_length=64,
        validators=[validate_timezone_name],
        help_text="IANA name, e.g. America/New_York. Pages show times in it.",
    )
    venue = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=200, blank=True)
    website = models.URLField(blank=True)
    material_max_mb = models.PositiveSmallIntegerField(
        default=50, help_text="Largest upload of slides or other materials, in MiB."
    )
    material_families = models.JSONField(
        default=default_material_families,
        blank=True,
        help_text='Files allowed, any of "pdf", "odp", "pptx", "image", "archive".',
    )

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="conference_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme:conference", args=[self.slug])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": "The conference cannot end before it starts."}
            )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Room(models.Model):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(max_length=100)
    # Exports write it; an import keeps the file's (apps key rooms on it).
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    position = models.PositiveIntegerField(default=0)
    capacity = models.PositiveIntegerField(help_text="Seats.")
    features = models.JSONField(
        default=list, blank=True, help_text='Equipment, e.g. ["video", "hybrid"].'
    )
    livestream_url = models.URLField(blank=True)
    is_recorded = models.BooleanField(default=False)

    class Meta:
        ordering = ["conference", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "name"], name="room_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    class Kind(models.TextChoices):
        MICROCONFERENCE = "mc", _("Microconference")
        REFEREED = "refereed", _("Refereed track")
        KERNEL_SUMMIT = "kernel-summit", _("Kernel Summit")
        BOF = "bof", _("Birds of a feather")
        PROPOSALS = "proposals", _("Microconference proposals")
        OTHER = "other", _("Other")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="tracks"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True, help_text="Markdown.")
    position = models.PositiveIntegerField(default=0)
    runners = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="runs_tracks",
        help_text="For a microconference: who runs it and decides on its topics.",
    )

    class Meta:
        ordering = ["conference", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "slug"], name="track_slug_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme:track", args=[self.conference.slug, self.slug])


class SponsorTier(models.Model):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="sponsor_tiers"
    )
    name = models.CharField(max_length=100, help_text='e.g. "Diamond" or "T-Shirt".')
    position = models.PositiveIntegerField(default=0, help_text="Lower shows first.")

    class Meta:
        ordering = ["conference", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "name"], name="tier_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Sponsor(models.Model):
    tier = models.ForeignKey(
        SponsorTier, on_delete=models.CASCADE, related_name="sponsors"
    )
    name = models.CharField(max_length=200)
    logo = models.ImageField(upload_to="sponsors/", blank=True)
    url = models.URLField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["tier", "position", "name"]

    def __str__(self) -> str:
        return self.name

"""People: speakers, authors, runners. Their e-mail address is never shown publicly."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    name = models.CharField(max_length=200)
    # Exports write it; an import keeps the file's guid, id and code.
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The person id of the imported file."
    )
    code = models.CharField(
        max_length=16, blank=True, help_text="The imported file's code (pretalx)."
    )
    affiliation = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True, help_text="Markdown, shown on public pages.")
    email = models.EmailField(
        blank=True, help_text="For notifications only; never shown on public pages."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


class TeamMembership(models.Model):
    """A role someone holds in one conference's team.

    Microconference runners are not listed here: a track's ``runners`` are the one
    record of who runs it. Speakers are the authors of contributions.
    """

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        COMMITTEE = "committee", _("Programme committee member")
        REVIEWER = "reviewer", _("Reviewer")

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="team"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    track = models.ForeignKey(
        "conference.Track",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reviewers",
        help_text="Reviewers review one track.",
    )

    class Meta:
        ordering = ["conference", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "user", "role"],
                condition=models.Q(track__isnull=True),
                name="membership_once_per_conference",
            ),
            models.UniqueConstraint(
                fields=["conference", "user", "role", "track"],
                condition=models.Q(track__isnull=False),
                name="membership_once_per_track",
            ),
            # Reviewers review one track; organisers and the committee span the event.
            models.CheckConstraint(
                condition=models.Q(role="reviewer", track__isnull=False)
                | (~models.Q(role="reviewer") & models.Q(track__isnull=True)),
                name="membership_track_for_reviewers_only",
            ),
        ]

    def __str__(self) -> str:
        where = f" of {self.track}" if self.track_id else ""
        return f"{self.user} — {self.get_role_display()}{where}"


class APIToken(models.Model):
    """A secret for the REST API, acting as its user; only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(
        null=True, blank=True, help_text="After this the token no longer works."
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

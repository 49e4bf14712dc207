"""Releases: numbered, immutable snapshots of the public schedule."""

from django.conf import settings
from django.db import models


class Release(models.Model):
    """The schedule as published at one moment; never changed once written.

    ``slots`` maps a contribution's id (as text) to its title, room id and name,
    start (ISO 8601, UTC) and duration, as they were when it was released.
    """

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="releases"
    )
    number = models.PositiveIntegerField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    slots = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["conference", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "number"], name="release_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conference} release {self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("A release is immutable; make a new one instead.")
        super().save(*args, **kwargs)

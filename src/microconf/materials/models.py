"""Materials of a contribution: uploaded files and links."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def stored_name(instance: "Material", filename: str) -> str:
    """A random name: uploads never choose their own path or extension."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"materials/{uuid.uuid4().hex}.{extension}"


class Material(models.Model):
    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slides")
        RECORDING = "recording", _("Recording")
        NOTES = "notes", _("Notes")
        OTHER = "other", _("Other")

    contribution = models.ForeignKey(
        "cfp.Contribution", on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=stored_name, blank=True, max_length=200)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    url = models.URLField(blank=True, max_length=500)
    position = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contribution", "position", "id"]
        constraints = [
            # A material is either an uploaded file or a link, never both or neither.
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url=""))
                | (~models.Q(file="") & models.Q(url="")),
                name="material_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        if not self.file:
            return self.url
        return reverse(
            "materials:download",
            args=[self.contribution.conference.slug, self.pk, self.original_name],
        )

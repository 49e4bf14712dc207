"""Materials of a contribution: uploaded files and links."""

from django.db import models


class Material(models.Model):
    class Kind(models.TextChoices):
        SLIDES = "slides", "Slides"
        RECORDING = "recording", "Recording"
        NOTES = "notes", "Notes"
        OTHER = "other", "Other"

    contribution = models.ForeignKey(
        "cfp.Contribution", on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="materials/", blank=True)
    url = models.URLField(blank=True)
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
        return self.file.url if self.file else self.url

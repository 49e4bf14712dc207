"""An import the staff page handed to the worker: its file, progress and outcome."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One import of a large schedule file, run by ``microconf db_worker``."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Importing")
        FINISHED = "finished", _("Imported")
        FAILED = "failed", _("Refused — nothing was imported")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    # The uploaded bytes until the worker has read them; emptied afterwards.
    data = models.BinaryField(default=b"")
    slug = models.SlugField(blank=True)
    ics_speakers = models.BooleanField(default=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    # {"stage": "reading" | "writing", "done": events read, "total": events held}
    progress = models.JSONField(default=dict, blank=True)
    # {"lines": the summary, "conference": slug} or {"error": the sentence}
    result = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("schedule import")

    def __str__(self) -> str:
        return f"import {self.pk} of {self.filename} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

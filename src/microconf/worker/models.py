"""One row per running worker process, touched every few seconds while it runs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    worker_id = models.CharField(max_length=64, unique=True)
    started = models.DateTimeField()
    seen = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")

    def __str__(self) -> str:
        return f"{self.worker_id} seen {self.seen:%Y-%m-%d %H:%M:%S}"

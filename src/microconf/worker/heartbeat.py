"""The worker's heartbeat: written by ``db_worker``, read by pages that wait for it.

A page whose work only the worker does (a solve, the outbox) asks ``presence()``
and tells the organiser when no worker has been seen for ``STALE_AFTER``.
"""

import datetime as dt
import threading
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from microconf.worker.models import Heartbeat

BEAT_EVERY = dt.timedelta(seconds=10)
# Several missed beats: the worker is gone, not merely busy committing.
STALE_AFTER = dt.timedelta(seconds=45)
START_COMMAND = "microconf db_worker"


@dataclass(frozen=True, slots=True)
class Presence:
    is_running: bool
    last_seen: dt.datetime | None
    start_command: str = START_COMMAND


def beat(worker_id: str) -> None:
    """Record that the worker is alive now, and forget workers long gone."""
    now = timezone.now()
    Heartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen": now},
        create_defaults={"seen": now, "started": now},
    )
    Heartbeat.objects.filter(seen__lt=now - dt.timedelta(days=1)).delete()


def stop(worker_id: str) -> None:
    """Say at once that this worker has stopped (a clean shutdown)."""
    Heartbeat.objects.filter(worker_id=worker_id).delete()


def presence(now: dt.datetime | None = None) -> Presence:
    """Whether a worker has beaten lately, and when one was last seen."""
    now = now or timezone.now()
    last = Heartbeat.objects.order_by("-seen").values_list("seen", flat=True).first()
    return Presence(
        is_running=last is not None and now - last < STALE_AFTER, last_seen=last
    )


class Beater:
    """Beats from its own thread (and connection) while the worker runs."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True, name="heartbeat")

    def _loop(self) -> None:
        try:
            while not self.stopped.wait(BEAT_EVERY.total_seconds()):
                beat(self.worker_id)
        finally:
            connection.close()

    def start(self) -> None:
        beat(self.worker_id)
        self.thread.start()

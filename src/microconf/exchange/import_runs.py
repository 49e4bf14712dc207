"""Large imports from the staff page, run by the worker with their progress.

A file above ``IMPORT_IN_WORKER_ABOVE_BYTES`` would keep the web worker busy
for long (reading it, then writing thousands of rows), so the page stores it as
an ``ImportRun`` and queues a task; the run's page shows how far it got.
"""

import time

from django.utils import timezone
from django.utils.translation import gettext

from microconf.exchange.imports import ImportRefused, import_conference
from microconf.exchange.models import ImportRun
from microconf.interchange import ImportOptions, InterchangeError, detect_and_import

# Progress is written at most this often: a row update per event read would
# cost more than the reading.
WRITE_EVERY = 1.0


class _ProgressWriter:
    """Writes the events read so far to the run's row, once a second at most."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.written_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.written_at >= WRITE_EVERY or done >= total:
            self.written_at = now
            ImportRun.objects.filter(pk=self.run_id).update(
                progress={"stage": "reading", "done": done, "total": total}
            )


def _finish(run_id: int, state: str, result: dict) -> None:
    ImportRun.objects.filter(pk=run_id).update(
        state=state, result=result, data=b"", finished=timezone.now()
    )


def run(run_id: int) -> str:
    """Read and write the run's file, all or nothing; return the outcome in words."""
    run = ImportRun.objects.select_related("requested_by").get(pk=run_id)
    if run.state != ImportRun.State.QUEUED:
        return f"import {run_id} was {run.state} already"
    ImportRun.objects.filter(pk=run_id).update(
        state=ImportRun.State.RUNNING, progress={"stage": "reading", "done": 0}
    )
    try:
        imported = detect_and_import(
            bytes(run.data), run.filename, progress=_ProgressWriter(run_id),
            options=ImportOptions(ics_speakers=run.ics_speakers),
        )  # fmt: skip
        held = imported.report.file_counts.get("events", len(imported.schedule.events))
        ImportRun.objects.filter(pk=run_id).update(
            progress={"stage": "writing", "done": held, "total": held}
        )
        summary = import_conference(imported, slug=run.slug, by=run.requested_by)
    except (InterchangeError, ImportRefused) as error:
        message = gettext("%(reason)s. Nothing was imported.") % {
            "reason": str(error).rstrip(".")
        }
        _finish(run_id, ImportRun.State.FAILED, {"error": message})
        return message
    except Exception:
        _finish(
            run_id, ImportRun.State.FAILED,
            {"error": gettext("The import failed unexpectedly; nothing was imported.")},
        )  # fmt: skip
        raise
    _finish(
        run_id, ImportRun.State.FINISHED,
        {"lines": summary.lines(), "conference": summary.conference.slug},
    )  # fmt: skip
    return summary.lines()[0]

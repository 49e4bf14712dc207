from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_tasks import task

from microconf.exchange import import_runs
from microconf.exchange.models import ImportRun


@task()
def import_schedule_file(run_id: int) -> str:
    """Import a schedule file the staff page queued (run by ``microconf db_worker``)."""
    return import_runs.run(run_id)


def queue(
    data: bytes, filename: str, *, slug: str, ics_speakers: bool, by: AbstractBaseUser
) -> ImportRun:
    """Store the file and queue its import; the task commits with the run or not."""
    with transaction.atomic():
        run = ImportRun.objects.create(
            requested_by=by, filename=filename[:255], data=data, slug=slug,
            ics_speakers=ics_speakers,
        )  # fmt: skip
        import_schedule_file.enqueue(run.pk)
    return run

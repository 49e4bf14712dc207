"""The worker's task that builds a release's files (see ``builds.py``)."""

from django.dispatch import receiver
from django_tasks import task

from microconf.programme import builds as making
from microconf.scheduling import builds
from microconf.scheduling.models import ProgrammeBuild


@task()
def build_release_files(build_id: int, attempt: int) -> str:
    """Build a release's PDFs and static export (run by ``microconf db_worker``)."""
    return making.run(build_id, attempt)


@receiver(builds.build_requested)
def enqueue_build(build: ProgrammeBuild, **kwargs: object) -> None:
    # Inside the caller's transaction: the task is a row of the same database,
    # so it commits with the release (or the rebuild) or not at all.
    build_release_files.enqueue(build.pk, build.attempt)

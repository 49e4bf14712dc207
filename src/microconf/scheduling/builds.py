"""The files made from each release in the worker: what is queued, built and served.

A release queues a ``ProgrammeBuild`` in its own transaction and sends
``build_requested``; the programme (the web layer, which renders the files) listens
and enqueues its task, whose row commits with the release or not at all. The
worker then ``claim`` s the build, ``store`` s each file through Django's default
storage (keyed by conference and release number) and marks it done or failed.

Public addresses ask ``served_file``: the current release's file when it is
stored, else the newest earlier release's, else why there is none. Nothing here
renders anything.

A build that will never end by itself is *stale* (``stale_reason``): queued or
building with no task of its attempt left in the worker's queue (task rows are
not in backups), or building with no progress for ``LOST_AFTER`` (its worker
died). Pages show why, and ``rebuild`` accepts it; ``restore`` calls
``requeue_after_restore``. Each rebuild is a new ``attempt``, and the worker's
writes name their attempt, so a replaced attempt stops at its next step instead
of building beside the new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from microconf.audit.services import record
from microconf.conference.models import Conference
from microconf.scheduling.models import BuiltFile, ProgrammeBuild, Release

# Sent with ``build`` inside the transaction that queues it.
build_requested = Signal()

PROGRAMME = "programme.pdf"
SITE = "site.zip"
REBUILD = "scheduling.release_schedule"
# A build "building" with no progress this long lost its worker (the longest
# step, the large conference's static export, takes about a minute).
LOST_AFTER = dt.timedelta(minutes=30)
# The worker's task, by path: it lives in the programme, which renders and which
# the domain never imports (test_release_builds checks that the two agree).
TASK_PATH = "microconf.programme.tasks.build_release_files"


class Replaced(Exception):
    """The build was queued again (a newer attempt): this attempt must stop."""


def track_file(track_slug: str) -> str:
    return f"tracks/{track_slug}.pdf"


def queue(release: Release) -> ProgrammeBuild:
    """Queue the build of a new release (inside the release's transaction)."""
    build = ProgrammeBuild.objects.create(release=release)
    build_requested.send(sender=ProgrammeBuild, build=build)
    return build


def _waiting_tasks() -> set[tuple[int, int]]:
    """(build id, attempt) of every build task waiting in the queue or running."""
    rows = DBTaskResult.objects.filter(
        task_path=TASK_PATH,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("args_kwargs", flat=True)
    return {
        (args[0], args[1])
        for args in (row.get("args") or [] for row in rows)
        if len(args) >= 2
    }


def _last_sign(build: ProgrammeBuild) -> dt.datetime:
    """When its worker last said something: the latest progress, else the start."""
    at = (build.progress or {}).get("at")
    if at:
        return dt.datetime.fromisoformat(at)
    return build.started or build.queued


def stale_reason(build: ProgrammeBuild | None, now: dt.datetime | None = None) -> str:
    """Why an active build will never end by itself, in words; "" if it will."""
    if build is None or not build.is_active:
        return ""
    if (build.pk, build.attempt) not in _waiting_tasks():
        if build.state == ProgrammeBuild.State.BUILDING:
            return _("The worker stopped before it finished; rebuild it.")
        return _(
            "No task for this build is left in the worker’s queue (the site was "
            "restored from a backup, or the queue was emptied), so it will not "
            "start by itself; rebuild it."
        )
    now = now or timezone.now()
    if build.state == ProgrammeBuild.State.BUILDING and (
        _last_sign(build) + LOST_AFTER < now
    ):
        return _("The worker stopped before it finished; rebuild it.")
    return ""


@transaction.atomic
def rebuild(conference: Conference, number: int, *, by: object) -> ProgrammeBuild:
    """Queue the release's build again (after a failure, a lost worker, an upgrade).

    Refused to non-organisers, and while the build is queued or building and
    not stale (so one release is never built twice at once); the files already
    stored stay served until the new ones replace them.
    """
    if not by.has_perm(REBUILD, conference):
        raise PermissionDenied("Only organisers rebuild the printable programme.")
    release = conference.releases.filter(number=number).first()
    if release is None:
        raise ValidationError(_("There is no release %(number)s.") % {"number": number})
    build, _created = ProgrammeBuild.objects.select_for_update().get_or_create(
        release=release
    )
    stale = ""
    if not _created:
        stale = stale_reason(build)
        if build.is_active and not stale:
            raise ValidationError(
                _("Release %(number)s is being built already; wait for it to end.")
                % {"number": number}
            )
        build.attempt += 1
        build.state = ProgrammeBuild.State.QUEUED
        build.message, build.progress = "", {}
        build.queued, build.started, build.finished = timezone.now(), None, None
        build.save()
    build_requested.send(sender=ProgrammeBuild, build=build)
    record(
        "rebuild_programme", by=by, conference=conference,
        data={"release": number, "attempt": build.attempt, "stale": bool(stale)},
    )  # fmt: skip
    return build


def requeue_after_restore() -> int:
    """Give every queued or building build a task again; how many.

    Run by ``restore`` in its transaction: task rows are not in backups, so no
    worker would ever take them. No worker of this database can be building
    one, so a build left "building" goes back to the queue, saying why, and
    each keeps its attempt.
    """
    waiting = _waiting_tasks()
    count = 0
    active = ProgrammeBuild.objects.select_for_update().filter(
        state__in=[ProgrammeBuild.State.QUEUED, ProgrammeBuild.State.BUILDING]
    )
    for build in active.order_by("pk"):
        if (build.pk, build.attempt) in waiting:
            continue
        if build.state == ProgrammeBuild.State.BUILDING:
            build.state, build.started, build.progress = (
                ProgrammeBuild.State.QUEUED, None, {},
            )  # fmt: skip
            build.message = _(
                "The backup was taken while this release was being built; the "
                "restore queued it again."
            )
            build.save(update_fields=["state", "started", "progress", "message"])
        build_requested.send(sender=ProgrammeBuild, build=build)
        count += 1
    return count


def claim(build_id: int, attempt: int) -> ProgrammeBuild | None:
    """Start the build if it is still this attempt's to do; None otherwise.

    A build whose release is no longer the latest is not made (the public
    addresses serve the newest release): it ends "superseded".
    """
    with transaction.atomic():
        build = (
            ProgrammeBuild.objects.select_for_update()
            .select_related("release__conference")
            .filter(pk=build_id, attempt=attempt, state=ProgrammeBuild.State.QUEUED)
            .first()
        )
        if build is None:
            return None
        release = build.release
        newer = release.conference.releases.filter(number__gt=release.number)
        now = timezone.now()
        if newer.exists():
            build.state, build.finished = ProgrammeBuild.State.SUPERSEDED, now
            build.save(update_fields=["state", "finished"])
            return None
        build.state, build.started = ProgrammeBuild.State.BUILDING, now
        build.save(update_fields=["state", "started"])
    return build


def report_progress(
    build: ProgrammeBuild,
    done: int,
    total: int,
    step: str,
    seconds: dict[str, float] | None = None,
) -> None:
    """What the board shows while the worker builds (``step`` in words), with the
    seconds each finished part took; ``Replaced`` if the build was queued again."""
    build.progress = {
        "done": done, "total": total, "step": step, "seconds": dict(seconds or {}),
        "at": timezone.now().isoformat(),
    }  # fmt: skip
    if not _mine(build).update(progress=build.progress):
        raise Replaced


def _mine(build: ProgrammeBuild) -> models.QuerySet:
    """The build's row while this attempt is the one building it."""
    return ProgrammeBuild.objects.filter(
        pk=build.pk, attempt=build.attempt, state=ProgrammeBuild.State.BUILDING
    )


def store(build: ProgrammeBuild, name: str, content: File) -> BuiltFile:
    """Keep one built file, replacing the same name of an earlier attempt."""
    digest = hashlib.sha256()
    content.seek(0)
    for chunk in content.chunks():
        digest.update(chunk)
    content.seek(0)
    old = BuiltFile.objects.filter(build=build, name=name).first()
    built = BuiltFile(
        build=build, name=name, size=content.size, sha256=digest.hexdigest()
    )
    built.file.save(name.rsplit("/", 1)[-1], content, save=False)
    with transaction.atomic():
        if not _mine(build).select_for_update().exists():
            built.file.delete(save=False)
            raise Replaced
        if old is not None:
            old.delete()
        built.save()
    if old is not None:
        old.file.delete(save=False)
    return built


def finish(build: ProgrammeBuild) -> None:
    _mine(build).update(
        state=ProgrammeBuild.State.DONE, finished=timezone.now(), message=""
    )


def fail(build: ProgrammeBuild, message: str) -> None:
    _mine(build).update(
        state=ProgrammeBuild.State.FAILED,
        finished=timezone.now(),
        message=message[:2000],
    )


def as_seen(build: ProgrammeBuild | None) -> ProgrammeBuild | None:
    """The build as a page shows it, in memory only: ``stale`` is why it will not
    end by itself ("" if it will); a building one that lost its worker as failed."""
    if build is None:
        return None
    build.stale = stale_reason(build)
    if build.stale:
        if build.state == ProgrammeBuild.State.BUILDING:
            build.state = ProgrammeBuild.State.FAILED
        build.message = build.stale
    return build


@dataclass(frozen=True)
class Served:
    """What a public address of a built file answers.

    ``file`` is the stored file to send (of ``release``, maybe an earlier one
    than ``current`` while the current one builds); without it, ``current``
    (None: nothing released yet) and ``building`` say why.
    """

    conference: Conference
    file: BuiltFile | None
    release: Release | None
    current: Release | None
    building: bool


def served_file(conference_slug: str, name: str) -> Served | None:
    """The newest stored file of that name; None for an unknown conference."""
    conference = Conference.objects.filter(slug=conference_slug).first()
    if conference is None:
        return None
    current = conference.releases.select_related("build").order_by("-number").first()
    if current is None:
        return Served(conference, file=None, release=None, current=None, building=False)
    build = getattr(current, "build", None)
    files = BuiltFile.objects.select_related("build__release").filter(
        build__release__conference=conference, name=name
    )
    if build is not None and build.state == ProgrammeBuild.State.DONE:
        # Built: the current release's file or none (a track it no longer has).
        files = files.filter(build__release=current)
    found = files.order_by("-build__release__number").first()
    building = build is not None and build.is_active and not stale_reason(build)
    return Served(
        conference,
        file=found,
        release=found.build.release if found else None,
        current=current,
        building=building,
    )


def release_file(conference: Conference, number: int, name: str) -> BuiltFile | None:
    """The file of that name built for release ``number``, if it is stored."""
    return (
        BuiltFile.objects.select_related("build__release")
        .filter(
            build__release__conference=conference,
            build__release__number=number,
            name=name,
        )
        .first()
    )

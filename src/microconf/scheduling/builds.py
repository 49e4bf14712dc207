"""The files made from each release in the worker: what is queued, built and served.

A release queues a ``ProgrammeBuild`` in its own transaction and sends
``build_requested``; the programme (the web layer, which renders the files) listens
and enqueues its task, whose row commits with the release or not at all. The
worker then ``claim`` s the build, ``store`` s each file through Django's default
storage (keyed by conference and release number) and marks it done or failed.

Public addresses ask ``served_file``: the current release's file when it is
stored, else the newest earlier release's, else why there is none. Nothing here
renders anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from microconf.audit.services import record
from microconf.conference.models import Conference
from microconf.scheduling.models import BuiltFile, ProgrammeBuild, Release

# Sent with ``build`` inside the transaction that queues it.
build_requested = Signal()

PROGRAMME = "programme.pdf"
SITE = "site.zip"
REBUILD = "scheduling.release_schedule"
# A build still "building" this long after it started lost its worker.
LOST_AFTER = dt.timedelta(minutes=30)


def track_file(track_slug: str) -> str:
    return f"tracks/{track_slug}.pdf"


def queue(release: Release) -> ProgrammeBuild:
    """Queue the build of a new release (inside the release's transaction)."""
    build = ProgrammeBuild.objects.create(release=release)
    build_requested.send(sender=ProgrammeBuild, build=build)
    return build


def is_lost(build: ProgrammeBuild, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        build.state == ProgrammeBuild.State.BUILDING
        and build.started is not None
        and build.started + LOST_AFTER < now
    )


@transaction.atomic
def rebuild(conference: Conference, number: int, *, by: object) -> ProgrammeBuild:
    """Queue the release's build again (after a failure, a lost worker, an upgrade).

    Refused to non-organisers, and while the build is queued or building; the
    files already stored stay served until the new ones replace them.
    """
    if not by.has_perm(REBUILD, conference):
        raise PermissionDenied("Only organisers rebuild the printable programme.")
    release = conference.releases.filter(number=number).first()
    if release is None:
        raise ValidationError(_("There is no release %(number)s.") % {"number": number})
    build, _created = ProgrammeBuild.objects.select_for_update().get_or_create(
        release=release
    )
    if not _created:
        if build.is_active and not is_lost(build):
            raise ValidationError(
                _("Release %(number)s is being built already; wait for it to end.")
                % {"number": number}
            )
        build.attempt += 1
        build.state = ProgrammeBuild.State.QUEUED
        build.message, build.progress = "", {}
        build.started = build.finished = None
        build.save()
    build_requested.send(sender=ProgrammeBuild, build=build)
    record(
        "rebuild_programme", by=by, conference=conference,
        data={"release": number, "attempt": build.attempt},
    )  # fmt: skip
    return build


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
    seconds each finished part took."""
    build.progress = {
        "done": done, "total": total, "step": step, "seconds": dict(seconds or {}),
    }  # fmt: skip
    ProgrammeBuild.objects.filter(pk=build.pk).update(progress=build.progress)


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
        if old is not None:
            old.delete()
        built.save()
    if old is not None:
        old.file.delete(save=False)
    return built


def finish(build: ProgrammeBuild) -> None:
    ProgrammeBuild.objects.filter(pk=build.pk).update(
        state=ProgrammeBuild.State.DONE, finished=timezone.now(), message=""
    )


def fail(build: ProgrammeBuild, message: str) -> None:
    ProgrammeBuild.objects.filter(pk=build.pk).update(
        state=ProgrammeBuild.State.FAILED,
        finished=timezone.now(),
        message=message[:2000],
    )


def as_seen(build: ProgrammeBuild | None) -> ProgrammeBuild | None:
    """The build as a page shows it: a lost one as failed, in memory only."""
    if build is None or not is_lost(build):
        return build
    build.state = ProgrammeBuild.State.FAILED
    build.message = _("The worker stopped before it finished; rebuild it.")
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
    building = build is not None and build.is_active and not is_lost(build)
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

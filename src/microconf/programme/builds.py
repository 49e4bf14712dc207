"""Making a release's files in the worker: the printable programme, each track's
PDF and the static export as a zip, stored through ``scheduling.builds``.

The seconds each part took are kept in the build's progress (``seconds``), so the
board and ``bench/release_build.py`` can tell them.
"""

import logging
import tempfile
import time
import zipfile
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from microconf.programme.export import export_site
from microconf.programme.printing import render_pdf
from microconf.scheduling import builds

logger = logging.getLogger(__name__)


def _zip(folder: Path, into: Path, top: str) -> None:
    with zipfile.ZipFile(into, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")


def run(build_id: int, attempt: int) -> str:
    """Build and store every file of the release; a failure is kept in words."""
    build = builds.claim(build_id, attempt)
    if build is None:
        return "nothing to do"
    release = build.release
    conference = release.conference
    tracks = list(conference.tracks.order_by("position", "name"))
    total = 2 + len(tracks)
    seconds: dict[str, float] = {}
    step = _("the printable programme")
    try:
        builds.report_progress(build, 0, total, step, seconds)
        began = time.monotonic()
        pdf = render_pdf(conference)
        builds.store(build, builds.PROGRAMME, ContentFile(pdf, name="programme.pdf"))
        seconds["programme"] = round(time.monotonic() - began, 2)
        began = time.monotonic()
        for n, track in enumerate(tracks, start=1):
            step = _("the printable programme of %(track)s") % {"track": track.name}
            builds.report_progress(build, n, total, step, seconds)
            pdf = render_pdf(conference, track)
            name = builds.track_file(track.slug)
            builds.store(build, name, ContentFile(pdf, name=f"{track.slug}.pdf"))
        seconds["tracks"] = round(time.monotonic() - began, 2)
        step = _("the static export")
        builds.report_progress(build, total - 1, total, step, seconds)
        began = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="microconf-build-") as tmp:
            top = f"{conference.slug}-release-{release.number}"
            export_site(conference.slug, Path(tmp) / top)
            archive = Path(tmp) / "site.zip"
            _zip(Path(tmp) / top, archive, top)
            with archive.open("rb") as f:
                builds.store(build, builds.SITE, File(f, name="site.zip"))
        seconds["export"] = round(time.monotonic() - began, 2)
    except builds.Replaced:
        # Queued again while this attempt was under way: the new one builds it.
        logger.warning(
            "Release %s of %s: attempt %s replaced", release.number, conference, attempt
        )
        return "replaced by a newer attempt"
    except Exception as error:
        logger.exception("Building release %s of %s failed", release.number, conference)
        builds.fail(
            build,
            _("Building %(step)s failed: %(error)s")
            % {"step": step, "error": f"{type(error).__name__}: {error}"},
        )
        return f"failed: {error}"
    try:
        builds.report_progress(build, total, total, _("done"), seconds)
    except builds.Replaced:
        return "replaced by a newer attempt"
    builds.finish(build)
    return "built"

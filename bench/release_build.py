"""What the worker takes to build a release's files: the PDF programme, each track's
PDF and the static export (issue 23's targets: PDF ≤ 60 s, export ≤ 60 s).

    .venv/bin/python bench/release_build.py              # the large conference
    .venv/bin/python bench/release_build.py --size demo

On a fresh data directory (SQLite; DATABASE_URL for PostgreSQL) it builds the
conference (microconf/demo/large.py: about 950 contributions in 34 rooms, or the
demo), makes release n+1 with its build queued as ``release_schedule`` does, runs
``microconf db_worker --batch`` and prints the seconds of each part, from the
seconds the worker keeps in the build's progress, with the files' sizes. Figures
are printed, never asserted.
"""

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from microconf.datadir import keep_secret_key

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("large", "demo"), default="large")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="microconf-bench-build-") as tmp:
        data_dir = Path(tmp)
        os.environ["MICROCONF_DATA_DIR"] = str(data_dir)
        os.environ.setdefault("MICROCONF_HTTPS", "false")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microconf.settings")
        keep_secret_key(data_dir)
        import django  # noqa: PLC0415 - the data directory must be chosen first

        django.setup()
        from django.core.management import call_command  # noqa: PLC0415
        from django.db import transaction  # noqa: PLC0415

        from microconf.demo.builder import build_demo  # noqa: PLC0415
        from microconf.demo.large import build_large  # noqa: PLC0415
        from microconf.scheduling import builds  # noqa: PLC0415
        from microconf.scheduling.models import ProgrammeBuild, Release  # noqa: PLC0415

        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        conference = build_large() if args.size == "large" else build_demo()
        # The demo's own release already queued a build; the worker runs it first.
        ProgrammeBuild.objects.update(state=ProgrammeBuild.State.SUPERSEDED)
        print(f"built {conference.slug} in {time.perf_counter() - began:.1f} s")
        with transaction.atomic():
            number = 1 + max(
                conference.releases.values_list("number", flat=True), default=0
            )
            release = Release.objects.create(conference=conference, number=number)
            build = builds.queue(release)
        began = time.perf_counter()
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        whole = time.perf_counter() - began
        build.refresh_from_db()
        seconds = build.progress.get("seconds", {})
        sizes = {f.name: f.size for f in build.files.all()}
        tracks = [n for n in sizes if n.startswith("tracks/")]
        contributions = conference.contributions.count()
        rooms = conference.rooms.count()
        print(
            f"{time.strftime('%Y-%m-%d %H:%M')} · {platform.node()} · "
            f"{os.cpu_count()} cores · load {os.getloadavg()[0]:.2f}"
        )
        print(f"{conference.slug}: {contributions} contributions, {rooms} rooms")
        print(f"build {build.state} {build.message}")
        print(f"PDF programme   {seconds.get('programme', 0):7.1f} s "
              f"{sizes.get(builds.PROGRAMME, 0) / 1e6:6.2f} MB")  # fmt: skip
        print(f"{len(tracks):3d} track PDFs  {seconds.get('tracks', 0):7.1f} s "
              f"{sum(sizes[n] for n in tracks) / 1e6:6.2f} MB")  # fmt: skip
        print(f"static export   {seconds.get('export', 0):7.1f} s "
              f"{sizes.get(builds.SITE, 0) / 1e6:6.2f} MB (zip)")  # fmt: skip
        print(f"whole worker run {whole:6.1f} s")


if __name__ == "__main__":
    main()

"""Importing a FOSDEM-sized schedule.xml into a fresh conference: seconds and counts.

    .venv/bin/python bench/import_large.py                # SQLite, then PostgreSQL
    .venv/bin/python bench/import_large.py --db sqlite

Imports, each into a new conference on a fresh database: the large conference's own
export (microconf.demo.large, 1088 events, 34 rooms) and FOSDEM 2021's real file
(773 events, from MICROCONF_SHARED/realdata/schedules, when it is there). Prints the
time of parse + import, the queries, and what was created. Measured, never asserted.
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MICROCONF_SHARED", REPO.parent / "shared"))
FOSDEM = SHARED / "realdata" / "schedules" / "fosdem2021-pentabarf.schedule.xml"


def _counter(count: list[int]):
    def counting(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    return counting


def run(database: str) -> None:
    with tempfile.TemporaryDirectory(prefix="microconf-import-") as tmp:
        os.environ["MICROCONF_DATA_DIR"] = tmp
        os.environ.setdefault("MICROCONF_HTTPS", "false")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microconf.settings")
        from microconf.datadir import keep_secret_key  # noqa: PLC0415

        keep_secret_key(Path(tmp))
        import django  # noqa: PLC0415 - the data directory must be chosen first

        django.setup()
        from django.core.management import call_command  # noqa: PLC0415
        from django.db import connection  # noqa: PLC0415
        from django.test import Client  # noqa: PLC0415

        from microconf.cfp.models import Contribution  # noqa: PLC0415
        from microconf.conference.models import Conference  # noqa: PLC0415
        from microconf.demo.large import build_large  # noqa: PLC0415
        from microconf.exchange.imports import import_conference  # noqa: PLC0415
        from microconf.interchange import detect_and_import  # noqa: PLC0415

        call_command("migrate", interactive=False, verbosity=0)
        large = build_large()
        own = Client(HTTP_HOST="127.0.0.1").get(f"/{large.slug}/schedule.xml").content
        files = [("large conference's own schedule.xml", own, "large-copy")]
        if FOSDEM.exists():
            files.append(("FOSDEM 2021 schedule.xml", FOSDEM.read_bytes(), "fosdem21"))
        print(f"\n{database}: load average {os.getloadavg()[0]:.1f}")
        for name, body, slug in files:
            count = [0]
            with connection.execute_wrapper(_counter(count)):
                began = time.perf_counter()
                import_conference(detect_and_import(body, "schedule.xml"), slug=slug)
                took = time.perf_counter() - began
            conference = Conference.objects.get(slug=slug)
            contributions = Contribution.objects.filter(conference=conference)
            print(
                f"{name:<38} {len(body) / 1e6:5.2f} MB {took:6.1f} s {count[0]:6} "
                f"queries: {contributions.count()} contributions, "
                f"{contributions.filter(start__isnull=False).count()} scheduled, "
                f"{conference.rooms.count()} rooms, {conference.tracks.count()} tracks",
                flush=True,
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    options = parser.parse_args()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.node()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    for database in ("sqlite", "postgres"):
        if options.db not in {database, "both"}:
            continue
        args = [sys.executable, __file__, "--worker", database]
        env = dict(os.environ)
        if database == "sqlite":
            env.pop("DATABASE_URL", None)
        elif not env.get("DATABASE_URL"):
            args = ["bash", str(REPO / "scripts" / "with-postgres.sh"), *args]
        subprocess.run(args, env=env, check=True)
    return 0


if __name__ == "__main__":
    if "--worker" in sys.argv:
        run(sys.argv[sys.argv.index("--worker") + 1])
        sys.exit(0)
    sys.exit(main())

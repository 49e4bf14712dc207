"""The scheduler inside the product: the demo conference from database to release.

    .venv/bin/python bench/schedule_demo.py --time-limit 60

On a fresh data directory (SQLite, or DATABASE_URL), builds the demo conference
(60 sessions: 20 microconference blocks, 30 talks, 10 BoFs; 600 attendees'
interests), then times each step an organiser's solve goes through: reading the
problem from the database, solving afresh, writing the draft, rendering the
schedule board, a live check of one move, and releasing. Prints the figures;
asserts nothing.
"""

import argparse
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from microconf.datadir import keep_secret_key


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="microconf-bench-")
    os.environ.setdefault("MICROCONF_DATA_DIR", data_dir)
    os.environ.setdefault("MICROCONF_DEMO_SOLVE_SECONDS", "2")
    os.environ.setdefault("MICROCONF_HTTPS", "false")  # the test client speaks http
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microconf.settings")
    keep_secret_key(Path(os.environ["MICROCONF_DATA_DIR"]))  # as microconf demo does
    import django  # noqa: PLC0415 - the data directory must be chosen first

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.contrib.auth.models import User  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from microconf.demo.builder import SLUG, build_demo  # noqa: PLC0415
    from microconf.scheduling import drafts  # noqa: PLC0415
    from microconf.scheduling.problem import build  # noqa: PLC0415
    from microconf.scheduling.services import release_schedule  # noqa: PLC0415
    from microconf.scheduling.solve_runs import solve_conference  # noqa: PLC0415

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", interactive=False, verbosity=0)
    conference = build_demo(reset=True)
    organiser = User.objects.get(username="organiser@example.org")
    released = drafts.assignment(build(conference))
    rows = []

    def timed(label: str, step: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = step()
        rows.append((label, time.perf_counter() - started))
        return result

    problem = timed("read the problem from the database", lambda: build(conference))
    _, solution, figures = timed(
        f"solve afresh ({args.time_limit:g} s limit)",
        lambda: solve_conference(
            conference, time_limit=args.time_limit, seed=args.seed, keep_release=False
        ),
    )
    client = Client()
    client.force_login(organiser)
    board = timed(
        "render the schedule board",
        lambda: client.get(f"/{SLUG}/manage/schedule/"),
    )
    unit = next(iter(problem.units))
    placed = drafts.assignment(build(conference))[unit]
    timed(
        "check one move (live warnings)",
        lambda: client.get(
            f"/{SLUG}/manage/schedule/check/",
            {
                "unit": unit,
                "room": placed.room,
                "day": placed.day,
                "time": placed.start,
            },
        ),
    )
    release, changed = timed(
        "release the draft", lambda: release_schedule(conference, by=organiser)
    )

    print(f"microconf schedule bench, {platform.node()}, {os.cpu_count()} CPUs")
    print(
        f"demo: {figures['sessions']} sessions, {figures['attendees']} attendees, "
        f"{conference.rooms.count()} rooms, 3 days; database "
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
    )
    for label, seconds in rows:
        print(f"  {label:<40} {seconds:8.2f} s")
    print(
        f"solution: {figures['status']}, {figures['attendee_conflicts']} attendee "
        f"conflicts, overflow {figures['overflow']}, bound {figures['bound']} (on the "
        f"weighted objective {figures['objective']}), first feasible "
        f"{figures['time_to_first_feasible']:.2f} s, hard violations "
        f"{figures['hard_violations']}"
    )
    moved = sum(
        1 for key, where in solution.assignment.items() if released.get(key) != where
    )
    print(
        f"release {release.number}: {len(changed)} contributions changed "
        f"({moved} of {len(solution.assignment)} sessions moved from the build's "
        f"release); board page {len(board.content) // 1024} KiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

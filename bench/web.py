"""Web benchmark of the public programme: gunicorn, two sizes, bounded load.

    .venv/bin/python bench/web.py                      # SQLite, then PostgreSQL
    .venv/bin/python bench/web.py --db sqlite --duration 5 --size large

Starts microconf under gunicorn (2 workers on 127.0.0.1, --no-control-socket) on a
fresh data directory holding the demo grown to 300 sessions and a FOSDEM-sized
conference (microconf/demo/large.py: about 950 contributions in 34 rooms),
then keeps 16 connections busy against each page, the API's contribution list
and the schedule exports for a fixed time (with wrk when Debian's package is
installed, else with Python threads) and prints requests per second, p50 and p99
latency, and the SQL queries each makes (on a cache miss and on a hit). Then it
times, once per size, what is built whole: the PDF programme, the static export
and an import of the conference's own schedule.xml. PostgreSQL runs on
DATABASE_URL, or on a throwaway cluster that scripts/with-postgres.sh starts.
Figures are measured and printed, never asserted.
"""

import argparse
import http.client
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from microconf.datadir import keep_secret_key

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
SIZES = ("demo", "large")
EXPORTS = ("xml", "json", "ics", "csv")


def _common(slug: str) -> dict[str, str]:
    """The API list and the exports, the same addresses for every conference."""
    return {
        "api list": f"/api/v1/conferences/{slug}/contributions",
        "api page 5": f"/api/v1/conferences/{slug}/contributions?limit=50&offset=200",
        **{f"schedule.{fmt}": f"/{slug}/schedule.{fmt}" for fmt in EXPORTS},
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _django(data_dir: Path) -> None:
    os.environ["MICROCONF_DATA_DIR"] = str(data_dir)
    # Plain http on the loopback, as the demo (here and in the gunicorn it starts).
    os.environ.setdefault("MICROCONF_HTTPS", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microconf.settings")
    keep_secret_key(data_dir)  # as microconf demo does; the gunicorn reads it too
    import django  # noqa: PLC0415 - the data directory must be chosen first

    django.setup()


def prepare(data_dir: Path, sizes: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Migrate a fresh database, build each size, and return its addresses."""
    _django(data_dir)
    from django.core.management import call_command  # noqa: PLC0415

    from microconf.cfp.models import Contribution  # noqa: PLC0415
    from microconf.demo.builder import remove_demo  # noqa: PLC0415
    from microconf.demo.large import build_large  # noqa: PLC0415
    from microconf.demo.scale import scale_demo  # noqa: PLC0415

    call_command("migrate", interactive=False, verbosity=0)
    pages = {}
    if "demo" in sizes:
        conference = scale_demo(target=300)
        if Contribution.objects.filter(conference=conference).count() < 300:
            remove_demo(conference)  # an old, smaller demo on a reused database
            conference = scale_demo(target=300)
        rust = Contribution.objects.get(slug="rust-mc")
        pages["demo"] = {
            "timetable": "/lpc2023/timetable/2023-11-14/",
            "contribution": "/lpc2023/contributions/rust-mc/",
            "speaker": f"/lpc2023/speakers/{rust.authorships.first().person_id}/",
            "track": "/lpc2023/tracks/rust/",
            "search": "/lpc2023/search/?q=kernel",
            **_common("lpc2023"),
        }
    if "large" in sizes:
        large = build_large()
        talk = Contribution.objects.filter(conference=large).order_by("pk")[400]
        pages["large"] = {
            "timetable": f"/{large.slug}/timetable/{large.start_date.isoformat()}/",
            "contribution": talk.get_absolute_url(),
            "speaker": (
                f"/{large.slug}/speakers/{talk.authorships.first().person_id}/"
            ),
            "track": talk.track.get_absolute_url(),
            "search": f"/{large.slug}/search/?q=rust",
            **_common(large.slug),
        }
    return pages


def describe(size: str, pages: dict[str, str]) -> str:
    from microconf.cfp.models import Contribution  # noqa: PLC0415
    from microconf.conference.models import Room  # noqa: PLC0415

    slug = pages["api list"].split("/")[4]
    contributions = Contribution.objects.filter(conference__slug=slug).count()
    rooms = Room.objects.filter(conference__slug=slug).count()
    return f"{size} ({slug}: {contributions} contributions, {rooms} rooms)"


def built_whole(slug: str) -> Iterator[tuple[str, float, int]]:
    """Seconds and queries for what is built whole: PDF, static site, an import."""
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from microconf.cfp.models import Contribution  # noqa: PLC0415
    from microconf.conference.models import Conference  # noqa: PLC0415
    from microconf.exchange.imports import import_conference  # noqa: PLC0415
    from microconf.interchange import detect_and_import  # noqa: PLC0415
    from microconf.programme.export import export_site  # noqa: PLC0415
    from microconf.programme.printing import render_pdf  # noqa: PLC0415

    def timed(action) -> tuple[float, int]:
        count = [0]

        def counting(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            began = time.perf_counter()
            action()
            return time.perf_counter() - began, count[0]

    client = Client(HTTP_HOST="127.0.0.1")
    xml = client.get(f"/{slug}/schedule.xml").content
    # The public address serves the worker's stored file (bench/release_build.py
    # times the worker's build); this renders it once, as the worker does.
    conference = Conference.objects.get(slug=slug)
    yield "PDF programme", *timed(lambda: render_pdf(conference))
    with tempfile.TemporaryDirectory(prefix="microconf-export-") as target:
        yield "static export", *timed(lambda: export_site(slug, Path(target)))
    copy = f"{slug}-copy"
    yield (
        "import schedule.xml",
        *timed(
            lambda: import_conference(detect_and_import(xml, "schedule.xml"), slug=copy)
        ),
    )
    Contribution.objects.filter(conference__slug=copy).delete()
    Conference.objects.filter(slug=copy).delete()


def query_counts(pages: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Queries per page on a cache miss and on a hit, through Django's test client."""
    from django.core.cache import cache  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, url in pages.items():
        cache.clear()
        runs = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url).status_code
            if status != 200:
                raise RuntimeError(f"{url} answered {status}")
            runs.append(len(queries))
        counts[name] = (runs[0], runs[1])
    return counts


def _wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def load(port: int, url: str, seconds: float, concurrency: int) -> dict:
    """Keep ``concurrency`` clients busy for ``seconds``; latencies in ms."""
    stop = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            began = time.perf_counter()
            try:
                conn.request("GET", url)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
            if ok:
                latencies[n].append((time.perf_counter() - began) * 1000)
            else:
                errors[n] += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    all_ms = sorted(ms for per in latencies for ms in per)
    if not all_ms:
        return {
            "rps": 0.0,
            "p50": float("nan"),
            "p99": float("nan"),
            "errors": sum(errors),
        }
    return {
        "rps": len(all_ms) / elapsed,
        "p50": statistics.median(all_ms),
        "p99": all_ms[min(len(all_ms) - 1, int(len(all_ms) * 0.99))],
        "errors": sum(errors),
    }


_WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _wrk_ms(text: str) -> float:
    number = text.rstrip("usm")
    return float(number) * _WRK_UNITS[text[len(number) :]]


def load_wrk(port: int, url: str, seconds: float, concurrency: int) -> dict:
    """The same load with wrk (Debian's package), which costs the server less CPU."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{concurrency}", f"-d{max(1, round(seconds))}s",
         "--latency", f"http://127.0.0.1:{port}{url}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    lines = {line.split()[0]: line.split() for line in out.splitlines() if line.split()}
    errors = sum(
        int(n)
        for line in out.splitlines()
        if line.strip().startswith(("Non-2xx", "Socket errors"))
        for n in re.findall(r"\d+", line.partition(":")[2])
    )
    return {
        "rps": float(lines["Requests/sec:"][1]),
        "p50": _wrk_ms(lines["50%"][1]),
        "p99": _wrk_ms(lines["99%"][1]),
        "errors": errors,
    }


def run(database: str, seconds: float, concurrency: int, sizes: tuple) -> None:
    with tempfile.TemporaryDirectory(prefix="microconf-bench-") as tmp:
        data_dir = Path(tmp)
        by_size = prepare(data_dir, sizes)
        counts = {size: query_counts(pages) for size, pages in by_size.items()}
        port = _free_port()
        env = os.environ | {"MICROCONF_DATA_DIR": str(data_dir)}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "microconf.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--no-control-socket",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            _wait_until_up(port, time.monotonic() + 60)
            generator = load_wrk if shutil.which("wrk") else load
            for size, pages in by_size.items():
                print(
                    f"\n{database}, {describe(size, pages)}: gunicorn 2 workers, "
                    f"concurrency {concurrency}, {seconds:g} s per page, load from "
                    f"{'wrk' if shutil.which('wrk') else 'Python threads'}, "
                    f"load average before {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
                print(
                    f"{'page':<16}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}"
                    f"{'errors':>8}{'queries miss/hit':>18}"
                )
                for name, url in pages.items():
                    load(port, url, min(1.0, seconds), concurrency)  # warm caches
                    r = generator(port, url, seconds, concurrency)
                    miss, hit = counts[size][name]
                    print(
                        f"{name:<16}{r['rps']:>8.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}"
                        f"{r['errors']:>8}{f'{miss}/{hit}':>18}",
                        flush=True,
                    )
        finally:
            server.terminate()
            server.wait(timeout=20)
        for size, pages in by_size.items():
            slug = pages["api list"].split("/")[4]
            print(f"\n{database}, {size}: built whole, once, in this process")
            for name, took, queries in built_whole(slug):
                print(f"{name:<22}{took:>8.1f} s{queries:>8} queries", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--duration", type=float, default=10.0, help="Seconds per page."
    )
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--size", choices=[*SIZES, "both"], default="both")
    options = parser.parse_args()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{platform.node()}, {os.cpu_count()} CPUs, {platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    if options.db in {"sqlite", "both"}:
        _child("sqlite", options)
    if options.db in {"postgres", "both"}:
        _child("postgres", options)
    return 0


def _child(database: str, options: argparse.Namespace) -> None:
    """Each database runs in its own process: Django is set up once per process."""
    args = [
        sys.executable, __file__, "--worker", database,
        "--duration", str(options.duration), "--concurrency", str(options.concurrency),
        "--size", options.size,
    ]  # fmt: skip
    env = dict(os.environ)
    if database == "sqlite":
        env.pop("DATABASE_URL", None)
    elif not env.get("DATABASE_URL"):
        args = ["bash", str(REPO / "scripts" / "with-postgres.sh"), *args]
    subprocess.run(args, env=env, check=True)


if __name__ == "__main__":
    if "--worker" in sys.argv:
        index = sys.argv.index("--worker")
        database = sys.argv[index + 1]
        rest = sys.argv[1:index] + sys.argv[index + 2 :]
        worker_parser = argparse.ArgumentParser()
        worker_parser.add_argument("--duration", type=float, default=10.0)
        worker_parser.add_argument("--concurrency", type=int, default=16)
        worker_parser.add_argument("--size", default="both")
        worker_options = worker_parser.parse_args(rest)
        sizes = SIZES if worker_options.size == "both" else (worker_options.size,)
        run(database, worker_options.duration, worker_options.concurrency, sizes)
        sys.exit(0)
    sys.exit(main())

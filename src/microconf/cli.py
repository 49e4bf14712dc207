"""The ``microconf`` console command.

microconf demo [--bind HOST:PORT]   migrate, build the demo, serve it beside the worker
microconf serve [--bind HOST:PORT] [--workers N] [--with-worker]   serve a database
microconf db_worker                 the background worker (solves, mails) on its own
microconf allow-conference-creation EMAIL [--revoke]   who may create conferences
microconf schedule solve-file INSTANCE.json --time-limit 60 --output OUT.json [--json]
microconf schedule solve SLUG [--time-limit 60] [--json]   solve a conference's draft
microconf import FILE [--conference SLUG]   a schedule file becomes a new conference
microconf export-site SLUG DIR      the public programme as static files
microconf <django command> ...      any Django management command (migrate, ...)
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from types import FrameType

import django
from django.conf import settings
from django.core import management
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from microconf import datadir
from microconf.demo import RUST_PROPOSAL_SLUG, SLUG

DEFAULT_BIND = "127.0.0.1:8000"
USAGE = __doc__


def _plain_http() -> bool:
    """Whether the site is served over plain http (the demo, ``make serve``)."""
    # As settings.py reads them: MICROCONF_HTTPS, else https unless DEBUG.
    https = os.environ.get("MICROCONF_HTTPS")
    if https is not None:
        return https.strip().lower() in {"0", "false", "no", "off", ""}
    return os.environ.get("DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def _start() -> str | None:
    """Prepare the data directory and read the settings; a refusal, in words, or None.

    Outside production (a plain-http site) a signing key is kept in the data
    directory; in production a missing SECRET_KEY stops here, with the reason.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microconf.settings")
    directory = datadir.prepare(datadir.data_dir())
    if not os.environ.get("SECRET_KEY") and _plain_http():
        datadir.keep_secret_key(directory)
    try:
        settings.INSTALLED_APPS  # noqa: B018 - reads the settings module now
    except ImproperlyConfigured as error:
        return f"microconf: {error}"
    return None


def _setup_django() -> None:
    refusal = _start()
    if refusal:
        raise SystemExit(refusal)
    django.setup()


def _serve_parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--bind", default=DEFAULT_BIND, help="HOST:PORT to listen on.")
    parser.add_argument("--workers", type=int, default=2, help="Worker processes.")
    parser.add_argument(
        "--with-worker",
        action="store_true",
        help="Also run the background worker (solves, mails), stopped with the server.",
    )
    return parser


def served_url(bind: str) -> str:
    """The address a ``--bind`` serves on, for links written outside a request.

    "" for a unix socket (only a proxy knows the address then); the wildcard
    addresses become the loopback, which at least works on this machine.
    """
    if bind.startswith(("unix:", "fd://")):
        return ""
    host, colon, port = bind.rpartition(":")
    if not colon or bind.endswith("]"):
        host, port = bind, "8000"  # no port given: gunicorn's default
    wildcard = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "[::]": "[::1]"}  # noqa: S104
    return f"http://{wildcard.get(host, host)}:{port}"


def _announce_address(bind: str) -> None:
    # Links that mails and commands write outside a request name where we serve,
    # in this process and the server's and worker's (settings.BASE_URL), unless
    # MICROCONF_BASE_URL names the public address.
    if url := served_url(bind):
        os.environ["MICROCONF_SERVED_URL"] = url


def _pending_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def serve(argv: list[str], prog: str = "microconf serve") -> int:
    """Serve the database as it is under gunicorn, after checking it is migrated."""
    options = _serve_parser(prog).parse_args(argv)
    _announce_address(options.bind)
    _setup_django()
    pending = _pending_migrations()
    if pending:
        print(
            f"The database needs {len(pending)} migration(s) first "
            f"(e.g. {pending[0]}). Run: microconf migrate",
            file=sys.stderr,
        )
        return 1
    # The shared cache's table (rate limits) comes with no migration: a database
    # migrated before it existed gets it here.
    management.call_command("createcachetable", verbosity=0)
    management.call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Serving on http://{options.bind}/ (Ctrl+C stops).", flush=True)
    command = [
        sys.executable, "-m", "gunicorn", "microconf.wsgi:application",
        "--bind", options.bind, "--workers", str(options.workers),
        "--no-control-socket", "--access-logfile", "-",
    ]  # fmt: skip
    if options.with_worker:
        return _serve_beside_worker(command)
    # Replaces this process, so signals (Ctrl+C, SIGTERM) reach gunicorn directly.
    os.execv(sys.executable, command)  # noqa: S606 - our own interpreter and arguments
    return 0  # pragma: no cover - execv does not return


WORKER_COMMAND = [sys.executable, "-m", "microconf", "db_worker", "--no-reload"]
# A solve or a send in progress gets this long to finish before it is killed.
STOP_GRACE_SECONDS = 20


def _stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _serve_beside_worker(server_command: list[str]) -> int:
    """Run the web server and the background worker as children; stop both together.

    Each child has a session of its own, so Ctrl+C reaches this process only and
    each child gets exactly one SIGTERM (a second signal would make the worker
    abandon the task it is running).
    """
    print(f"Background worker: {' '.join(WORKER_COMMAND[2:])}", flush=True)
    worker = subprocess.Popen(WORKER_COMMAND, start_new_session=True)  # noqa: S603 - our own interpreter
    server = subprocess.Popen(server_command, start_new_session=True)  # noqa: S603 - as above
    stopping = False

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    warned = False
    while not stopping and server.poll() is None:
        if worker.poll() is not None and not warned:
            warned = True
            print(
                f"The background worker stopped (exit {worker.returncode}); solves "
                "and mails wait until one runs: microconf db_worker",
                file=sys.stderr,
                flush=True,
            )
        time.sleep(0.2)
    _stop([server, worker])
    return 0 if stopping else (server.returncode or 0)


def demo(argv: list[str]) -> int:
    """Migrate, build the demo conference if missing, and serve it beside the worker."""
    bind = _serve_parser("microconf demo").parse_args(argv).bind  # fails early
    # Before the demo is built: what it writes links to where it is served.
    _announce_address(bind)
    # The demo is served over plain http on the loopback: no secure-only cookies, no
    # redirect to https (docs/security.md).
    os.environ.setdefault("MICROCONF_HTTPS", "false")
    _setup_django()
    management.call_command("migrate", interactive=False, verbosity=0)
    management.call_command("build_demo")
    print(f"The seed's page: http://{bind}/{SLUG}/contributions/{RUST_PROPOSAL_SLUG}/")
    with_worker = [*argv, "--with-worker"] if "--with-worker" not in argv else argv
    return serve(with_worker, prog="microconf demo")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in {"-h", "--help"}:
        print(USAGE)
        print("Django's commands: microconf help")
        return 0
    command, rest = argv[0], argv[1:]
    if command == "demo":
        return demo(rest)
    if command == "serve":
        return serve(rest)
    if command == "schedule" and rest[:1] == ["solve-file"]:
        # The solver works on files alone: no settings, no database.
        from microconf.scheduling.solver import command as solver  # noqa: PLC0415 - numpy, OR-Tools and numba load only for this command

        return solver.main(rest)
    if command == "schedule" and rest[:1] == ["solve"]:
        command, rest = "solve_schedule", rest[1:]
    refusal = _start()
    if refusal:
        print(refusal, file=sys.stderr)
        return 1
    if command == "db_worker":
        # A worker that starts first picks up what a killed one left half done.
        management.execute_from_command_line(["microconf", "recover_outbox"])

    # microconf's own words read with hyphens (export-site); Django's use underscores.
    management.execute_from_command_line(
        ["microconf", command.replace("-", "_"), *rest]
    )
    return 0

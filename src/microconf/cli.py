"""The ``microconf`` console command.

microconf demo [--bind HOST:PORT]   migrate, build the demo conference, serve it
microconf serve [--bind HOST:PORT] [--workers N]   serve an existing database
microconf schedule solve-file INSTANCE.json --time-limit 60 --output OUT.json [--json]
microconf schedule solve SLUG [--time-limit 60] [--json]   solve a conference's draft
microconf import FILE [--conference SLUG]   a schedule file becomes a new conference
microconf export-site SLUG DIR      the public programme as static files
microconf <django command> ...      any Django management command (migrate, ...)
"""

import argparse
import os
import sys

DEFAULT_BIND = "127.0.0.1:8000"
USAGE = __doc__


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microconf.settings")
    import django  # noqa: PLC0415 - settings must be chosen before Django loads

    django.setup()


def _serve_parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--bind", default=DEFAULT_BIND, help="HOST:PORT to listen on.")
    parser.add_argument("--workers", type=int, default=2, help="Worker processes.")
    return parser


def _pending_migrations() -> list[str]:
    from django.db import connection  # noqa: PLC0415 - needs django.setup()
    from django.db.migrations.executor import MigrationExecutor  # noqa: PLC0415

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def serve(argv: list[str], prog: str = "microconf serve") -> int:
    """Serve the database as it is under gunicorn, after checking it is migrated."""
    options = _serve_parser(prog).parse_args(argv)
    _setup_django()
    from django.core.management import call_command  # noqa: PLC0415

    pending = _pending_migrations()
    if pending:
        print(
            f"The database needs {len(pending)} migration(s) first "
            f"(e.g. {pending[0]}). Run: microconf migrate",
            file=sys.stderr,
        )
        return 1
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Serving on http://{options.bind}/ (Ctrl+C stops).", flush=True)
    command = [
        sys.executable, "-m", "gunicorn", "microconf.wsgi:application",
        "--bind", options.bind, "--workers", str(options.workers),
        "--no-control-socket", "--access-logfile", "-",
    ]  # fmt: skip
    # Replaces this process, so signals (Ctrl+C, SIGTERM) reach gunicorn directly.
    os.execv(sys.executable, command)  # noqa: S606 - our own interpreter and arguments
    return 0  # pragma: no cover - execv does not return


def demo(argv: list[str]) -> int:
    """Migrate, build the demo conference if missing, and serve it."""
    _serve_parser("microconf demo").parse_args(argv)  # fail early on bad options
    # The demo is served over plain http on the loopback: no secure-only cookies, no
    # redirect to https (docs/security.md).
    os.environ.setdefault("MICROCONF_HTTPS", "false")
    _setup_django()
    from django.core.management import call_command  # noqa: PLC0415

    from microconf.demo.builder import RUST_PROPOSAL_SLUG, SLUG  # noqa: PLC0415

    call_command("migrate", interactive=False, verbosity=0)
    call_command("build_demo")
    bind = _serve_parser("microconf demo").parse_args(argv).bind
    print(f"The seed's page: http://{bind}/{SLUG}/contributions/{RUST_PROPOSAL_SLUG}/")
    return serve(argv, prog="microconf demo")


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
        from microconf.scheduling.solver import command as solver  # noqa: PLC0415

        return solver.main(rest)
    if command == "schedule" and rest[:1] == ["solve"]:
        command, rest = "solve_schedule", rest[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microconf.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    if command == "db_worker":
        # A worker that starts first picks up what a killed one left half done.
        execute_from_command_line(["microconf", "recover_outbox"])

    # microconf's own words read with hyphens (export-site); Django's use underscores.
    execute_from_command_line(["microconf", command.replace("-", "_"), *rest])
    return 0

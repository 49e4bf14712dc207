"""Settings are read once per process, so each case runs in a fresh interpreter."""

import json
import os
import stat
import subprocess
import sys
import time

import pytest


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``code`` in a fresh interpreter with ``env`` (SECRET_KEY only if given)."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code],
        env=environment | env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _settings(tmp_path, code: str, **env: str) -> subprocess.CompletedProcess:
    env = {"MICROCONF_DATA_DIR": str(tmp_path), "SECRET_KEY": "a-test-key", **env}
    return _run(f"import microconf.settings as s\n{code}", env)


def _keep_key(data_dir) -> subprocess.CompletedProcess:
    return _run(
        "from pathlib import Path\n"
        "from microconf.datadir import keep_secret_key\n"
        f"print(keep_secret_key(Path({str(data_dir)!r})))",
        {},
    )


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = _keep_key(tmp_path)
    second = _keep_key(tmp_path)

    key_file = tmp_path / "secret_key"
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_importing_the_settings_creates_no_folder_and_writes_no_key(tmp_path):
    fresh = tmp_path / "fresh"

    with_key = _settings(fresh, "print(s.STATIC_ROOT)")
    without_key = _run("import microconf.settings", {"MICROCONF_DATA_DIR": str(fresh)})

    assert with_key.returncode == 0, with_key.stderr
    assert without_key.returncode != 0
    assert not fresh.exists()


def test_production_without_a_key_refuses_to_start_and_says_why(tmp_path):
    result = _run(
        "import microconf.settings", {"MICROCONF_DATA_DIR": str(tmp_path / "fresh")}
    )

    assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is not set." in (
        result.stderr
    )
    assert "the same on every app process and the worker" in result.stderr


def test_the_console_command_says_so_in_one_line(tmp_path):
    result = _run(
        "from microconf.cli import main\nraise SystemExit(main(['check']))",
        {"MICROCONF_DATA_DIR": str(tmp_path)},
    )

    assert result.returncode == 1
    assert result.stderr.startswith("microconf: SECRET_KEY is not set.")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_a_plain_http_site_keeps_a_key_for_its_next_start(tmp_path):
    check = "from microconf.cli import main\nraise SystemExit(main(['check']))"
    plain = {"MICROCONF_DATA_DIR": str(tmp_path), "MICROCONF_HTTPS": "false"}

    first = _run(check, plain)
    kept = (tmp_path / "secret_key").read_text()
    # The next start, even in production, reads the kept key.
    again = _run(check, {"MICROCONF_DATA_DIR": str(tmp_path)})

    assert first.returncode == 0, first.stderr
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "secret_key").read_text() == kept
    assert _settings(tmp_path, "print(s.SECRET_KEY)", SECRET_KEY="").stdout == (
        kept + "\n"
    )


def test_processes_starting_together_on_a_fresh_folder_share_one_key(tmp_path):
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from microconf.datadir import keep_secret_key\n"
        "while time.time() < float(sys.argv[1]): pass\n"
        "print(keep_secret_key(Path(sys.argv[2])))"
    )
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    start = time.time() + 3  # all of them are running by then, then all at once
    processes = [
        subprocess.Popen(  # noqa: S603 - our own interpreter
            [sys.executable, "-c", code, str(start), str(tmp_path / "data")],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]

    assert [p.returncode for p in processes] == [0, 0, 0, 0], outputs
    keys = {out.strip() for out, _ in outputs}
    assert len(keys) == 1
    assert keys == {(tmp_path / "data" / "secret_key").read_text()}
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [
        ".secret_key.lock",
        "secret_key",
        "static",
    ]


def test_connections_are_kept_for_a_minute_on_both_databases(tmp_path):
    code = "print(s.DATABASES['default']['CONN_MAX_AGE'])"

    sqlite = _settings(tmp_path, code)
    postgres = _settings(tmp_path, code, DATABASE_URL="postgres://mc@db/microconf")

    assert (sqlite.stdout.strip(), postgres.stdout.strip()) == ("60", "60")


def test_demo_settings_are_not_in_the_settings(tmp_path):
    result = _settings(tmp_path, "print(hasattr(s, 'DEMO_SOLVE_SECONDS'))")

    assert result.stdout.strip() == "False"


def test_secret_key_from_the_environment_wins(tmp_path):
    result = _settings(tmp_path, "print(s.SECRET_KEY)", SECRET_KEY="from-env")

    assert result.stdout.strip() == "from-env"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("0", False), ("", False)]
)
def test_debug_reads_booleans(tmp_path, raw, expected):
    result = _settings(tmp_path, "print(s.DEBUG)", DEBUG=raw)

    assert result.stdout.strip() == str(expected)


def test_debug_refuses_a_value_that_is_not_a_boolean(tmp_path):
    result = _settings(tmp_path, "print(s.DEBUG)", DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean: use true or false." in result.stderr


def test_debug_is_off_by_default(tmp_path):
    assert _settings(tmp_path, "print(s.DEBUG)").stdout.strip() == "False"


def test_allowed_hosts_come_from_a_comma_separated_list(tmp_path):
    result = _settings(
        tmp_path,
        "import json; print(json.dumps(s.ALLOWED_HOSTS))",
        ALLOWED_HOSTS="lpc.example.org, www.lpc.example.org",
    )

    assert json.loads(result.stdout) == ["lpc.example.org", "www.lpc.example.org"]


def test_default_database_is_sqlite_in_wal_mode(tmp_path):
    code = (
        "import django, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'microconf.settings'\n"
        "django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode')\n"
        "    print(c.fetchone()[0], connection.settings_dict['NAME'])\n"
    )

    mode, name = _settings(tmp_path, code).stdout.split()

    assert mode == "wal"
    assert name == str(tmp_path / "microconf.sqlite3")


def test_postgres_url_selects_postgresql(tmp_path):
    code = "d = s.DATABASES['default']; print(d['ENGINE'], d['HOST'], d['NAME'])"

    result = _settings(
        tmp_path, code, DATABASE_URL="postgres://mc:secret@db.internal:5433/microconf"
    )

    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "db.internal",
        "microconf",
    ]


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("", "db.DatabaseCache", "microconf_cache"),
        ("redis://cache:6379/0", "redis.RedisCache", "redis://cache:6379/0"),
        ("memcached://cache:11211", "memcached.PyMemcacheCache", "cache:11211"),
    ],
)
def test_rate_limits_count_in_a_cache_every_process_shares(
    tmp_path, url, backend, location
):
    code = "import json; print(json.dumps(s.CACHES))"
    result = _settings(tmp_path, code, CACHE_URL=url)

    caches = json.loads(result.stdout)
    assert caches["default"]["BACKEND"] == f"django.core.cache.backends.{backend}"
    assert caches["default"]["LOCATION"] == location
    # The pages stay in each process's memory: keyed by the programme version.
    assert caches["pages"]["BACKEND"].endswith("locmem.LocMemCache")


def test_a_cache_that_processes_cannot_share_is_refused_in_words(tmp_path):
    result = _settings(tmp_path, "", CACHE_URL="locmem://")

    assert result.returncode != 0
    assert "CACHE_URL='locmem://' is not a cache this site can share" in result.stderr

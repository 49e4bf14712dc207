"""Settings are read once per process, so each case runs in a fresh interpreter."""

import json
import os
import stat
import subprocess
import sys

import pytest


def _settings(tmp_path, code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}
    }
    environment |= {"MICROCONF_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", f"import microconf.settings as s\n{code}"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = _settings(tmp_path, "print(s.SECRET_KEY)")
    second = _settings(tmp_path, "print(s.SECRET_KEY)")

    key_file = tmp_path / "secret_key"
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


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

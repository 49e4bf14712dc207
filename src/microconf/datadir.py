"""The data directory and the signing key kept in it, made at start-up, never on import.

Importing the settings only reads: where the directory is, and the key kept there
if there is one. The console command (``microconf``) and the WSGI entry point call
``prepare`` when they start; outside production (a plain-http site: the demo,
``make serve``) the console command also keeps a key with ``keep_secret_key``.
Standard library only: it runs before Django is set up.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
from pathlib import Path

KEY_FILE = "secret_key"


def data_dir() -> Path:
    """``MICROCONF_DATA_DIR``, else ``./data``; not created here."""
    return Path(os.environ.get("MICROCONF_DATA_DIR", Path.cwd() / "data")).resolve()


def kept_secret_key(directory: Path) -> str:
    """The key kept in ``directory``, or "" if none is (reading only)."""
    try:
        return (directory / KEY_FILE).read_text().strip()
    except FileNotFoundError:
        return ""


def prepare(directory: Path) -> Path:
    """Create the data directory and the folder collected static files go to."""
    (directory / "static").mkdir(parents=True, exist_ok=True)
    return directory


def keep_secret_key(directory: Path) -> str:
    """The key kept in ``directory``; made once, if there is none yet.

    Two processes starting on a fresh directory (the web server and the worker)
    take a lock first, so both end with the one key. The key appears whole, by a
    rename, with owner-only permissions: it signs sessions and reset links.
    """
    prepare(directory)
    with (directory / f".{KEY_FILE}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        key = kept_secret_key(directory)
        if key:
            return key
        key = secrets.token_urlsafe(50)
        draft = directory / f".{KEY_FILE}.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w") as f:
                f.write(key)
                f.flush()
                os.fsync(f.fileno())
            draft.replace(directory / KEY_FILE)
        finally:
            with contextlib.suppress(FileNotFoundError):
                draft.unlink()
        return key

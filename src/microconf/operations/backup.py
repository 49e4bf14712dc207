"""The whole site in one archive and back: ``microconf backup FILE``, ``restore FILE``.

The archive is a gzipped tar holding, in this order:

- ``manifest.json``: format name and version, when, the migrations the data was
  written at, rows per model, and the SHA-256 and size of every other member;
- ``data.json``: every row of every model (Django's JSON serialisation, with
  natural keys for users, content types and permissions), read in one consistent
  snapshot while the server keeps running: a REPEATABLE READ, read-only
  transaction on PostgreSQL, a deferred read transaction on SQLite (WAL mode);
- ``media/<name>``: each uploaded file the snapshot refers to, read through the
  storage (so the same works for files on disk and in an S3 bucket).

Left out, because they are rebuilt or belong to a running site: sessions, log-in
throttling records, task results (queued mails and the release builds that were
queued or under way get new tasks on restore), and content types and permissions
(made by ``migrate``).

``restore`` checks the whole archive (format, migrations, checksums) before it
touches anything, then writes the files and loads the rows in one transaction,
into an empty database only: it refuses one that holds data (``microconf flush``
empties it, on purpose, first).
"""

import datetime as dt
import hashlib
import io
import json
import tarfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from microconf.notifications import tasks
from microconf.scheduling import builds

FORMAT = "microconf-backup"
VERSION = 1
SKIPPED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "django_tasks_database.dbtaskresult",  # django_tasks_db's app label
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


class BackupError(Exception):
    """The archive cannot be used; the message says why, in words."""


class ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder cuts them to milliseconds, which
    would change every timestamp whose microseconds are not a whole millisecond."""

    def default(self, o: object) -> object:
        if isinstance(o, dt.datetime | dt.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows are in a backup, parents before children."""
    chosen = {
        model
        for model in apps.get_models()
        if model._meta.label_lower not in SKIPPED and not model._meta.proxy
    }
    app_list = {}
    for model in chosen:
        app_list.setdefault(model._meta.app_config, []).append(model)
    return serializers.sort_dependencies(app_list.items(), allow_cycles=True)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _applied_migrations(alias: str) -> dict[str, list[str]]:
    recorder = MigrationRecorder(connections[alias])
    applied: dict[str, list[str]] = {}
    for app, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


@contextmanager
def _snapshot() -> Iterator[str]:
    """Reads inside see one consistent state of the data, writers carry on."""
    if connection.in_atomic_block:
        yield "default"  # already inside one transaction: it is the snapshot
        return
    if connection.vendor == "sqlite":
        # A plain (deferred) read transaction: in WAL mode it reads one moment's
        # data and never takes the writers' lock. Django's atomic() would begin
        # IMMEDIATE (see settings) and make every writer wait for the backup.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield "default"
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic():
        # Must be the transaction's first statement: every read below sees
        # the data as of this moment, whatever commits meanwhile.
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield "default"


def _file_names(alias: str) -> set[str]:
    names = set()
    for model in backed_up_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._default_manager.using(alias)
                    .exclude(**{field.name: ""})
                    .values_list(field.name, flat=True)
                )
    return names


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(tz=dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(path: Path) -> dict:
    """Write the archive to ``path`` (through a temporary file); its manifest."""
    with _snapshot() as alias:
        counts, rows = {}, []
        for model in backed_up_models():
            queryset = model._default_manager.using(alias).order_by("pk")
            counts[model._meta.label_lower] = queryset.count()
            rows.extend(queryset)
        data = serializers.serialize(
            "json", rows, use_natural_foreign_keys=True, indent=None, cls=ExactEncoder
        ).encode()
        migrations = _applied_migrations(alias)
        names = sorted(_file_names(alias))
    files, missing = {}, []
    for name in names:
        if not default_storage.exists(name):
            missing.append(name)
            continue
        with default_storage.open(name, "rb") as f:
            files[name] = f.read()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created": dt.datetime.now(tz=dt.UTC).isoformat(),
        "database": connection.vendor,
        "migrations": migrations,
        "counts": counts,
        "missing_files": missing,
        "members": {
            "data.json": {"sha256": _sha256(data), "size": len(data)},
            **{
                f"media/{name}": {"sha256": _sha256(content), "size": len(content)}
                for name, content in files.items()
            },
        },
    }
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    # Written aside and renamed: a backup killed half-way never looks complete.
    with tarfile.open(partial, "w:gz") as archive:
        _add(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
        _add(archive, "data.json", data)
        for name, content in files.items():
            _add(archive, f"media/{name}", content)
    partial.replace(path)
    return manifest


def read_archive(path: Path) -> tuple[dict, dict[str, bytes]]:
    """The manifest and the checked members; ``BackupError`` if anything is off."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = {}
            for info in archive:
                if not info.isfile():
                    continue
                members[info.name] = archive.extractfile(info).read()
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file.") from None
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(
            f"{path} is not a readable microconf backup (not a gzipped tar, or "
            f"cut short): {error}"
        ) from None
    try:
        manifest = json.loads(members.pop("manifest.json"))
    except (KeyError, ValueError):
        raise BackupError(f"{path} has no manifest: not a microconf backup.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a microconf backup.")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{path} is backup format {manifest.get('version')}; this microconf "
            f"reads format {VERSION}."
        )
    expected = manifest.get("members", {})
    for name, meta in expected.items():
        if name not in members:
            raise BackupError(f"{path} is incomplete: {name} is missing.")
        if _sha256(members[name]) != meta["sha256"]:
            raise BackupError(f"{path} is damaged: {name} does not match its checksum.")
    extra = sorted(set(members) - set(expected))
    if extra:
        raise BackupError(f"{path} holds files its manifest does not list: {extra[0]}")
    return manifest, members


def _check_target(manifest: dict) -> None:
    here = _applied_migrations("default")
    theirs = manifest["migrations"]
    if here != theirs:
        differ = sorted(
            app for app in set(here) | set(theirs) if here.get(app) != theirs.get(app)
        )
        raise BackupError(
            "The backup was written at other migrations than this database has "
            f"(they differ in: {', '.join(differ)}). Restore with the microconf "
            "version that wrote it, then upgrade and migrate."
        )
    holding = Counter()
    for model in backed_up_models():
        n = model._default_manager.count()
        if n:
            holding[model._meta.label] = n
    if holding:
        label, n = holding.most_common(1)[0]
        raise BackupError(
            f"The database is not empty (e.g. {n} {label} row(s)); restore only into "
            "an empty one. `microconf flush` empties it, deleting everything."
        )
    clashes = [
        name.removeprefix("media/")
        for name in manifest["members"]
        if name.startswith("media/") and default_storage.exists(name[len("media/") :])
    ]
    if clashes:
        raise BackupError(f"The media storage already holds {clashes[0]}.")


def restore(path: Path) -> dict:
    """Load the archive into the empty database and media storage; the manifest,
    with ``requeued_builds``: how many release builds got a task again."""
    manifest, members = read_archive(path)
    _check_target(manifest)
    written = []
    try:
        for name, content in members.items():
            if name.startswith("media/"):
                stored = default_storage.save(
                    name[len("media/") :], ContentFile(content)
                )
                written.append(stored)
        with transaction.atomic():
            for obj in serializers.deserialize(
                "json", members["data.json"], handle_forward_references=True
            ):
                # (Archives written before the task label above was right
                # hold task rows: they belonged to the old site's workers.)
                if obj.object._meta.label_lower not in SKIPPED:
                    obj.save()
            # PostgreSQL's id sequences must continue after the restored ids.
            statements = connection.ops.sequence_reset_sql(
                no_style(), backed_up_models()
            )
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
            for model in backed_up_models():
                label = model._meta.label_lower
                n = model._default_manager.count()
                if n != manifest["counts"].get(label, 0):
                    raise BackupError(
                        f"Restored {n} {label} rows, the manifest says "
                        f"{manifest['counts'].get(label, 0)}; nothing was kept."
                    )
            # Task results are not in backups: queued mails and release builds
            # get new tasks, or no worker would ever take them.
            tasks.recover(dt.timedelta(0))
            requeued = builds.requeue_after_restore()
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return {**manifest, "requeued_builds": requeued}

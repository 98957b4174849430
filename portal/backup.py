"""Backup and restore of everything the portal writes: the database, public uploads
(MEDIA_ROOT) and private uploads (PRIVATE_MEDIA_ROOT), in one ``.tar.gz``.

The database is copied with its engine's own tool, so every table, sequence and
constraint comes back exactly: SQLite's online backup (safe while the site runs) or
``pg_dump --format=custom``. A ``manifest.json`` records the row count of every table
and a checksum of every file; a restore checks both before it says it is done. The
search index is not backed up: ``manage.py restore`` rebuilds it.

Used by ``manage.py backup`` and ``manage.py restore`` (README, "Backup and restore").
"""

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

FORMAT = 1
ARCHIVE_PREFIX = "yishi-backup-"
UPLOAD_ROOTS = {"media": "MEDIA_ROOT", "private_media": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def engine_of(connection):
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(
            f"Backups support SQLite and PostgreSQL; this database is {vendor}. "
            "Use the database's own backup tool and copy the upload folders."
        )
    return vendor


def _tables(connection, cursor):
    if connection.vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return sorted(row[0] for row in cursor.fetchall())
    return sorted(connection.introspection.table_names(cursor, include_views=False))


def _count(cursor, tables, quote):
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - table names
        counts[table] = cursor.fetchone()[0]
    return counts


def table_counts(connection):
    """{table: rows} for every table in the database (Django's and any other)."""
    with connection.cursor() as cursor:
        return _count(cursor, _tables(connection, cursor), connection.ops.quote_name)


def _sqlite_file_counts(connection, path):
    copy = sqlite3.connect(path)
    try:
        cursor = copy.cursor()
        return _count(cursor, _tables(connection, cursor), connection.ops.quote_name)
    finally:
        copy.close()


def file_digests(root):
    """{relative path: sha256} of every file under ``root``."""
    root = Path(root)
    digests = {}
    if not root.is_dir():
        return digests
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
        digests[path.relative_to(root).as_posix()] = digest.hexdigest()
    return digests


def _pg_environment(connection):
    params = connection.get_connection_params()
    env = {**os.environ}
    for key, name in (
        ("host", "PGHOST"),
        ("port", "PGPORT"),
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
    ):
        if params.get(key):
            env[name] = str(params[key])
    return env, connection.settings_dict["NAME"]


def _run(command, env=None):
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        ) from error
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def dump_database(connection, target_dir):
    """Write the database into ``target_dir``; return the file's name and the row count
    of every table, both of the same moment (the site may be writing meanwhile)."""
    if engine_of(connection) == "sqlite":
        connection.ensure_connection()
        name = "database.sqlite3"
        destination = sqlite3.connect(target_dir / name)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return name, _sqlite_file_counts(connection, target_dir / name)
    name = "database.pgdump"
    env, database = _pg_environment(connection)
    # Count the rows in a snapshot, and have pg_dump read that same snapshot.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _count(cursor, _tables(connection, cursor), connection.ops.quote_name)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target_dir / name}",
                database,
            ],
            env,
        )
    return name, counts


def load_database(connection, source):
    """Replace the whole database with the copy at ``source``."""
    if engine_of(connection) == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
        return
    env, database = _pg_environment(connection)
    connection.close()  # pg_restore drops and recreates every table
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={database}",
            str(source),
        ],
        env,
    )


def create(directory, using="default"):
    """Write a backup archive into ``directory``; return its path."""
    connection = connections[using]
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    created = timezone.now()
    archive = directory / f"{ARCHIVE_PREFIX}{created:%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        work = Path(work)
        database, counts = dump_database(connection, work)
        manifest = {
            "format": FORMAT,
            "created": created.isoformat(),
            "engine": engine_of(connection),
            "database": database,
            "tables": counts,
            "files": {
                key: file_digests(getattr(settings, name)) for key, name in UPLOAD_ROOTS.items()
            },
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = archive.with_name(archive.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(work / database, arcname=database)
            for key, name in UPLOAD_ROOTS.items():
                root = Path(getattr(settings, name))
                if root.is_dir():
                    tar.add(root, arcname=key)
        partial.rename(archive)  # a half-written archive never looks finished
    return archive


def prune(directory, keep):
    """Delete all but the newest ``keep`` archives in ``directory``; return the deleted."""
    archives = sorted(Path(directory).glob(f"{ARCHIVE_PREFIX}*.tar.gz"))
    doomed = archives[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink()
    return doomed


def _safe_members(tar):
    for member in tar.getmembers():
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"The archive holds an unsafe entry: {member.name!r}.")
        yield member


def read_manifest(archive):
    try:
        with tarfile.open(archive, "r:gz") as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive} is not a Yishi backup: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} has backup format {manifest.get('format')}, not {FORMAT}.")
    return manifest


def restore(archive, using="default"):
    """Replace the database and both upload folders with the backup's; return the
    manifest. Upload folders that were there are kept beside, renamed
    ``…before-restore-<time>``, so nothing is lost by a restore of the wrong archive."""
    connection = connections[using]
    manifest = read_manifest(archive)
    if manifest["engine"] != engine_of(connection):
        raise BackupError(
            f"The backup is of a {manifest['engine']} database; this site uses "
            f"{connection.vendor}. Restore it into a {manifest['engine']} database."
        )
    stamp = f"{timezone.now():%Y%m%d-%H%M%S}"
    roots = {key: Path(getattr(settings, name)) for key, name in UPLOAD_ROOTS.items()}
    for root in roots.values():
        root.parent.mkdir(parents=True, exist_ok=True)
    # Unpack next to the uploads, so moving them into place is a rename.
    with tempfile.TemporaryDirectory(dir=roots["media"].parent, prefix=".restore-") as work:
        work = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, members=_safe_members(tar))  # noqa: S202 - checked above
        load_database(connection, work / manifest["database"])
        for key, root in roots.items():
            if root.exists():
                root.rename(root.with_name(f"{root.name}.before-restore-{stamp}"))
            unpacked = work / key
            if unpacked.is_dir():
                shutil.move(unpacked, root)
            else:
                root.mkdir(parents=True)
    _forget_cached_rows()
    verify(manifest, using)
    return manifest


def _forget_cached_rows():
    """Caches of rows that the restore replaced (in this process and the shared cache)."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site

    from . import caching

    ContentType.objects.clear_cache()
    Site.objects.clear_cache()
    # Pages cached from the data before the restore are stale; a cache that is down holds
    # nothing to forget.
    with contextlib.suppress(Exception):
        caching.bump()


def verify(manifest, using="default"):
    """Raise unless the database and the uploads are what ``manifest`` recorded."""
    counts = table_counts(connections[using])
    wrong = {
        table: (rows, counts.get(table))
        for table, rows in manifest["tables"].items()
        if counts.get(table) != rows
    }
    if wrong:
        raise BackupError(f"Row counts differ after the restore (expected, found): {wrong}")
    for key, name in UPLOAD_ROOTS.items():
        if file_digests(getattr(settings, name)) != manifest["files"][key]:
            raise BackupError(f"The files in {name} differ from the backup's.")

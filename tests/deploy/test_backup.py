"""Backup and restore (portal/backup.py): the demo community, with public and private
uploads, backed up and restored into a fresh, empty database comes back identical, row
for row and file for file, with its search index rebuilt."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from governance.models import Matter
from portal import backup

pytestmark = pytest.mark.django_db(transaction=True)


def drop_every_table():
    """Leave the database as a newly created one: no tables at all."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE IF EXISTS "{table}"')  # FTS tables go in pairs
            cursor.execute("PRAGMA foreign_keys = ON")


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    files = {
        settings.MEDIA_ROOT / "original_images" / "街道.jpg": b"\xff\xd8 public photo",
        settings.MEDIA_ROOT / "documents" / "章程.pdf": b"%PDF-1.4 public document",
        settings.PRIVATE_MEDIA_ROOT / "matters" / "2026" / "03" / "a.jpg": b"\xff\xd8 private",
        settings.PRIVATE_MEDIA_ROOT / "minutes" / "签到表.pdf": b"%PDF-1.4 members only",
    }
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return settings


def test_the_demo_restores_into_a_fresh_database_identical(client, uploads, tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    matter = Matter.objects.filter(state="accepted").order_by("pk").first()
    rows = backup.table_counts(connection)
    files = {
        key: backup.file_digests(getattr(uploads, name))
        for key, name in backup.UPLOAD_ROOTS.items()
    }
    assert rows["portal_user"] > 10 and rows["governance_matter"] > 3
    assert len(files["media"]) == 2 and len(files["private_media"]) == 2

    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("yishi-backup-*.tar.gz")

    # Everything lost: the database is a fresh, empty one; uploads and index are gone.
    drop_every_table()
    assert backup.table_counts(connection) == {}
    shutil.rmtree(uploads.MEDIA_ROOT)
    shutil.rmtree(uploads.PRIVATE_MEDIA_ROOT)
    index = Path(uploads.WAGTAILSEARCH_BACKENDS["default"]["PATH"])
    shutil.rmtree(index, ignore_errors=True)

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "checked" in out.getvalue()

    restored = backup.table_counts(connection)
    # The index was rebuilt here, and its build is recorded: that row is about this machine.
    assert restored.pop("portal_searchindexbuild") > rows.pop("portal_searchindexbuild")
    assert restored == rows
    for key, name in backup.UPLOAD_ROOTS.items():
        assert backup.file_digests(getattr(uploads, name)) == files[key]
    # The search index was rebuilt: the public finds an accepted matter again.
    response = client.get("/search/", {"q": matter.title})
    assert response.status_code == 200
    assert matter.get_absolute_url() in response.content.decode()


def test_a_restore_needs_yes_keeps_what_was_there_and_refuses_other_files(uploads, tmp_path):
    archive = backup.create(tmp_path / "backups")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    marker = uploads.MEDIA_ROOT / "written-after-the-backup.txt"
    marker.write_text("kept")

    call_command("restore", str(archive), "--yes", "--no-index", stdout=io.StringIO())
    assert not marker.exists()
    (aside,) = uploads.MEDIA_ROOT.parent.glob("media.before-restore-*")
    assert (aside / marker.name).read_text() == "kept"

    not_a_backup = tmp_path / "photo.tar.gz"
    not_a_backup.write_bytes(b"\xff\xd8 not an archive")
    with pytest.raises(CommandError, match="not a Yishi backup"):
        call_command("restore", str(not_a_backup), "--yes")


def test_backup_keep_deletes_all_but_the_newest(uploads, tmp_path):
    directory = tmp_path / "backups"
    directory.mkdir()
    for stamp in ("20260101-020000", "20260102-020000", "20260103-020000"):
        (directory / f"yishi-backup-{stamp}.tar.gz").write_bytes(b"old")
    call_command("backup", str(directory), "--keep", "2", stdout=io.StringIO())
    kept = sorted(p.name for p in directory.glob("yishi-backup-*.tar.gz"))
    assert len(kept) == 2 and "yishi-backup-20260103-020000.tar.gz" in kept

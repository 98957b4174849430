"""``manage.py restore ARCHIVE --yes``: replace the database and every upload with a
backup's, check them against its manifest, and rebuild the search index.

Stop the web and task services first (README, "Backup and restore").
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (replaces the database and uploads)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A yishi-backup-<time>.tar.gz file.")
        parser.add_argument(
            "--yes", action="store_true", help="Do it: the current database is replaced."
        )
        parser.add_argument(
            "--no-index", action="store_true", help="Do not rebuild the search index."
        )

    def handle(self, *args, archive, yes, no_index, **options):
        try:
            manifest = backup.read_manifest(archive)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if not yes:
            raise CommandError(
                f"This replaces the database and the uploads with the backup of "
                f"{manifest['created']}. Run again with --yes to go ahead."
            )
        try:
            backup.restore(archive)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"Restored {rows} rows and every upload from {archive}; checked.")
        if not no_index:
            self.stdout.write("Rebuilding the search index…")
            call_command("update_index", stdout=self.stdout, stderr=self.stderr)
        self.stdout.write("Done. Start the web and task services again.")

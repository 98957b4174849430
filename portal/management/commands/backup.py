"""``manage.py backup DIRECTORY [--keep N]``: the database and every upload, in one archive.

See portal/backup.py and the README's "Backup and restore".
"""

from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = "Back up the database and the public and private uploads into DIRECTORY."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Where to write yishi-backup-<time>.tar.gz.")
        parser.add_argument(
            "--keep", type=int, default=0, help="Then delete all but the newest N backups there."
        )

    def handle(self, *args, directory, keep, **options):
        try:
            archive = backup.create(directory)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = backup.read_manifest(archive)
        rows = sum(manifest["tables"].values())
        files = sum(len(digests) for digests in manifest["files"].values())
        self.stdout.write(
            f"{archive}: {rows} rows in {len(manifest['tables'])} tables, {files} files."
        )
        for path in backup.prune(directory, keep) if keep else []:
            self.stdout.write(f"Deleted the older backup {path}.")

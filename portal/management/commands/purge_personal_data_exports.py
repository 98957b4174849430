"""Delete "my data" downloads whose time is up (``YISHI_PERSONAL_DATA_EXPORT_DAYS``; daily)."""

from django.core.management.base import BaseCommand

from portal.personal_data.services import purge_exports


class Command(BaseCommand):
    help = "Delete personal data downloads that are no longer offered, with their files."

    def handle(self, *args, **options):
        deleted = purge_exports()
        self.stdout.write(f"{deleted} expired personal data downloads deleted.")

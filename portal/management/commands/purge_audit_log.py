"""Delete audit log entries older than ``YISHI_AUDIT_RETENTION_DAYS`` (run daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from portal import audit


class Command(BaseCommand):
    help = "Delete audit log entries older than the retention period (YISHI_AUDIT_RETENTION_DAYS)."

    def handle(self, *args, **options):
        deleted = audit.purge()
        days = settings.YISHI_AUDIT_RETENTION_DAYS
        self.stdout.write(f"{deleted} audit log entries older than {days} days deleted.")

from django.core.management.base import BaseCommand

from governance.units.services import send_expiry_reminders


class Command(BaseCommand):
    help = "Remind units' leads and staff of responsibility agreements that expire within 30 days."

    def handle(self, *args, **options):
        count = send_expiry_reminders()
        self.stdout.write(f"{count} agreement(s) reminded.")

"""Remind everyone registered for a class the day before (run daily from cron or the worker).

Idempotent: each registration is reminded once, so running it again sends nothing twice.
"""

from django.core.management.base import BaseCommand

from training import services


class Command(BaseCommand):
    help = "Send reminders for tomorrow's population-school classes."

    def handle(self, *args, **options):
        sent = services.send_class_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")

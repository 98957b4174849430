"""Remind everyone registered for a class the day before (run daily from cron or the worker).

Idempotent: each registration is reminded once (``reminded_at``), so running it again
sends nothing twice.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.notifications import notify
from training.models import Registration


class Command(BaseCommand):
    help = "Send reminders for tomorrow's population-school classes."

    def handle(self, *args, **options):
        tomorrow = timezone.localdate() + timedelta(days=1)
        due = Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminded_at__isnull=True,
            training_class__starts_at__date=tomorrow,
        ).select_related("training_class", "user")
        sent = 0
        for registration in due:
            claimed = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=timezone.now())
            if not claimed:
                continue
            training_class = registration.training_class
            message = _("Reminder: the class “%(title)s” is tomorrow at %(time)s, %(place)s.") % {
                "title": training_class.title,
                "time": formats.time_format(timezone.localtime(training_class.starts_at)),
                "place": training_class.place,
            }
            notify([registration.user], message, training_class.get_absolute_url(), by_sms=True)
            sent += 1
        self.stdout.write(f"{sent} reminder(s) sent.")

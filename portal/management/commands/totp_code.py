"""Print the current two-factor code for a TOTP secret: ``python manage.py totp_code``.

For local use with the demo staff accounts (README), which share the demo secret; any
other base32 secret may be given with ``--secret``.
"""

import binascii
import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand, CommandError

from portal.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current TOTP code (default: the demo staff accounts' secret)."

    def add_arguments(self, parser):
        parser.add_argument("--secret", default=DEMO_TOTP_SECRET, help="Base32 TOTP secret.")

    def handle(self, *args, secret, **options):
        counter = int(time.time()) // app_settings.TOTP_PERIOD
        try:
            code = hotp_value(secret.replace(" ", "").upper(), counter)
        except (binascii.Error, ValueError) as exc:
            raise CommandError(f"Not a base32 TOTP secret: {exc}") from exc
        self.stdout.write(format_hotp_value(code))

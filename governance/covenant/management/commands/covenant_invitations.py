from django.core.management.base import BaseCommand
from django.utils import timezone

from governance.covenant.models import CovenantVersion


class Command(BaseCommand):
    help = (
        "Invite residents to adopt each covenant version that has come into force since it was "
        "published (run daily; sending twice is harmless)."
    )

    def handle(self, *args, **options):
        due = CovenantVersion.objects.published().filter(
            invitations_sent_at__isnull=True, effective_date__lte=timezone.localdate()
        )
        invited = sum(version.invite_to_readopt() for version in due)
        self.stdout.write(f"{invited} residents invited to adopt the covenant again.")

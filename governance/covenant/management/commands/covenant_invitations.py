from django.core.management.base import BaseCommand

from governance.covenant import services


class Command(BaseCommand):
    help = (
        "Invite residents to adopt each covenant version that has come into force since it was "
        "published (run daily; sending twice is harmless)."
    )

    def handle(self, *args, **options):
        invited = services.send_due_invitations()
        self.stdout.write(f"{invited} residents invited to adopt the covenant again.")

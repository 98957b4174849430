from django.core.management.base import BaseCommand

from training import permissions


class Command(BaseCommand):
    help = (
        "Give population-school staff their admin permissions and the two-person approval workflow."
    )

    def handle(self, *args, **options):
        workflow = permissions.setup()
        if workflow is None:
            self.stdout.write(
                self.style.WARNING("No course catalogue yet: only snippet permissions set.")
            )
        else:
            self.stdout.write(self.style.SUCCESS("School staff permissions and workflow ready."))

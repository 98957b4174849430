"""Build a believable demo community (idempotent: safe to run again)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal import capabilities, demo


class Command(BaseCommand):
    help = (
        "Create the demo community, users for every role, and each capability's demo content "
        "(in INSTALLED_APPS order)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "app_labels",
            nargs="*",
            help="Build only these apps' content (after the community and users).",
        )

    def handle(self, *args, app_labels, **options):
        with_demo = [config.label for config, c in capabilities.capabilities() if c.demo]
        unknown = sorted(set(app_labels) - set(with_demo))
        if unknown:
            raise CommandError(
                f"No demo content in {', '.join(unknown)}; apps with some: {', '.join(with_demo)}."
            )
        with transaction.atomic():
            context = demo.build()
            for build in capabilities.demo_builders(*app_labels):
                build(context)
        self.stdout.write(self.style.SUCCESS(f"Demo community ready: {context.community}"))

"""Build a believable demo community (idempotent: safe to run again)."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app's demo module, in dependency order; a capability adds its own here.
# pages.demo stays last: its association minutes link the matters built before it.
DEMO_MODULES = ["governance.demo", "governance.covenant.demo", "training.demo", "pages.demo"]


class Command(BaseCommand):
    help = "Create the demo community, users for every role, and content for every capability."

    def handle(self, *args, **options):
        from portal import demo

        with transaction.atomic():
            context = demo.build()
            for name in DEMO_MODULES:
                import_module(name).build(context)
        self.stdout.write(self.style.SUCCESS(f"Demo community ready: {context.community}"))

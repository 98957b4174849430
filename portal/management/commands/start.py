"""Set up the embedded default and serve the portal: ``python manage.py start``.

Migrates the SQLite database under var/, loads the demo community when the
database is empty, builds the search index, and runs the development server.
"""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load demo content into an empty database, index it, and serve on :8000."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Set up only; do not serve.")

    def handle(self, *args, addrport, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not get_user_model().objects.exists():
            self.stdout.write("Empty database: loading the demo community…")
            call_command("load_demo")
            call_command("update_index", verbosity=0)
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)

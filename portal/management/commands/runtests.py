"""The whole check, as CI runs it: ``python manage.py runtests [pytest args]``.

ruff (lint and format), Django's system check, ``makemigrations --check``, then
pytest on the test settings. Exits non-zero at the first failing step.
"""

import os
import shutil
import subprocess
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Lint, check, verify migrations and run the whole test suite."

    def add_arguments(self, parser):
        parser.add_argument("pytest_args", nargs="*", help="Extra arguments for pytest.")

    def handle(self, *args, pytest_args, **options):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
        python = sys.executable
        manage = [python, "manage.py"]
        steps = [
            ("ruff check", [python, "-m", "ruff", "check", "."]),
            ("ruff format", [python, "-m", "ruff", "format", "--check", "."]),
            ("django check", [*manage, "check", "--fail-level", "WARNING"]),
            ("migrations", [*manage, "makemigrations", "--check", "--dry-run"]),
        ]
        if not shutil.which("chromium") and not os.environ.get("CHROMIUM_PATH"):
            steps.append(("browser", [python, "-m", "playwright", "install", "chromium"]))
        # Two workers: the machines we run on have two cores.
        parallel = [] if any(a.startswith("-n") for a in pytest_args) else ["-n", "2"]
        steps.append(("pytest", [python, "-m", "pytest", *parallel, *pytest_args]))
        for name, command in steps:
            self.stdout.write(self.style.MIGRATE_HEADING(f"==> {name}: {' '.join(command[1:])}"))
            if subprocess.run(command, env=env).returncode != 0:
                raise CommandError(f"{name} failed")

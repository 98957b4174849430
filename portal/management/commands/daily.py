"""Everything that must happen once a day, run by the ``yishi-daily.timer`` (deploy/).

Two kinds of job: the management commands named in ``YISHI_DAILY_JOBS`` (with arguments
if any: class reminders, covenant invitations), then each capability's ``daily`` functions
as its AppConfig declares them (``portal/capabilities.py``: data retention, and whatever
comes later). Every job runs even if an earlier one fails; the command then exits with an
error so systemd (and ``manage.py check --deploy``) report it.
"""

import logging
import shlex
import traceback
from datetime import datetime

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal import capabilities

logger = logging.getLogger(__name__)


def stamp_path():
    return settings.VAR_DIR / "daily-last-run"


def last_run():
    """When ``daily`` last finished every job, or None."""
    try:
        text = stamp_path().read_text().strip()
    except OSError:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


class Command(BaseCommand):
    help = "Run the daily jobs of every capability (YISHI_DAILY_JOBS)."

    def handle(self, *args, **options):
        failed = []
        for job in settings.YISHI_DAILY_JOBS:
            name, *arguments = shlex.split(job)
            self.stdout.write(f"==> {job}")
            try:
                call_command(name, *arguments, stdout=self.stdout, stderr=self.stderr)
            except Exception:  # one failing job must not keep the others from running
                failed.append(job)
                logger.exception("Daily job %r failed", job)
                self.stderr.write(traceback.format_exc())
        functions = capabilities.daily_jobs()
        for function in functions:
            name = f"{function.__module__}.{function.__qualname__}"
            self.stdout.write(f"==> {name}")
            try:
                for line in function(timezone.now()) or ():
                    self.stdout.write(f"    {line}")
            except Exception:
                failed.append(name)
                logger.exception("Daily job %r failed", name)
                self.stderr.write(traceback.format_exc())
        if failed:
            raise CommandError(f"{len(failed)} daily job(s) failed: {', '.join(failed)}")
        stamp_path().parent.mkdir(parents=True, exist_ok=True)
        stamp_path().write_text(timezone.now().isoformat())
        done = len(settings.YISHI_DAILY_JOBS) + len(functions)
        self.stdout.write(f"{done} daily job(s) done.")

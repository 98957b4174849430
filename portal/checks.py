"""``manage.py check --deploy``: the traps a first production deployment meets.

- static files never collected (nginx has nothing to serve),
- uploads inside the checkout (lost or served by accident on the next deployment),
- private uploads where nginx serves public ones,
- the task worker not running (mail, SMS and search updates wait forever),
- the daily jobs not run for two days (reminders and invitations not sent),
- the portal's own address still pointing at the development server.

Each is a warning, so the site still starts; ``check --deploy --fail-level WARNING``
makes them errors for a deployment script.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from django.utils import timezone

WORKER_LATE = timedelta(minutes=15)
DAILY_LATE = timedelta(hours=50)


def _inside(path, parent):
    try:
        Path(path).resolve().relative_to(Path(parent).resolve())
    except ValueError:
        return False
    return True


def _has_files(path):
    path = Path(path)
    return path.is_dir() and any(p.is_file() for p in path.rglob("*"))


@register(Tags.staticfiles, deploy=True)
def static_files_collected(app_configs, **kwargs):
    root = settings.STATIC_ROOT
    if not root or not _has_files(root):
        return [
            Warning(
                f"STATIC_ROOT ({root}) is empty: nginx has no CSS or JavaScript to serve.",
                hint="Run `manage.py collectstatic --noinput` (the gunicorn unit does it "
                "before starting).",
                id="portal.W001",
            )
        ]
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    if "Manifest" in backend and not (Path(root) / "staticfiles.json").exists():
        return [
            Warning(
                "STATIC_ROOT has no staticfiles.json manifest: pages link to unhashed names.",
                hint="Run `manage.py collectstatic --noinput`.",
                id="portal.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def uploads_outside_the_checkout(app_configs, **kwargs):
    warnings = []
    for name in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"):
        path = getattr(settings, name)
        if _inside(path, settings.BASE_DIR):
            warnings.append(
                Warning(
                    f"{name} ({path}) is inside the checkout ({settings.BASE_DIR}).",
                    hint="Keep uploads under YISHI_VAR_DIR outside the code, e.g. "
                    "/var/lib/yishi (see README, Production).",
                    id="portal.W003",
                )
            )
    if _inside(settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT):
        warnings.append(
            Warning(
                "PRIVATE_MEDIA_ROOT is inside MEDIA_ROOT: nginx would serve private files.",
                hint="Give PRIVATE_MEDIA_ROOT its own directory beside MEDIA_ROOT.",
                id="portal.W004",
            )
        )
    return warnings


def waiting_tasks(late=WORKER_LATE):
    """Tasks that have been due for longer than ``late`` (the worker is not running)."""
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult, get_date_max

    cutoff = timezone.now() - late
    return DBTaskResult.objects.ready().filter(
        Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff)
    )


@register(deploy=True)  # reads the database: only with --deploy, on purpose
def task_worker_running(app_configs, **kwargs):
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if not backend.startswith("django_tasks_db"):
        return []
    try:
        late = waiting_tasks().count()
    except DatabaseError:  # not migrated yet: `migrate` comes first
        return []
    if not late:
        return []
    return [
        Warning(
            f"{late} background task(s) have waited more than {WORKER_LATE} for the "
            "task worker: mail, SMS and search updates are not happening.",
            hint="Start the worker: `systemctl enable --now yishi-worker` "
            "(or `manage.py db_worker`).",
            id="portal.W005",
        )
    ]


@register(deploy=True)
def daily_jobs_run(app_configs, **kwargs):
    from .management.commands.daily import last_run

    last = last_run()
    if last is not None and timezone.now() - last < DAILY_LATE:
        return []
    when = "never" if last is None else f"last on {last:%Y-%m-%d %H:%M}"
    return [
        Warning(
            f"The daily jobs (class reminders, covenant invitations, …) have run {when}.",
            hint="Enable the timer: `systemctl enable --now yishi-daily.timer` "
            "(or run `manage.py daily` once a day).",
            id="portal.W006",
        )
    ]


@register(deploy=True)
def site_address_configured(app_configs, **kwargs):
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL or "").hostname or ""
    if host in ("", "localhost", "127.0.0.1", "::1", "example.com"):
        return [
            Warning(
                f"WAGTAILADMIN_BASE_URL is {settings.WAGTAILADMIN_BASE_URL!r}: links in "
                "feeds, mail and SMS would point there.",
                hint="Set WAGTAILADMIN_BASE_URL=https://your.host (or ALLOWED_HOSTS in "
                "production, whose first name is used).",
                id="portal.W007",
            )
        ]
    return []

"""``manage.py check --deploy``: the traps a first production deployment meets.

- static files never collected (nginx has nothing to serve),
- uploads inside the checkout (lost or served by accident on the next deployment),
- private uploads where nginx serves public ones,
- the task worker not running (mail, SMS and search updates wait forever),
- the daily jobs not run for two days (reminders and invitations not sent),
- the portal's own address still pointing at the development server,
- (an error, on every command) the development SMS backend in production.

Each is a warning, so the site still starts; ``check --deploy --fail-level WARNING``
makes them errors for a deployment script. Superusers see the same warnings on the
admin's dashboard, so a stopped worker is noticed by whoever next signs in.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.components import Component

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
                _("STATIC_ROOT (%(path)s) is empty: nginx has no CSS or JavaScript to serve.")
                % {"path": root},
                hint=_("Run “%(command)s” (the web service does it before it starts).")
                % {"command": "manage.py collectstatic --noinput"},
                id="portal.W001",
            )
        ]
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    if "Manifest" in backend and not (Path(root) / "staticfiles.json").exists():
        return [
            Warning(
                _("STATIC_ROOT has no staticfiles.json manifest: pages link to unhashed names."),
                hint=_("Run “%(command)s”.") % {"command": "manage.py collectstatic --noinput"},
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
                    _("%(setting)s (%(path)s) is inside the checkout (%(checkout)s).")
                    % {"setting": name, "path": path, "checkout": settings.BASE_DIR},
                    hint=_(
                        "Keep uploads under YISHI_VAR_DIR, outside the code, e.g. "
                        "/var/lib/yishi (README, “Production”)."
                    ),
                    id="portal.W003",
                )
            )
    if _inside(settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT):
        warnings.append(
            Warning(
                _("PRIVATE_MEDIA_ROOT is inside MEDIA_ROOT: nginx would serve private files."),
                hint=_("Give PRIVATE_MEDIA_ROOT its own directory beside MEDIA_ROOT."),
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
            ngettext(
                "%(count)s background task has waited more than %(minutes)s minutes for the "
                "task worker: mail, SMS and search updates are not happening.",
                "%(count)s background tasks have waited more than %(minutes)s minutes for "
                "the task worker: mail, SMS and search updates are not happening.",
                late,
            )
            % {"count": late, "minutes": int(WORKER_LATE.total_seconds() // 60)},
            hint=_("Start the worker: “%(command)s” (or “%(fallback)s”).")
            % {"command": "systemctl enable --now yishi-worker", "fallback": "manage.py db_worker"},
            id="portal.W005",
        )
    ]


@register(deploy=True)
def daily_jobs_run(app_configs, **kwargs):
    from .management.commands.daily import last_run

    last = last_run()
    if last is not None and timezone.now() - last < DAILY_LATE:
        return []
    if last is None:
        message = _("The daily jobs (class reminders, covenant invitations, …) have never run.")
    else:
        message = _(
            "The daily jobs (class reminders, covenant invitations, …) last ran on %(date)s."
        ) % {"date": f"{timezone.localtime(last):%Y-%m-%d %H:%M}"}
    return [
        Warning(
            message,
            hint=_("Enable the timer: “%(command)s” (or run “%(fallback)s” once a day).")
            % {
                "command": "systemctl enable --now yishi-daily.timer",
                "fallback": "manage.py daily",
            },
            id="portal.W006",
        )
    ]


@register(deploy=True)
def site_address_configured(app_configs, **kwargs):
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL or "").hostname or ""
    if host in ("", "localhost", "127.0.0.1", "::1", "example.com"):
        return [
            Warning(
                _(
                    "WAGTAILADMIN_BASE_URL is “%(url)s”: links in feeds, mail and SMS would "
                    "point there."
                )
                % {"url": settings.WAGTAILADMIN_BASE_URL},
                hint=_(
                    "Set WAGTAILADMIN_BASE_URL to the portal's address, e.g. "
                    "https://yishi.example.org."
                ),
                id="portal.W007",
            )
        ]
    return []


@register(Tags.security)
def no_sms_file_in_production(app_configs, **kwargs):
    """Production refuses the development SMS backends: they keep every phone number with
    its sign-in code in a file and the console, where anyone reading the logs could sign in.
    An error on every command (migrate, check), not only with --deploy."""
    from .sms import writes_files

    if settings.YISHI_SMS_FILE_BACKEND_ALLOWED or not writes_files(settings.SMS_BACKEND):
        return []
    return [
        Error(
            _(
                "SMS_BACKEND is %(backend)s, which writes phone numbers and sign-in codes to "
                "a file and the console: not allowed in production."
            )
            % {"backend": settings.SMS_BACKEND},
            hint=_(
                "Set SMS_BACKEND to your SMS gateway's backend (a subclass of "
                "portal.sms.BaseSmsBackend), or leave it unset to send no texts."
            ),
            id="portal.E001",
        )
    ]


DEPLOY_CHECKS = [
    static_files_collected,
    uploads_outside_the_checkout,
    task_worker_running,
    daily_jobs_run,
    site_address_configured,
]


def deploy_problems():
    """The warnings above, for the admin's dashboard."""
    return [message for check in DEPLOY_CHECKS for message in check(app_configs=None)]


class ServerHealthPanel(Component):
    name = "server_health"
    template_name = "portal/admin/server_health_panel.html"
    order = 40

    def __init__(self, problems):
        self.problems = problems

    def get_context_data(self, parent_context):
        return {"problems": self.problems}


@hooks.register("construct_homepage_panels")
def add_server_health_panel(request, panels):
    """Superusers see on the dashboard what ``check --deploy`` would say (production
    only: a development checkout trips most of these on purpose)."""
    if request.user.is_superuser and not settings.DEBUG:
        found = deploy_problems()
        if found:
            panels.append(ServerHealthPanel(found))

"""``manage.py check --deploy`` names the traps of a first deployment, ``manage.py daily``
runs every capability's daily job, and a missing ``collectstatic`` is no longer a 500."""

import io
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import CommandError, call_command
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]


def deploy_warnings():
    return {
        m.id
        for m in checks.run_checks(include_deployment_checks=True)
        if m.id.startswith("portal.") and m.level >= checks.WARNING  # notes are not traps
    }


@pytest.fixture
def deployed(settings, tmp_path):
    """A deployment that did everything right, as the README says."""
    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "css").mkdir(parents=True)
    (settings.STATIC_ROOT / "css" / "site.css").write_text("body{}")
    (settings.STATIC_ROOT / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "portal.staticfiles.ForgivingManifestStaticFilesStorage"},
    }
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "var" / "private_media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WAGTAILADMIN_BASE_URL = "https://yishi.example.org"
    settings.YISHI_DAILY_JOBS = ["send_class_reminders", "covenant_invitations"]
    call_command("daily", stdout=io.StringIO())
    return settings


def test_a_deployment_done_right_gets_no_warning(db, deployed):
    assert deploy_warnings() == set()


def test_each_trap_is_named(db, deployed, tmp_path):
    from django_tasks_db.models import DBTaskResult, get_date_max

    (deployed.STATIC_ROOT / "staticfiles.json").unlink()
    assert deploy_warnings() == {"portal.W002"}
    for path in deployed.STATIC_ROOT.rglob("*"):
        if path.is_file():
            path.unlink()
    deployed.MEDIA_ROOT = ROOT / "media"
    deployed.PRIVATE_MEDIA_ROOT = ROOT / "media" / "private"
    deployed.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    (deployed.VAR_DIR / "daily-last-run").write_text(
        (timezone.now() - timedelta(days=3)).isoformat()
    )
    task = DBTaskResult.objects.create(
        task_path="portal.notifications.send",
        args_kwargs={},
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - timedelta(hours=1))
    assert deploy_warnings() == {
        "portal.W001",  # static files never collected
        "portal.W003",  # uploads inside the checkout
        "portal.W004",  # private uploads where nginx serves public ones
        "portal.W005",  # the worker is not running
        "portal.W006",  # the daily jobs stopped
        "portal.W007",  # links would point at the development server
    }


def test_daily_runs_every_job_even_after_one_fails(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.YISHI_DAILY_JOBS = ["no_such_command", "covenant_invitations", "send_class_reminders"]
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 daily job"):
        call_command("daily", stdout=out, stderr=io.StringIO())
    assert "residents invited" in out.getvalue() and "reminder(s) sent" in out.getvalue()
    assert not (tmp_path / "daily-last-run").exists()  # so check --deploy keeps saying so

    settings.YISHI_DAILY_JOBS = ["covenant_invitations", "send_class_reminders"]
    call_command("daily", stdout=io.StringIO())
    assert (tmp_path / "daily-last-run").exists()


def test_pages_render_before_collectstatic_ran(client, db, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "never-collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "portal.staticfiles.ForgivingManifestStaticFilesStorage"},
    }
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/static/css/site.css"' in response.content.decode()


def test_production_settings_keep_uploads_and_links_right(tmp_path):
    """The production settings module itself, as gunicorn loads it."""
    script = (
        "from django.conf import settings as s; "
        "print(s.MEDIA_ROOT, s.PRIVATE_MEDIA_ROOT, s.STATIC_ROOT, s.WAGTAILADMIN_BASE_URL)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 50,
        "YISHI_BALLOT_KEY": "b" * 50,
        "ALLOWED_HOSTS": "yishi.example.org,www.yishi.example.org",
        "YISHI_VAR_DIR": str(tmp_path),
    }
    env.pop("MEDIA_ROOT", None)
    env.pop("WAGTAILADMIN_BASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    media, private, static, base = done.stdout.split()
    assert (media, private, static) == (
        f"{tmp_path}/media",
        f"{tmp_path}/private_media",
        f"{tmp_path}/static",
    )
    assert base == "https://yishi.example.org"


def test_superusers_see_the_warnings_on_the_admin_dashboard(client, db, deployed, superuser):
    from django_tasks_db.models import DBTaskResult, get_date_max

    client.force_login(superuser)
    assert "server-health" not in client.get("/admin/").content.decode()
    task = DBTaskResult.objects.create(
        task_path="portal.notifications.send",
        args_kwargs={},
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - timedelta(hours=1))
    page = client.get("/admin/").content.decode()
    assert "server-health" in page and "systemctl enable --now yishi-worker" in page

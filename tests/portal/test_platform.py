import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from portal import sms
from portal.models import Notification
from portal.notifications import notify

pytestmark = pytest.mark.django_db


def test_console_file_sms_backend_writes_a_readable_line(settings, capsys):
    settings.SMS_BACKEND = "portal.sms.ConsoleFileBackend"

    sms.send_sms("+8613800138000", "您的验证码是 123456")

    assert sms.read_sms_file("+8613800138000")[-1]["text"] == "您的验证码是 123456"
    assert "123456" in capsys.readouterr().out


def test_notify_writes_the_notification_and_mails_after_commit(
    resident, django_capture_on_commit_callbacks
):
    resident.email = "liu@example.com"
    resident.save()

    with django_capture_on_commit_callbacks(execute=True):
        notify([resident, resident], "您的议题已受理", "/governance/matters/1/", by_sms=True)

    assert Notification.objects.filter(recipient=resident).count() == 1
    assert mail.outbox[-1].to == ["liu@example.com"]
    assert "您的议题已受理" in sms.outbox[-1]["text"]


def test_a_mail_outage_never_fails_the_action(
    resident, settings, django_capture_on_commit_callbacks
):
    resident.email = "liu@example.com"
    resident.save()
    settings.EMAIL_BACKEND = "tests.portal.broken_mail.BrokenBackend"

    with django_capture_on_commit_callbacks(execute=True):
        notify([resident], "测试", "/")

    assert Notification.objects.filter(recipient=resident).exists()


def test_notifications_page_lists_and_marks_read(client, resident):
    notify([resident], "有人回复了您", "/x/")
    client.force_login(resident)

    assert "有人回复了您" in client.get("/notifications/").content.decode()
    client.post("/notifications/read/")
    assert not resident.notifications.filter(read_at__isnull=True).exists()


def _run_settings(module, env):
    code = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='{module}'; django.setup()"
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_secret_key_and_hosts():
    result = _run_settings("portal.settings.production", {})

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_passes_the_deployment_check(tmp_path):
    """A deployment as the README describes it: run-time data outside the checkout,
    static files collected, the daily jobs run (tests/deploy/ names each trap)."""
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    (tmp_path / "daily-last-run").write_text(timezone.now().isoformat())
    ignored = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT")
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 60 + "-a-long-random-production-secret",
        "ALLOWED_HOSTS": "yishi.example.org",
        "YISHI_BALLOT_KEY": "y" * 40,
        "YISHI_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stderr


def test_one_delivery_task_per_notification_however_many_recipients(
    resident, staff, leader, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify([resident, staff, leader], "新评论", "/x/")
    assert len(default_task_backend.results) == 1
    assert sorted(default_task_backend.results[0].args[0]) == sorted(
        [resident.pk, staff.pk, leader.pk]
    )


def test_one_failed_recipient_does_not_stop_the_others(
    resident, staff, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from portal import notifications

    resident.email, staff.email = "broken@example.com", "ok@example.com"
    resident.save()
    staff.save()
    real_send_mail = notifications.send_mail

    def send_mail(subject, text, sender, to):
        if to == ["broken@example.com"]:
            raise OSError("mail server down")
        return real_send_mail(subject, text, sender, to)

    monkeypatch.setattr(notifications, "send_mail", send_mail)
    with pytest.raises(notifications.DeliveryFailed) as failed:
        notifications.deliver.call([resident.pk, staff.pk], "测试", "/", False)
    assert failed.value.args[0] == [resident.pk]
    assert [m.to for m in mail.outbox] == [["ok@example.com"]]

"""SMS files are a development convenience: production refuses them, and no log line
holds a code."""

import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import checks

from portal import sms
from portal.checks import no_sms_file_in_production

pytestmark = pytest.mark.django_db


def test_production_refuses_the_file_backend(settings):
    settings.YISHI_SMS_FILE_BACKEND_ALLOWED = False
    for backend in ("portal.sms.ConsoleFileBackend", "portal.sms.MemoryBackend"):
        settings.SMS_BACKEND = backend
        errors = no_sms_file_in_production(None)
        assert [error.id for error in errors] == ["portal.E001"]
        assert errors[0].level == checks.ERROR

    settings.SMS_BACKEND = "portal.sms.NoGatewayBackend"
    assert no_sms_file_in_production(None) == []


def test_development_may_use_it(settings):
    settings.SMS_BACKEND = "portal.sms.ConsoleFileBackend"
    assert no_sms_file_in_production(None) == []


def test_the_production_settings_module_fails_its_checks_with_the_file_backend(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MEDIA_ROOT")},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "yishi.example.org",
        "YISHI_BALLOT_KEY": "y" * 40,
        "YISHI_VAR_DIR": str(tmp_path),
        "SMS_BACKEND": "portal.sms.ConsoleFileBackend",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "portal.E001" in done.stderr


def test_no_log_line_holds_the_code(settings, caplog):
    class Gateway(sms.BaseSmsBackend):
        def send(self, phone, text):
            raise RuntimeError(f"gateway refused: {phone} {text}")

    settings.SMS_BACKEND = f"{__name__}.Gateway"
    globals()["Gateway"] = Gateway
    with caplog.at_level(logging.DEBUG), pytest.raises(sms.SmsNotSent):
        sms.send_code("+8613800138000", "您的议事验证码是 493027。", "198.51.100.4")
    assert caplog.records
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "493027" not in logged
    assert "13800138000" not in logged

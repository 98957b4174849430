from datetime import timedelta

import pytest
from django.utils import timezone

from portal import capabilities
from portal.capabilities import SensitivePurpose
from portal.privacy.models import PrivacyNotice, PrivacyNoticeText

HEALTH = SensitivePurpose(
    "health-checkup",
    "Health check-up booking",
    "Your check-up day and results, to book you in and send the results home.",
    "The clinic's staff and you.",
    "Two years after the check-up.",
)


@pytest.fixture
def health_purpose(monkeypatch):
    """A capability that declared one sensitive purpose (none of the installed apps has
    one yet: health check-ups and help requests will)."""
    declared = capabilities.sensitive_purposes
    monkeypatch.setattr(
        capabilities, "sensitive_purposes", lambda: {**declared(), HEALTH.key: HEALTH}
    )
    return HEALTH


@pytest.fixture
def first_notice(db):
    """The notice the migrations ship: version 1, in Chinese and English."""
    return PrivacyNotice.objects.get(version=1)


def new_version(version=2, *, effective_at=None, changes="我们新增了康检预约。"):
    notice = PrivacyNotice.objects.create(
        version=version,
        effective_at=effective_at or timezone.now() - timedelta(seconds=1),
        changes=changes,
    )
    PrivacyNoticeText.objects.create(
        notice=notice, language="zh-hans", title="个人信息保护告知书", body="<p>第二版正文</p>"
    )
    PrivacyNoticeText.objects.create(
        notice=notice, language="en", title="Privacy notice", body="<p>Second version text</p>"
    )
    return notice

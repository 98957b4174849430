"""The daily job erases and deletes what is past its retention period, and keeps the rest."""

import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from portal import capabilities
from portal.accounts.models import SentCode
from portal.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def daily(settings):
    settings.YISHI_DAILY_JOBS = []  # only the capabilities' own daily functions

    def run():
        out = io.StringIO()
        call_command("daily", stdout=out)
        return out.getvalue()

    return run


def comment(resident, community, days_ago, address="203.0.113.7"):
    return XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(community),
        object_pk=str(community.pk),
        site_id=1,
        user=resident,
        comment="楼道里的自行车请挪一挪",
        submit_date=timezone.now() - timedelta(days=days_ago),
        ip_address=address,
    )


def test_comment_addresses_older_than_the_period_are_erased(daily, resident, community):
    old = comment(resident, community, days_ago=91)
    recent = comment(resident, community, days_ago=89)

    output = daily()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_address is None and old.comment == "楼道里的自行车请挪一挪"
    assert recent.ip_address == "203.0.113.7"
    assert "comment IP addresses erased: 1" in output


def test_the_period_is_a_setting(daily, settings, resident, community):
    settings.YISHI_COMMENT_IP_RETENTION_DAYS = 30
    month_old = comment(resident, community, days_ago=31)
    fresh = comment(resident, community, days_ago=29)

    daily()

    month_old.refresh_from_db()
    fresh.refresh_from_db()
    assert (month_old.ip_address, fresh.ip_address) == (None, "203.0.113.7")


def test_codes_sessions_and_read_notifications_past_their_time_go(daily, resident):
    now = timezone.now()
    SentCode.objects.create(number_digest="a", address_digest="b", sent_at=now - timedelta(days=2))
    kept_code = SentCode.objects.create(number_digest="c", address_digest="d", sent_at=now)

    expired, live = SessionStore(), SessionStore()
    expired.create()
    live.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=now - timedelta(minutes=1)
    )

    def notification(read_days_ago):
        return Notification.objects.create(
            recipient=resident,
            message="您的议题有了回复",
            read_at=None if read_days_ago is None else now - timedelta(days=read_days_ago),
        )

    old_read, recent_read, unread = notification(181), notification(179), notification(None)
    Notification.objects.filter(pk=unread.pk).update(created_at=now - timedelta(days=400))

    output = daily()

    assert list(SentCode.objects.all()) == [kept_code]
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert set(Notification.objects.values_list("pk", flat=True)) == {recent_read.pk, unread.pk}
    assert old_read.pk not in Notification.objects.values_list("pk", flat=True)
    assert "read notifications deleted: 1" in output


def test_daily_runs_the_capabilities_jobs_after_the_commands(settings, resident, community):
    settings.YISHI_DAILY_JOBS = ["send_class_reminders"]
    old = comment(resident, community, days_ago=200)
    out = io.StringIO()

    call_command("daily", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "==> send_class_reminders"
    assert "==> portal.privacy.retention.purge" in lines
    # The command of YISHI_DAILY_JOBS, then every capability's job (retention among them).
    assert lines[-1] == f"{1 + len(capabilities.daily_jobs())} daily job(s) done."
    old.refresh_from_db()
    assert old.ip_address is None

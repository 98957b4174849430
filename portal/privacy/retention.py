"""How long personal data is kept: the daily job (``manage.py daily``) runs ``purge``.

Each period is a setting (README, "Privacy and retention"):

- comment IP addresses: ``YISHI_COMMENT_IP_RETENTION_DAYS`` (90): enough to deal with
  abuse reported in the weeks after a comment, then erased (the comment stays);
- texts with codes (``SentCode``: digests only): one day, the longest limit window;
- expired sessions: as soon as they expire (``SESSION_COOKIE_AGE``, two weeks);
- notifications read: ``YISHI_READ_NOTIFICATION_RETENTION_DAYS`` (180); unread ones stay
  until read;
- the audit log of staff actions: ``YISHI_AUDIT_RETENTION_DAYS`` (365, at least 183).
"""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from portal import audit
from portal.accounts.models import SentCode
from portal.models import Notification

SENT_CODE_DAYS = 1


def erase_comment_addresses(now):
    cutoff = now - timedelta(days=settings.YISHI_COMMENT_IP_RETENTION_DAYS)
    return XtdComment.objects.filter(submit_date__lt=cutoff, ip_address__isnull=False).update(
        ip_address=None
    )


def purge_sent_codes(now):
    deleted, _ = SentCode.objects.filter(sent_at__lt=now - timedelta(days=SENT_CODE_DAYS)).delete()
    return deleted


def purge_sessions(now):
    """Expired sessions, through the session engine (database-backed engines only)."""
    engine = import_module(settings.SESSION_ENGINE)
    from django.contrib.sessions.models import Session

    before = Session.objects.filter(expire_date__lt=now).count()
    engine.SessionStore.clear_expired()
    return before


def purge_read_notifications(now):
    cutoff = now - timedelta(days=settings.YISHI_READ_NOTIFICATION_RETENTION_DAYS)
    deleted, _ = Notification.objects.filter(read_at__lt=cutoff).delete()
    return deleted


def purge(now=None):
    """Erase and delete what is past its period; one line per kind, for the daily log."""
    now = now or timezone.now()
    return [
        f"comment IP addresses erased: {erase_comment_addresses(now)}",
        f"texts with codes deleted: {purge_sent_codes(now)}",
        f"expired sessions deleted: {purge_sessions(now)}",
        f"read notifications deleted: {purge_read_notifications(now)}",
        f"audit log entries deleted: {audit.purge(now)}",
    ]

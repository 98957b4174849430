"""One call to tell people that something happened: ``notify(recipients, message, url)``.

It writes the in-site notification at once and queues delivery by mail and SMS
as a background task after the transaction commits, so a mail or SMS outage
delays a message and never fails the action that caused it.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

from . import sms
from .models import Notification

logger = logging.getLogger(__name__)


def notify(recipients, message, url="", *, by_sms=False, exclude=None):
    """Notify each of ``recipients`` (users; duplicates and ``exclude`` dropped)."""
    seen = set()
    created = []
    for user in recipients:
        if user is None or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        created.append(Notification(recipient=user, message=str(message)[:300], url=url))
    Notification.objects.bulk_create(created)
    if created:
        # One task for everyone: a comment on a busy matter notifies hundreds of followers,
        # and each queued task is a row in the task table.
        user_ids = [note.recipient_id for note in created]
        message = created[0].message
        transaction.on_commit(lambda: deliver.enqueue(user_ids, message, url, by_sms))
    return created


@task()
def deliver(user_ids, message, url, by_sms):
    """Send one notification by mail (to users with an address) and SMS (when asked).

    One recipient's failure never stops the others; the task fails afterwards, naming them,
    so that the outage shows in the task list and the log."""
    from django.contrib.auth import get_user_model

    link = f"{settings.WAGTAILADMIN_BASE_URL}{url}" if url.startswith("/") else url
    text = f"{message}\n{link}".strip()
    failed = []
    for user in get_user_model().objects.filter(pk__in=user_ids).order_by("pk"):
        try:
            if user.email:
                send_mail(settings.WAGTAIL_SITE_NAME, text, None, [user.email])
            if by_sms and user.phone and user.phone_verified:
                sms.send_sms(user.phone, text)
        except Exception:
            logger.exception("Could not deliver a notification to user %s", user.pk)
            failed.append(user.pk)
    if failed:
        raise DeliveryFailed(failed)


class DeliveryFailed(Exception):
    """Mail or SMS could not reach these users (their in-site notifications are kept)."""

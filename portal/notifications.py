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
    for note in created:
        transaction.on_commit(
            lambda pk=note.recipient_id, m=note.message, u=url: deliver.enqueue(pk, m, u, by_sms)
        )
    return created


@task()
def deliver(user_id, message, url, by_sms):
    """Send one notification by mail (when the user has an address) and SMS (when asked)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return
    link = f"{settings.WAGTAILADMIN_BASE_URL}{url}" if url.startswith("/") else url
    text = f"{message}\n{link}".strip()
    if user.email:
        send_mail(settings.WAGTAIL_SITE_NAME, text, None, [user.email])
    if by_sms and user.phone and user.phone_verified:
        sms.send_sms(user.phone, text)

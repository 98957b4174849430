"""Pluggable SMS backends, in the manner of Django's mail backends.

``SMS_BACKEND`` names the class. The default writes each message to the console
and appends it to ``SMS_FILE_PATH`` so a person running the portal locally can
read their sign-in code. A real gateway is one subclass of ``BaseSmsBackend``.

Texts with codes go through ``send_code``: within ``YISHI_SMS_LIMITS`` per number and per
client address (counted in the database, so they hold while Redis is away, and only for
texts that went out), and a gateway's failure becomes ``SmsNotSent`` with a message for the
person; ``portal.middleware.SmsFailureMiddleware`` shows it and undoes the request's writes.
"""

import json
import logging
import sys
import threading
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .limits import Rate, address_key

logger = logging.getLogger(__name__)

# Messages sent through MemoryBackend, newest last (tests read them, like mail.outbox).
outbox = []


class BaseSmsBackend:
    def send(self, phone, text):
        """Send ``text`` to ``phone`` (E.164). Raise on failure."""
        raise NotImplementedError


class ConsoleFileBackend(BaseSmsBackend):
    _lock = threading.Lock()

    def send(self, phone, text):
        line = json.dumps(
            {"at": timezone.now().isoformat(), "to": phone, "text": text}, ensure_ascii=False
        )
        sys.stdout.write(f"[SMS] {line}\n")
        path = settings.SMS_FILE_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, open(path, "a", encoding="utf-8") as f:
            f.write(line + "\n")


class MemoryBackend(ConsoleFileBackend):
    """Keeps messages in ``portal.sms.outbox`` and in the SMS file, for tests."""

    def send(self, phone, text):
        outbox.append({"to": phone, "text": text})
        super().send(phone, text)


class NoGatewayBackend(BaseSmsBackend):
    """Production before a gateway is configured: nothing is sent (residents are told so and
    can sign in with their password), and nothing is written anywhere."""

    def send(self, phone, text):
        raise ConnectionRefusedError("No SMS gateway is configured (SMS_BACKEND)")


def writes_files(backend_path):
    """Whether the backend ``backend_path`` keeps messages, codes included, in a file and on
    the console (the development backends): refused in production (``portal.E001``)."""
    try:
        backend = import_string(backend_path)
    except ImportError:
        return False
    return isinstance(backend, type) and issubclass(backend, ConsoleFileBackend)


class FailingBackend(BaseSmsBackend):
    """A gateway that is down: every send raises. For tests, and to try a deployment."""

    def send(self, phone, text):
        raise ConnectionRefusedError("SMS gateway unreachable")


def get_backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(phone, text):
    get_backend().send(phone, text)


class SmsNotSent(Exception):
    """A text could not be sent; ``str(error)`` tells the person, in their language."""

    status = 503


class SmsLimitReached(SmsNotSent):
    status = 429


def send_code(phone, text, address):
    """Send an account text (a code, or a notice about the account) to ``phone``, asked for
    from client ``address``. Raises ``SmsLimitReached`` past a limit, ``SmsNotSent`` when the
    gateway fails; only texts that went out are counted."""
    from .accounts.models import SentCode

    number, source = _digest("number", phone), _digest("address", address_key(address or ""))
    now = timezone.now()
    _check_limits(SentCode.objects.filter(number_digest=number), "number", now)
    _check_limits(SentCode.objects.filter(address_digest=source), "address", now)
    try:
        get_backend().send(phone, text)
    except Exception as error:
        # The error's kind only: a gateway's message may quote the text, and so the code.
        logger.warning("SMS to %s not sent: %s", _masked(phone), type(error).__name__)
        raise SmsNotSent(
            _(
                "We could not send the text message just now. Nothing was saved: "
                "please try again in a few minutes."
            )
        ) from error
    SentCode.objects.filter(sent_at__lt=now - timedelta(days=1)).delete()
    SentCode.objects.create(number_digest=number, address_digest=source, sent_at=now)


def _check_limits(sent, kind, now):
    for rate in Rate.parse_all(settings.YISHI_SMS_LIMITS[kind]):
        if sent.filter(sent_at__gt=now - timedelta(seconds=rate.seconds)).count() < rate.amount:
            continue
        if kind == "address":
            message = _(
                "Too many codes were asked for from your network. "
                "Please try again later, or sign in with your password."
            )
        elif rate.seconds <= 60:
            message = _("A code was sent to this number a moment ago. Please wait a minute.")
        else:
            message = _(
                "This number has been sent too many codes. "
                "Please try again later, or sign in with your password."
            )
        raise SmsLimitReached(message)


def _digest(kind, value):
    return salted_hmac(f"portal.sms.{kind}", value, algorithm="sha256").hexdigest()


def _masked(phone):
    return f"{phone[:-4]}****" if len(phone) > 4 else "****"


def read_sms_file(phone=None):
    """The messages in the SMS file, optionally only those to ``phone``; newest last."""
    path = settings.SMS_FILE_PATH
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        messages = [json.loads(line) for line in f if line.strip()]
    return [m for m in messages if phone is None or m["to"] == phone]

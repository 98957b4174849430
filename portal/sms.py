"""Pluggable SMS backends, in the manner of Django's mail backends.

``SMS_BACKEND`` names the class. The default writes each message to the console
and appends it to ``SMS_FILE_PATH`` so a person running the portal locally can
read their sign-in code. A real gateway is one subclass of ``BaseSmsBackend``.
"""

import json
import logging
import sys
import threading

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

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


def get_backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(phone, text):
    get_backend().send(phone, text)


def read_sms_file(phone=None):
    """The messages in the SMS file, optionally only those to ``phone``; newest last."""
    path = settings.SMS_FILE_PATH
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        messages = [json.loads(line) for line in f if line.strip()]
    return [m for m in messages if phone is None or m["to"] == phone]

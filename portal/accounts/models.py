from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SentCode(models.Model):
    """A text with a code (or a notice about an account) that went out: counted to limit how
    often one number, or one client address, is sent texts (``portal.sms.send_code``).

    Holds keyed digests, never the number or the address, and only for a day.
    """

    number_digest = models.CharField(max_length=64)
    address_digest = models.CharField(max_length=64)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("text with a code")
        verbose_name_plural = _("texts with a code")
        indexes = [
            models.Index(fields=["number_digest", "sent_at"]),
            models.Index(fields=["address_digest", "sent_at"]),
        ]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.sent_at:%Y-%m-%d %H:%M}"

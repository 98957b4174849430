from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.storage import private_storage


def _archive_path(export, filename):
    # A random name: the file's path says nothing about whose it is.
    return f"personal-data/{export.token}.zip"


def _new_token():
    import secrets

    return secrets.token_hex(16)


def _expiry():
    return timezone.now() + timedelta(days=settings.YISHI_PERSONAL_DATA_EXPORT_DAYS)


class PersonalDataExport(models.Model):
    """One "my data" archive: asked for by a person, prepared by a background task, offered
    to them alone (after a fresh sign-in) until ``expires_at``, then purged daily."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_data_exports"
    )
    token = models.CharField(max_length=32, unique=True, default=_new_token, editable=False)
    file = models.FileField(upload_to=_archive_path, storage=private_storage, blank=True)
    created_at = models.DateTimeField(_("asked for at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), default=_expiry)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("download of my data")
        verbose_name_plural = _("downloads of my data")

    def __str__(self):
        return f"{self._meta.verbose_name} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_ready(self):
        return bool(self.file) and self.ready_at is not None

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at

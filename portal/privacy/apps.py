from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.capabilities import Capability


class PrivacyConfig(AppConfig):
    """The privacy notice, consent to it and to each use of sensitive information, and the
    retention periods the daily job keeps. Part of the platform: it lives under ``portal/``
    and declares itself like any capability."""

    name = "portal.privacy"
    label = "privacy"
    verbose_name = _("Privacy")
    default_auto_field = "django.db.models.BigAutoField"
    capability = Capability(
        routes=("portal.privacy.routes.ROUTES",),
        urls=(("privacy/", "portal.privacy.urls"),),
        clock_changes=("portal.privacy.services.next_clock_change",),
        personal_data=("portal.privacy.personal_data.export",),
        erase_personal_data=("portal.privacy.personal_data.erase",),
        daily=("portal.privacy.retention.purge",),
    )

    def ready(self):
        from . import services

        services.connect()

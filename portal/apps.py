from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from allauth.mfa.signals import authenticator_added
        from django.conf import settings
        from django.core.checks import register
        from django.db.models.signals import post_migrate, pre_delete

        from . import caching, capabilities, checks, site_address, uploads  # noqa: F401 - checks
        from .personal_data.services import erase_on_delete
        from .search import health  # noqa: F401 (registers its system checks and admin panel)
        from .second_factor import record_enrolment

        authenticator_added.connect(record_enrolment, dispatch_uid="portal_second_factor")
        caching.connect()
        # However an account is deleted, every capability erases its part first.
        pre_delete.connect(
            erase_on_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="portal_erase_person"
        )
        uploads.configure_pillow()
        post_migrate.connect(site_address.sync_sites, sender=self)
        register(capabilities.check_capabilities)

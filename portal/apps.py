from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.core import checks

        from . import caching, capabilities

        caching.connect()
        checks.register(capabilities.check_capabilities)

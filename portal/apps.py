from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.core import checks

        from . import caching, capabilities
        from .search import health  # noqa: F401 (registers its system checks and admin panel)

        caching.connect()
        checks.register(capabilities.check_capabilities)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CovenantConfig(AppConfig):
    name = "governance.covenant"
    label = "covenant"
    verbose_name = _("Residents' covenant")

    def ready(self):
        from . import selectors  # noqa: F401 (registers the covenant page's context)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from django.db.models.signals import post_save

        from . import selectors  # noqa: F401 (registers the session page's context)
        from .models import SessionIndexPage
        from .permissions import index_created

        post_save.connect(index_created, sender=SessionIndexPage, dispatch_uid="governance_index")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_save, pre_delete

        from . import services
        from .models import SessionIndexPage
        from .permissions import index_created

        post_save.connect(index_created, sender=SessionIndexPage, dispatch_uid="governance_index")
        # A deleted account's ballots stay counted and lose every link to the person.
        pre_delete.connect(
            services.forget_voter_on_delete,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="governance_forget_voter",
        )

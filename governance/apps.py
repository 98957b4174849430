from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.capabilities import Capability, EntryPoint, SearchGroup


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")
    capability = Capability(
        routes=("governance.routes.ROUTES",),
        urls=(("governance/", "governance.urls"),),
        clock_changes=(
            "governance.phases.next_clock_change",
            "governance.selectors.now_clock_change",
        ),
        search_groups=(SearchGroup("matters", _("Matters"), ("governance.Matter",), order=20),),
        entry_points=(
            EntryPoint(
                "governance.SessionIndexPage",
                _("Quarterly sessions"),
                _("One matter, one discussion"),
                icon="img/sections/sessions.svg",
                order=20,
            ),
        ),
        now=("governance.selectors.now_items",),
        workbench=("governance.selectors.workbench_items",),
        demo="governance.demo.build",
        personal_data=("governance.personal_data.export",),
        erase_personal_data=("governance.personal_data.erase",),
    )

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_save, pre_delete

        from . import (
            selectors,  # noqa: F401 (registers the session page's context)
            services,
        )
        from .models import SessionIndexPage
        from .permissions import index_created

        post_save.connect(index_created, sender=SessionIndexPage, dispatch_uid="governance_index")
        # A deleted account's ballots stay counted and lose every link to the person.
        pre_delete.connect(
            services.forget_voter_on_delete,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="governance_forget_voter",
        )

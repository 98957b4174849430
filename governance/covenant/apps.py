from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.capabilities import Capability, EntryPoint, SearchGroup


class CovenantConfig(AppConfig):
    name = "governance.covenant"
    label = "covenant"
    verbose_name = _("Residents' covenant")
    capability = Capability(
        routes=("governance.covenant.routes.ROUTES",),
        urls=(("covenant/", "governance.covenant.urls"),),
        clock_changes=("governance.covenant.services.next_clock_change",),
        search_groups=(
            SearchGroup("clauses", _("Covenant clauses"), ("covenant.VersionClause",), order=10),
        ),
        entry_points=(
            EntryPoint(
                "covenant.CovenantPage",
                _("Residents' covenant"),
                _("Read and adopt our shared rules"),
                icon="img/sections/covenant.svg",
                order=10,
            ),
        ),
        now=("governance.covenant.selectors.now_items",),
        workbench=("governance.covenant.selectors.workbench_items",),
        demo="governance.covenant.demo.build",
        personal_data=("governance.covenant.personal_data.export",),
        erase_personal_data=("governance.covenant.personal_data.erase",),
    )

    def ready(self):
        from . import selectors  # noqa: F401 (registers the covenant page's context)

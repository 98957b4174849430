from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.capabilities import Capability, EntryPoint, SearchGroup


class AssociationsConfig(AppConfig):
    name = "pages.associations"
    label = "associations"
    verbose_name = _("Associations")
    capability = Capability(
        routes=("pages.associations.routes.ROUTES",),
        urls=(("associations/", "pages.associations.urls"),),
        clock_changes=("pages.associations.models.next_clock_change",),
        search_groups=(
            SearchGroup("minutes", _("Minutes"), ("associations.Minutes",), order=30),
            SearchGroup(
                "associations", _("Associations"), ("associations.AssociationPage",), order=50
            ),
        ),
        entry_points=(
            EntryPoint(
                "associations.AssociationIndexPage",
                _("Migrant associations"),
                _("Markets, sites, compounds"),
                icon="img/sections/associations.svg",
                order=40,
            ),
        ),
        personal_data=("pages.associations.personal_data.export",),
        erase_personal_data=("pages.associations.personal_data.erase",),
        now=("pages.associations.selectors.now_items",),
    )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.capabilities import Capability, EntryPoint, SearchGroup


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages and associations")
    capability = Capability(
        search_groups=(
            # Every page type that no other group names, last.
            SearchGroup("pages", _("Pages"), ("wagtailcore.Page",), order=1000),
            # Associations (these move to their own app's capability with them).
            SearchGroup("minutes", _("Minutes"), ("pages.Minutes",), order=30),
            SearchGroup("associations", _("Associations"), ("pages.AssociationPage",), order=50),
        ),
        # Associations, as above.
        urls=(("associations/", "pages.urls"),),
        clock_changes=("pages.associations.next_clock_change",),
        entry_points=(
            EntryPoint(
                "pages.AssociationIndexPage",
                _("Migrant associations"),
                _("Markets, sites, compounds"),
                order=40,
            ),
        ),
        # The home page, then the associations and their minutes (which link matters).
        demo="pages.demo.build",
    )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.capabilities import Capability, SearchGroup


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")
    capability = Capability(
        routes=("pages.routes.ROUTES",),
        # Every page type that no other group names, last.
        search_groups=(SearchGroup("pages", _("Pages"), ("wagtailcore.Page",), order=1000),),
        # The home page, then the associations and their minutes (which link matters).
        demo="pages.demo.build",
    )

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.search import SearchArea
from wagtail.permissions import register_permission_policy

from .admin_views import MinutesPermissionPolicy, MinutesViewSet
from .models import Minutes

# Before the viewset below asks for it: minutes are read-only, and only the staff's own
# community's.
minutes_policy = MinutesPermissionPolicy(Minutes)
register_permission_policy(Minutes, minutes_policy, exact_class=True)
minutes_viewset = MinutesViewSet()


@hooks.register("register_admin_viewset")
def register_minutes_viewset():
    return minutes_viewset


class MinutesSearchArea(SearchArea):
    def is_shown(self, request):
        return minutes_policy.user_has_permission(request.user, "view")


@hooks.register("register_admin_search_area")
def minutes_search_area():
    """The admin's global search offers the minutes listing, searched for the same words."""
    return MinutesSearchArea(
        _("Meeting minutes"),
        reverse(minutes_viewset.get_url_name("index")),
        name="minutes",
        icon_name="doc-full",
        order=400,
    )

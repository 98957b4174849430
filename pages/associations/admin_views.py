"""Association minutes in the Wagtail admin: a read-only listing and inspect view.

Leaders write and correct minutes on the site's own phone forms (``views``); the
admin only lets superusers and community staff find and read them, searched through the
site's search backend (jieba: 纪要 matches inside 会议纪要由何姐整理). Community staff see
their own community's minutes only, drafts and members-only ones included, as they may on
the site (``associations.review_minutes``).
"""

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelsearch.backends import get_search_backend
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BaseButton, HeaderButton
from wagtail.permission_policies import BasePermissionPolicy

from portal import roles
from portal.boundary import within
from portal.permission_policies import CommunityNarrowedPolicy

from .models import AssociationPage, Minutes


class MinutesPermissionPolicy(CommunityNarrowedPolicy, BasePermissionPolicy):
    """Viewing only, for superusers and community staff; nobody adds, edits or deletes
    minutes in the admin."""

    instance_permission = "associations.review_minutes"
    community_lookup = "association__community"

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.has_perm(self.instance_permission)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name=roles.COMMUNITY_STAFF))
            .distinct()
        )


def _associations_for(request):
    """The associations whose minutes the user may list (for the filter's choices)."""
    associations = AssociationPage.objects.order_by("title")
    return associations if request is None else within(associations, request.user)


class MinutesFilterSet(WagtailFilterSet):
    association = django_filters.ModelChoiceFilter(
        label=_("Association"), queryset=_associations_for, empty_label=_("All associations")
    )
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("minutes", "Status"),
        choices=Minutes.Status.choices,
        empty_label=_("All"),
    )

    class Meta:
        model = Minutes
        fields = ["association", "status"]


class SiteLinkButton(BaseButton):
    """A link to the minutes on the site, where leaders edit them."""

    def __init__(self, minutes, **kwargs):
        super().__init__(
            _("View on the site"),
            url=minutes.get_absolute_url(),
            icon_name="link-external",
            **kwargs,
        )


class MinutesIndexView(generic.IndexView):
    filterset_class = MinutesFilterSet
    default_ordering = "-held_on"

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["view"]
        ).select_related("association")

    @cached_property
    def columns(self):
        return [
            self._get_title_column("title"),
            Column("association", label=_("Association"), accessor="association.title"),
            DateColumn("held_on", label=_("Meeting date"), sort_key="held_on"),
            StatusTagColumn(
                "status",
                label=pgettext_lazy("minutes", "Status"),
                accessor="get_status_display",
                primary=lambda minutes: not minutes.is_published,
            ),
            Column("visibility", label=_("Who can read it"), accessor="get_visibility_display"),
        ]

    def get_list_buttons(self, instance):
        return [SiteLinkButton(instance, priority=5), *super().get_list_buttons(instance)]

    def search_queryset(self, queryset):
        """Full-text search over every indexed field (agenda, discussion, decisions…).

        Wagtail's listing would autocomplete against the title alone, since minutes have an
        AutocompleteField; staff look for a word said in the meeting. Drafts are never in the
        index (``Minutes.get_indexed_objects``), so a search finds published minutes only.
        """
        if not self.is_searching:
            return queryset
        return get_search_backend(self.search_backend_name).search(
            self.search_query, queryset, order_by_relevance=not self.is_explicitly_ordered
        )


class MinutesInspectView(generic.InspectView):
    fields = [
        "title",
        "association",
        "held_on",
        "place",
        "attendance",
        "agenda",
        "discussion",
        "status",
        "visibility",
        "created_by",
        "published_at",
    ]

    def get_object(self, queryset=None):
        minutes = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "view", minutes
        ):
            raise PermissionDenied
        return minutes

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("View on the site"),
                url=self.object.get_absolute_url(),
                icon_name="link-external",
            )
        ]


class MinutesViewSet(ModelViewSet):
    """Read-only: only the listing, its results fragment and the inspect view have URLs."""

    model = Minutes
    name = "minutes"
    icon = "doc-full"
    menu_label = _("Meeting minutes")
    add_to_admin_menu = True
    menu_order = 300
    index_view_class = MinutesIndexView
    inspect_view_class = MinutesInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = "default"
    add_to_reference_index = False

    def get_common_view_kwargs(self, **kwargs):
        return {
            **super().get_common_view_kwargs(**kwargs),
            "add_url_name": None,
            "edit_url_name": None,
            "delete_url_name": None,
            "history_url_name": None,
            "usage_url_name": None,
        }

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_permissions_to_register(self):
        """The policy asks ``associations.review_minutes`` (django-rules), not group permissions."""
        return Permission.objects.none()

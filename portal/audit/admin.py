"""The audit log in the Wagtail admin: a read-only listing with filters, and each entry.

Community staff see their own community's entries, superusers every entry, nobody else
any; nobody adds, edits or deletes an entry here.
"""

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms import CheckboxSelectMultiple
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy

from portal import roles
from portal.boundary import within
from portal.permission_policies import CommunityNarrowedPolicy
from portal.rules import in_users_community

from .models import Action, AuditEntry

PERMISSION = "portal.view_audit_log"


class AuditPermissionPolicy(CommunityNarrowedPolicy, BasePermissionPolicy):
    instance_permission = PERMISSION

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.has_perm(PERMISSION)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return in_users_community.test(user, instance)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name=roles.COMMUNITY_STAFF))
            .distinct()
        )


def _actors(request):
    """Staff whose entries the user may read (for the filter's choices)."""
    if request is None:
        return get_user_model().objects.none()
    entries = within(AuditEntry.objects.all(), request.user)
    return get_user_model().objects.filter(pk__in=entries.values("actor")).order_by("display_name")


class AuditFilterSet(WagtailFilterSet):
    action = django_filters.MultipleChoiceFilter(
        label=_("Action"), choices=Action.choices, widget=CheckboxSelectMultiple
    )
    actor = django_filters.ModelChoiceFilter(
        label=_("Staff member"), queryset=_actors, empty_label=_("Everyone")
    )
    at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditEntry
        fields = ["action", "actor", "at"]


class AuditIndexView(generic.IndexView):
    filterset_class = AuditFilterSet
    default_ordering = "-at"

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["view"]
        ).select_related("actor", "person", "community")

    @cached_property
    def columns(self):
        return [
            DateColumn("at", label=_("When"), sort_key="at"),
            Column("actor", label=_("Staff member"), accessor="actor_name"),
            self._get_title_column("action"),
            Column("person", label=_("Person concerned"), accessor="person_name"),
            Column("target_label", label=_("Concerning")),
            Column("community", label=_("Community")),
            Column("address", label=_("From address")),
        ]

    def get_list_buttons(self, instance):
        return []


class AuditInspectView(generic.InspectView):
    fields = ["at", "actor", "action", "person", "target_label", "community", "address", "extra"]

    def get_object(self, queryset=None):
        entry = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "view", entry
        ):
            raise PermissionDenied
        return entry


class AuditViewSet(ModelViewSet):
    """Read-only: only the listing, its results fragment and the inspect view have URLs."""

    model = AuditEntry
    name = "audit"
    icon = "history"
    menu_label = _("Audit log")
    add_to_admin_menu = True
    menu_order = 270
    index_view_class = AuditIndexView
    inspect_view_class = AuditInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
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
        """The policy asks ``portal.view_audit_log`` (django-rules), not group permissions."""
        return Permission.objects.none()

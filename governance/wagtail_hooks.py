from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.access import permitted_view

from .admin_forms import MatterAdminForm
from .models import Matter
from .permissions import MatterPermissionPolicy, hide_other_communities_sessions

# Before the viewset below asks for it: matters of other communities are out of reach.
register_permission_policy(Matter, MatterPermissionPolicy(Matter), exact_class=True)


@hooks.register("construct_explorer_page_queryset")
def explorer_without_other_communities_sessions(parent_page, pages, request):
    """The explorer, its menu and the admin's page listing search."""
    return hide_other_communities_sessions(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def chooser_without_other_communities_sessions(pages, request):
    return hide_other_communities_sessions(pages, request.user)


def _own_community_only(view_class):
    """Wagtail's single-object snippet views check model permissions only: matters of other
    communities are refused here, whatever the URL (``portal.access``)."""
    return permitted_view(view_class, "governance.manage_matter")


class MatterViewSet(SnippetViewSet):
    """Matters for staff to read and correct; triage, counts and follow-up have own forms."""

    model = Matter
    icon = "list-ul"
    list_display = ["title", "get_state_display", "get_category_display", "session", "created_at"]
    list_filter = ["state", "category", "from_suggestion_box"]
    search_fields = ["title", "description"]
    copy_view_enabled = False
    edit_view_class = _own_community_only(snippet_views.EditView)
    delete_view_class = _own_community_only(snippet_views.DeleteView)
    usage_view_class = _own_community_only(snippet_views.UsageView)
    history_view_class = _own_community_only(snippet_views.HistoryView)
    inspect_view_class = _own_community_only(snippet_views.InspectView)
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("easy_read"),
            FieldPanel("category"),
            FieldPanel("photo"),
            FieldPanel("session"),
            MultiFieldPanel(
                [FieldPanel("state"), FieldPanel("merged_into"), FieldPanel("decline_reason")],
                heading=_("Triage"),
            ),
            FieldPanel("response"),
        ],
        base_form_class=MatterAdminForm,
    )

    def get_queryset(self, request):
        return Matter.objects.within(request.user).select_related("session")


class GovernanceViewSetGroup(SnippetViewSetGroup):
    items = (MatterViewSet,)
    menu_icon = "group"
    menu_label = _("Governance")
    menu_name = "governance"
    menu_order = 200


register_snippet(GovernanceViewSetGroup)


class TriageMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("governance.triage_matters")


@hooks.register("register_admin_menu_item")
def triage_menu_item():
    return TriageMenuItem(
        _("Matters to triage"), reverse("governance:triage"), icon_name="tasks", order=201
    )

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from . import admin_views
from .audit.admin import AuditPermissionPolicy, AuditViewSet
from .audit.models import AuditEntry
from .moves.views import PendingMovesView, decide_move

register_permission_policy(AuditEntry, AuditPermissionPolicy(AuditEntry), exact_class=True)
audit_viewset = AuditViewSet()


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return audit_viewset


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "residents/pending/",
            admin_views.PendingResidentsView.as_view(),
            name="portal_pending_residents",
        ),
        path(
            "residents/<int:user_id>/verify/",
            admin_views.verify_resident,
            name="portal_verify_resident",
        ),
        path("residents/moves/", PendingMovesView.as_view(), name="portal_pending_moves"),
        path("residents/moves/<int:move_id>/", decide_move, name="portal_decide_move"),
    ]


class VerifyResidentsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("portal.verify_resident")


@hooks.register("register_admin_menu_item")
def register_verify_residents_menu_item():
    return VerifyResidentsMenuItem(
        _("Verify residents"), reverse("portal_pending_residents"), icon_name="user", order=250
    )


class MovesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("portal.decide_move")


@hooks.register("register_admin_menu_item")
def register_moves_menu_item():
    return MovesMenuItem(
        _("Requests to move here"), reverse("portal_pending_moves"), icon_name="home", order=251
    )


from .discussion import wagtail_hooks as discussion_hooks  # noqa: E402, F401 (registers its hooks)


@hooks.register("construct_main_menu")
def name_the_account_button(request, menu_items):
    """The admin's account button names the user by ``first_name`` or else the user name
    (``u3f9a1c…``); name them as everyone else sees them. Set on this request's user
    object only, as the sidebar is drawn: nothing is saved."""
    user = request.user
    if not user.first_name:
        user.first_name = user.public_name

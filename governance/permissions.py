"""Governance in the Wagtail admin: community staff manage their own community's sessions only.

Every community shares one session index page. Community staff hold Wagtail's ordinary
page permissions (add, change, publish) on that index, so they can create sessions under
it; the narrowing to *their own* community happens in the page permission testers below
(``portal.page_permissions``), which Wagtail asks at every admin entry point. The explorer,
its menu and the page chooser also leave other communities' sessions out
(``wagtail_hooks.py``), the session form only offers the editor's own community, and
matters in the snippet admin follow a permission policy that checks the matter's community.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission
from wagtail.permission_policies import ModelPermissionPolicy

from portal import roles
from portal.page_permissions import NarrowedPagePermissionTester, RulePagePermissionTester
from portal.permission_policies import CommunityNarrowedPolicy
from portal.second_factor import acts_as_superuser

# What community staff may do under a session index (Wagtail's page permissions).
STAFF_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def grant_staff_page_permissions(index):
    """Let community staff add, edit and publish sessions under ``index`` (idempotent)."""
    staff = Group.objects.filter(name=roles.COMMUNITY_STAFF).first()
    if staff is None:  # roles are created by portal's migration; absent only mid-migration
        return
    for codename in STAFF_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=staff, page=index, permission=permission)


class SessionPagePermissionTester(RulePagePermissionTester):
    """Wagtail's page permissions, held only by staff of the session's own community."""

    permission = "governance.manage_session"


class SessionIndexPagePermissionTester(NarrowedPagePermissionTester):
    """The index is shared by every community: staff add sessions to it; only superusers
    change, move or delete the index itself."""

    def may_manage(self):
        return self.user.is_active and acts_as_superuser(self.user)


def hide_other_communities_sessions(pages, user):
    """``pages`` (any page queryset) without the sessions of communities other than the user's."""
    from .models import SessionPage

    return pages.exclude(pk__in=SessionPage.objects.outside(user).values("pk"))


def index_created(sender, instance, created, raw=False, **kwargs):
    """A new session index is open to community staff at once (connected in apps.py)."""
    if created and not raw:
        grant_staff_page_permissions(instance)


class MatterPermissionPolicy(CommunityNarrowedPolicy, ModelPermissionPolicy):
    """Django's model permissions on matters, and only for matters of the user's community.

    Nobody adds matters in the admin: they come from residents and the suggestion box.
    """

    instance_permission = "governance.manage_matter"

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

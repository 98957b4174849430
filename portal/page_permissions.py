"""Wagtail's page permissions, narrowed by our own rules.

Wagtail grants page permissions down the tree by group; our pages also belong to one
community or one association, which Wagtail knows nothing of. A page type narrows what
Wagtail allows by returning one of these testers from ``permissions_for_user``; Wagtail
asks the tester at every admin entry point (edit, delete, copy, move, publish, unpublish,
revisions, locking, previews, bulk actions)::

    class SessionPagePermissionTester(RulePagePermissionTester):
        permission = "governance.manage_session"  # asked with the page
"""

from wagtail.models import PagePermissionTester

# Every PagePermissionTester method that lets someone act on the page itself.
ACTIONS = (
    "can_edit",
    "can_delete",
    "can_publish",
    "can_unpublish",
    "can_submit_for_moderation",
    "can_set_view_restrictions",
    "can_unschedule",
    "can_lock",
    "can_unlock",
    "can_move",
    "can_copy",
    "can_view_revisions",
    "can_reorder_children",
)


class NarrowedPagePermissionTester(PagePermissionTester):
    """Wagtail's own answer to each action, and only where ``may_manage()`` also agrees."""

    def may_manage(self):
        raise NotImplementedError


class RulePagePermissionTester(NarrowedPagePermissionTester):
    """Narrowed by one permission (a django-rules one), asked once with the page."""

    permission = None

    def may_manage(self):
        if not hasattr(self, "_may_manage"):
            self._may_manage = self.user.has_perm(self.permission, self.page)
        return self._may_manage


def _narrowed(name):
    def method(self, *args, **kwargs):
        return self.may_manage() and getattr(PagePermissionTester, name)(self, *args, **kwargs)

    method.__name__ = name
    return method


for _name in ACTIONS:
    setattr(NarrowedPagePermissionTester, _name, _narrowed(_name))

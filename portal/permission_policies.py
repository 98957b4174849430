"""Wagtail permission policies narrowed to the user's own community.

Wagtail asks a model's permission policy at every admin entry point (menus, listings,
buttons, single-object views). Community staff work on their own community's objects only:
mix ``CommunityNarrowedPolicy`` into any Wagtail policy and name the django-rules permission
that decides one object; listings go through the community boundary (``portal.boundary``,
with the model's own ``community_path``).
"""

from .boundary import within


class CommunityNarrowedPolicy:
    """The policy it is mixed into, and for one object also ``instance_permission``;
    listings hold only the user's community's objects (every community's for superusers)."""

    #: The django-rules permission asked with the object (``"governance.manage_matter"``).
    instance_permission = None

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and user.has_perm(
            self.instance_permission, instance
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        return within(super().instances_user_has_any_permission_for(user, actions), user)

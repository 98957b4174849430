"""Predicates that every app builds its permissions from (django-rules).

Apps combine these in their own ``rules.py`` into permissions named
``<app>.<verb>_<model>`` (``governance.vote_matter``); views and templates ask
those permissions and never re-derive them.
"""

import rules

from . import roles


def _community_of(obj):
    """The community an object belongs to: itself, or its ``community`` attribute."""
    from .models import Community

    if obj is None or isinstance(obj, Community):
        return obj
    return getattr(obj, "community", None)


@rules.predicate
def is_signed_in(user):
    return user.is_authenticated


@rules.predicate
def is_superuser(user):
    return user.is_superuser


@rules.predicate
def is_verified_resident(user):
    return user.is_authenticated and user.verified_at is not None


@rules.predicate
def is_member_of_community(user, obj):
    """The user lives in the community that ``obj`` belongs to."""
    community = _community_of(obj)
    return user.is_authenticated and community is not None and user.community_id == community.pk


def has_role(role):
    @rules.predicate(name=f"has_role:{role}")
    def predicate(user):
        if not user.is_authenticated:
            return False
        cache = getattr(user, "_role_cache", None)
        if cache is None:
            cache = user._role_cache = set(user.groups.values_list("name", flat=True))
        return role in cache

    return predicate


is_community_staff = has_role(roles.COMMUNITY_STAFF) | is_superuser
is_school_staff = has_role(roles.SCHOOL_STAFF) | is_superuser
is_association_leader = has_role(roles.ASSOCIATION_LEADER)

is_verified_resident_of = is_verified_resident & is_member_of_community
is_staff_of_community = is_superuser | (has_role(roles.COMMUNITY_STAFF) & is_member_of_community)

rules.add_perm("portal.verify_resident", is_community_staff)
# Hide or restore any comment (discussion moderation).
rules.add_perm("portal.moderate_comment", is_community_staff)
# Read the audit log of staff actions (community staff: their own community's entries).
rules.add_perm("portal.view_audit_log", is_community_staff)
# Staff (school or community) and superusers: they get the Wagtail user bar and never a
# cached personal page (they may see drafts and running totals). A rule, not a permission,
# so that asking costs no query beyond the roles (Django's access_admin check would cost
# every signed-in resident two permission queries per page).
rules.add_rule("portal.is_staff", is_community_staff | is_school_staff)

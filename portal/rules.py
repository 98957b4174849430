"""Predicates that every app builds its permissions from (django-rules).

Apps combine these in their own ``rules.py`` into permissions named
``<app>.<verb>_<model>`` (``governance.vote_matter``); views and templates ask
those permissions and never re-derive them.
"""

import rules

from . import roles
from .boundary import lives_in_community_of
from .second_factor import acts_as_superuser


@rules.predicate
def is_signed_in(user):
    return user.is_authenticated


@rules.predicate
def is_superuser(user):
    """A superuser, in a session that passed the second factor (``portal.second_factor``)."""
    return acts_as_superuser(user)


@rules.predicate
def is_verified_resident(user):
    return user.is_authenticated and user.verified_at is not None


@rules.predicate
def is_object(user, obj):
    """Asked about one object rather than about the model as a whole.

    Rules that let anyone read an object start with it, so that Django's and Wagtail's
    model-wide questions (``has_perm("app.view_model")`` with no object) stay unanswered.
    """
    return obj is not None


@rules.predicate
def no_object(user, obj):
    """Asked about the model as a whole (e.g. "may this user moderate anywhere?")."""
    return obj is None


@rules.predicate
def is_member_of_community(user, obj):
    """The user lives in the community that ``obj`` belongs to (``portal.boundary``)."""
    return lives_in_community_of(user, obj)


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


# The community boundary for one object, as ``Model.objects.within(user)`` is for querysets:
# superusers everywhere, everyone else in their own community.
in_users_community = is_superuser | is_member_of_community

is_community_staff = has_role(roles.COMMUNITY_STAFF) | is_superuser
is_school_staff = has_role(roles.SCHOOL_STAFF) | is_superuser
is_association_leader = has_role(roles.ASSOCIATION_LEADER)

is_verified_resident_of = is_verified_resident & is_member_of_community
is_staff_of_community = is_community_staff & in_users_community

# Verify residents: with a resident, only staff of that resident's community.
rules.add_perm("portal.verify_resident", is_community_staff & (no_object | in_users_community))
# Read the audit log of staff actions (community staff: their own community's entries).
rules.add_perm("portal.view_audit_log", is_community_staff)
# Staff (school or community) and superusers: they get the Wagtail user bar and never a
# cached personal page (they may see drafts and running totals). A rule, not a permission,
# so that asking costs no query beyond the roles (Django's access_admin check would cost
# every signed-in resident two permission queries per page).
rules.add_rule("portal.is_staff", is_community_staff | is_school_staff)
# The staff workbench on the site (/workbench/): what waits for them, per community.
rules.add_perm("portal.use_workbench", is_community_staff | is_school_staff)

# Comments (the discussion layer's own rules).
from .discussion import rules as _discussion_rules  # noqa: E402, F401

# Moving between communities: staff of the destination (the request's community) decide.
rules.add_perm("portal.decide_move", is_community_staff & (no_object | in_users_community))

"""Who may do what with associations and their minutes.

The boundary: a leader acts for their own association only; the community's
staff act for every association of their community. Objects are an
association page or anything with an ``association`` (membership, meeting,
minutes).
"""

import rules

from portal.boundary import lives_in_community_of
from portal.rules import is_community_staff, is_signed_in, is_staff_of_community


def _association_id(obj):
    from .models import AssociationPage

    return obj.pk if isinstance(obj, AssociationPage) else obj.association_id


def _roles(user):
    """The user's active roles by association id, read once per request."""
    from .models import Membership

    cache = getattr(user, "_association_roles", None)
    if cache is None:
        cache = user._association_roles = dict(
            Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values_list(
                "association_id", "role"
            )
        )
    return cache


@rules.predicate
def is_member_of_association(user, obj):
    """An active member (leaders included) of the object's association."""
    return user.is_authenticated and obj is not None and _association_id(obj) in _roles(user)


@rules.predicate
def is_leader_of_association(user, obj):
    return (
        user.is_authenticated
        and obj is not None
        and _roles(user).get(_association_id(obj)) == "leader"
    )


@rules.predicate
def has_asked_to_join(user, association):
    return (
        user.is_authenticated
        and association.memberships.filter(user=user, status="pending").exists()
    )


@rules.predicate
def lives_in_association_community(user, association):
    return lives_in_community_of(user, association)


@rules.predicate
def is_published(user, minutes):
    return minutes is not None and minutes.is_published


@rules.predicate
def is_public(user, minutes):
    return minutes is not None and minutes.visibility == "public"


@rules.predicate
def is_draft(user, minutes):
    return minutes is not None and not minutes.is_published


can_run_association = is_leader_of_association | is_staff_of_community

# The association itself
rules.add_perm("associations.change_associationpage", can_run_association)
rules.add_perm(
    "associations.join_association",
    is_signed_in & lives_in_association_community & ~is_member_of_association & ~has_asked_to_join,
)
rules.add_perm("associations.leave_association", is_member_of_association | has_asked_to_join)
rules.add_perm(
    "associations.view_contact_association", is_member_of_association | is_staff_of_community
)
# Memberships: leaders decide on requests; only staff appoint or remove leaders.
rules.add_perm("associations.manage_members_association", can_run_association)
rules.add_perm("associations.decide_membership", can_run_association)
rules.add_perm("associations.set_leader_association", is_staff_of_community)
# Upcoming meetings
rules.add_perm("associations.add_meeting", can_run_association)
rules.add_perm("associations.delete_meeting", can_run_association)
# Minutes
rules.add_perm("associations.add_minutes", can_run_association)
rules.add_perm("associations.change_minutes", can_run_association)
rules.add_perm("associations.delete_minutes", can_run_association & is_draft)
rules.add_perm(
    "associations.view_minutes",
    (is_published & (is_public | is_member_of_association)) | can_run_association,
)
rules.add_perm(
    "associations.comment_minutes",
    is_published & (is_member_of_association | is_staff_of_community),
)


@rules.predicate
def is_staff_of_minutes_community(user, minutes):
    """Staff of the minutes' community; without minutes, of any community."""
    return minutes is None or is_staff_of_community(user, minutes)


# The read-only minutes listing in the Wagtail admin: superusers see every community's,
# community staff their own community's (drafts and members-only ones included).
rules.add_perm("associations.review_minutes", is_community_staff & is_staff_of_minutes_community)

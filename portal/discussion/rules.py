"""Who may do what with a comment (django-rules; registered by ``portal.rules``).

Every comment belongs to an object (a matter, a clause, minutes); what anyone may do with
the comment starts from whether they may read that object, asked of the object's own read
permission (``portal.access.can_read``). A hidden comment is readable by its object's
moderators only.
"""

import rules
from django_comments_xtd.models import XtdComment

from portal.access import can_read
from portal.rules import in_users_community, is_community_staff, is_signed_in, no_object

from .services import can_comment


def commented_object(obj):
    """The object a comment is on (``obj`` itself when it is not a comment)."""
    return obj.content_object if isinstance(obj, XtdComment) else obj


@rules.predicate
def may_read_commented_object(user, comment):
    return comment is not None and can_read(user, commented_object(comment))


@rules.predicate
def is_shown(user, comment):
    return comment is not None and comment.is_public


@rules.predicate
def commented_object_in_users_community(user, obj):
    return obj is not None and in_users_community(user, commented_object(obj))


@rules.predicate
def may_comment_on_commented_object(user, comment):
    return comment is not None and can_comment(user, commented_object(comment))


# Hide or restore comments: community staff, on objects of their own community. Asked with a
# comment or the object it is on; without either, "may this user moderate anywhere?".
may_moderate = is_community_staff & (no_object | commented_object_in_users_community)
rules.add_perm("portal.moderate_comment", may_moderate)
# See a comment (and so act on it at all): its object is readable to the user, and the
# comment is shown or the user moderates it.
rules.add_perm("portal.read_comment", may_read_commented_object & (is_shown | may_moderate))
rules.add_perm("portal.reply_comment", may_comment_on_commented_object)
rules.add_perm("portal.like_comment", is_signed_in)
rules.add_perm("portal.flag_comment", is_signed_in)

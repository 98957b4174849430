"""What the portal itself holds about a person: the account, sign-ins, comments, likes and
flags, follows, notifications, requests to move, the audit entries about them, their data
downloads — and how it is erased. ``services`` calls these beside every capability's own part."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .services import Section, forget_exports, rows

LIKE = "I liked it"  # django-comments-xtd's flag for a like


def _comments():
    return apps.get_model("django_comments_xtd", "XtdComment").objects


def export(user):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django_comments.models import CommentFlag

    from portal.audit.models import AuditEntry
    from portal.discussion.models import CommentModeration, DiscussionFollow
    from portal.models import Notification
    from portal.moves.models import MoveRequest

    User = get_user_model()
    flags = CommentFlag.objects.filter(user=user).select_related("comment")
    return {
        User._meta.label: Section(
            _("Your account"),
            [
                {
                    "username": user.username,
                    "display_name": user.display_name,
                    "phone": user.phone,
                    "phone_verified": user.phone_verified,
                    "email": user.email,
                    "community": str(user.community or ""),
                    "verified_at": user.verified_at,
                    "groups": [str(group) for group in user.groups.all()],
                    "date_joined": user.date_joined,
                    "last_login": user.last_login,
                }
            ],
            {"groups": pgettext("my data", "roles")},
        ),
        # Sign-ins: the addresses and second factors used to sign in (never their secrets).
        "account.EmailAddress": rows(
            EmailAddress.objects.filter(user=user), "email", "verified", "primary"
        ),
        "mfa.Authenticator": Section(
            _("Second steps of signing in"),
            rows(Authenticator.objects.filter(user=user), "type", "created_at", "last_used_at"),
            {
                "type": pgettext("my data", "kind"),
                "created_at": _("set up at"),
                "last_used_at": _("last used at"),
            },
        ),
        "django_comments.Comment": Section(
            _("Your comments"),
            rows(
                _comments().filter(user=user).order_by("submit_date"),
                "submit_date",
                "comment",
                "is_public",
                "ip_address",
                on=lambda c: str(c.content_object or ""),
            ),
            {"on": pgettext("my data", "on")},
        ),
        "django_comments.CommentFlag": Section(
            _("Your likes and reports"),
            rows(
                flags.order_by("flag_date"),
                "flag_date",
                kind=lambda f: "like" if f.flag == LIKE else "report",
                kind_label=lambda f: (
                    pgettext("my data", "like") if f.flag == LIKE else pgettext("my data", "report")
                ),
                comment=lambda f: f.comment.comment[:200],
            ),
            {"kind": pgettext("my data", "kind"), "kind_label": pgettext("my data", "what")},
        ),
        DiscussionFollow._meta.label: Section(
            _("Discussions you follow"),
            rows(
                DiscussionFollow.objects.filter(user=user),
                "following",
                "created_at",
                discussion=_followed,
            ),
            {
                "following": pgettext("my data", "following"),
                "created_at": pgettext("my data", "since"),
                "discussion": pgettext("my data", "on"),
            },
        ),
        Notification._meta.label: rows(
            Notification.objects.filter(recipient=user), "created_at", "message", "url", "read_at"
        ),
        AuditEntry._meta.label: Section(
            _("Staff actions concerning you, or taken by you"),
            rows(
                AuditEntry.objects.filter(Q(person=user) | Q(actor=user)).order_by("at"),
                "at",
                "target_label",
                action=lambda e: e.get_action_display(),
                by_me=lambda e: e.actor_id == user.pk,
            ),
            {"by_me": _("taken by you")},
        ),
        CommentModeration._meta.label: Section(
            _("Comments you moderated"),
            rows(
                CommentModeration.objects.filter(moderator=user), "created_at", "action", "reason"
            ),
        ),
        MoveRequest._meta.label: Section(
            _("Your requests to move, and those you decided"),
            [
                *rows(
                    MoveRequest.objects.filter(person=user).order_by("created_at", "pk"),
                    "created_at",
                    "reason",
                    "decided_at",
                    from_community=lambda m: str(m.from_community or ""),
                    to_community=lambda m: str(m.to_community),
                    status=lambda m: m.get_status_display(),
                ),
                # Decided by them as staff: where to, what and when, not who asked.
                *rows(
                    MoveRequest.objects.filter(decided_by=user).order_by("decided_at", "pk"),
                    "decided_at",
                    to_community=lambda m: str(m.to_community),
                    status=lambda m: m.get_status_display(),
                    decided_by_you=lambda m: True,
                ),
            ],
            {"decided_by_you": _("decided by you")},
        ),
        "portal.PersonalDataExport": rows(
            user.personal_data_exports.all(), "created_at", "ready_at", "expires_at"
        ),
    }


def _followed(follow):
    try:
        return str(follow.content_type.get_object_for_this_type(pk=follow.object_pk))
    except Exception:  # noqa: BLE001 - the discussion's object is gone
        return ""


def remove_unanswered_comments(user):
    """Delete ``user``'s comments that nobody answered (a reply of their own to their own
    comment goes with it; a comment with someone else's reply under it stays)."""
    comments = _comments()
    while True:
        # xtd's top-level comments are their own parents: only replies answer anything.
        answered = comments.exclude(parent_id=F("pk")).values("parent_id")
        leaves = list(comments.filter(user=user).exclude(pk__in=answered))
        if not leaves:
            return
        for comment in leaves:
            comment.delete()


def erase(user):
    """Comments stay, by "a former resident" (no name, e-mail, address or link to the
    account); likes, flags, follows, notifications, sign-in addresses, second factors and
    downloads go, and so do their requests to move (the ones they decided as staff stay,
    unlinked); Wagtail's editing records lose the link to the person."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.contenttypes.models import ContentType
    from django_comments.models import Comment, CommentFlag
    from wagtail.models import ModelLogEntry, PageLogEntry

    from portal.discussion.models import CommentModeration, DiscussionFollow
    from portal.models import Notification
    from portal.moves.models import MoveRequest

    Comment.objects.filter(user=user).update(
        user=None, user_name="", user_email="", user_url="", ip_address=None
    )
    CommentFlag.objects.filter(user=user).delete()
    DiscussionFollow.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    # Others' notifications name the person ("… replied to your comment"): not any more.
    name = user.public_name
    if len(name) >= 2:  # a one-character name would rewrite every message with that character
        Notification.objects.filter(message__contains=name).update(
            message=Replace("message", Value(name), Value(_("a former resident")))
        )
    CommentModeration.objects.filter(moderator=user).update(moderator=None)
    # Their own requests to move go (their reasons are theirs alone); the requests they
    # decided as staff keep the decision, without who took it.
    MoveRequest.objects.filter(person=user).delete()
    MoveRequest.objects.filter(decided_by=user).update(decided_by=None)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    forget_exports(user)
    # Wagtail's logs keep a user id without a constraint: unlink it, and drop the entries
    # about the account itself (they carry its name as their label).
    PageLogEntry.objects.filter(user=user).update(user=None)
    ModelLogEntry.objects.filter(user=user).update(user=None)
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(get_user_model()), object_id=str(user.pk)
    ).delete()

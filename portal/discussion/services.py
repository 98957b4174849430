"""The one implementation behind every discussion: who may comment, posting with the depth
guard, likes, flags with auto-hide, moderation with reasons, following and notifications."""

from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import rules
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import CharField, Count, Exists, F, Max, OuterRef, Q, Value
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django_comments.forms import CommentSecurityForm
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG, MaxThreadLevelExceededException, XtdComment

from portal import audit, caching
from portal.boundary import within_generic
from portal.notifications import notify

from .models import CommentModeration, DiscussionFollow

MODERATE_PERMISSION = "portal.moderate_comment"
DUPLICATE_WINDOW = timedelta(minutes=10)
PAGE_PARAM = "comments"  # the query parameter naming a page of threads


class ReplyTooDeep(Exception):
    """A reply to a comment that is already at the deepest level allowed."""


# Who may comment ------------------------------------------------------------------------


def comment_permission(obj):
    """The permission that says who may comment on ``obj``: ``<app_label>.comment_<model>``."""
    return f"{obj._meta.app_label}.comment_{obj._meta.model_name}"


def can_comment(user, obj):
    """Ask the commented object's own permission; a model whose app defines none is closed."""
    perm = comment_permission(obj)
    return user.is_authenticated and rules.perm_exists(perm) and user.has_perm(perm, obj)


def closed_reason(user, obj):
    """Why ``user`` may not comment on ``obj`` (``None`` when they may)."""
    if not user.is_authenticated:
        return _("Sign in to comment.")
    if can_comment(user, obj):
        return None
    custom = getattr(obj, "discussion_closed_reason", None)
    return (custom(user) if custom else None) or _("Comments are closed.")


def can_moderate(user, target=None):
    """Whether ``user`` moderates comments on ``target`` (without one: anywhere at all)."""
    # Ask the rule alone: Django's model backend would cost two queries per non-moderator.
    return rules.has_perm(MODERATE_PERMISSION, user, target)


# Finding targets and comments -------------------------------------------------------------


def get_target(content_type, object_pk):
    """The object named by a form's ``content_type`` ("app.model") and ``object_pk``, or 404."""
    try:
        model = apps.get_model(*str(content_type).split(".", 1))
        return model._default_manager.get(pk=object_pk)
    except (LookupError, TypeError, ValueError, ValidationError, ObjectDoesNotExist) as exc:
        raise Http404(_("This discussion does not exist.")) from exc


def target_url(obj):
    """Where ``obj`` is shown: its ``get_absolute_url()``, or a Wagtail page's URL."""
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    return getattr(obj, "url", None) or "/"


def comment_url(comment):
    """The comment on its object's page: the page of the thread it belongs to, and its anchor."""
    return at_comment(target_url(comment.content_object), comment)


def at_comment(url, comment):
    """``url`` (the page showing the discussion) pointed at ``comment``'s page of threads and
    its anchor; any other query parameters are kept."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != PAGE_PARAM]
    page = thread_page_number(comment)
    if page > 1:
        query.append((PAGE_PARAM, str(page)))
    return urlunsplit(parts._replace(query=urlencode(query), fragment=f"c{comment.pk}"))


def _for_object(obj):
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=force_str(obj.pk),
        site_id=settings.SITE_ID,
        is_removed=False,
    )


def thread(obj, user, page=None):
    """Comments on ``obj`` in thread order, hidden ones included (templates show a
    placeholder), each with ``likes``, ``liked`` and ``flagged`` (by ``user``).

    ``page`` (from ``thread_page()``) limits them to the threads on one page.
    """
    comments = _for_object(obj)
    if page is not None:
        comments = comments.filter(thread_id__in=page.thread_ids)
    comments = comments.annotate(
        likes=Count("flags", filter=Q(flags__flag=LIKEDIT_FLAG)),
        # Hidden by a moderator, or only by residents' reports while it waits for review.
        moderated=Exists(CommentModeration.objects.filter(comment=OuterRef("pk"))),
    )
    if user.is_authenticated:
        mine = CommentFlag.objects.filter(comment=OuterRef("pk"), user=user)
        return comments.annotate(
            liked=Exists(mine.filter(flag=LIKEDIT_FLAG)),
            flagged=Exists(mine.filter(flag=CommentFlag.SUGGEST_REMOVAL)),
        )
    return comments.annotate(liked=Value(False), flagged=Value(False))


def thread_page(obj, number):
    """Page ``number`` of ``obj``'s discussion (a Django ``Page``): top-level comments, oldest
    first, ``YISHI_COMMENT_THREADS_PER_PAGE`` at a time, each with all its replies. Long
    discussions stay small on a phone (CONSUL pages its comment trees the same way).

    ``page.thread_ids`` are the threads to show and ``page.public_count`` the public comments
    of the whole discussion; both counts come from one query.
    """
    counts = _for_object(obj).aggregate(
        threads=Count("pk", filter=Q(level=0)), public=Count("pk", filter=Q(is_public=True))
    )
    paginator = Paginator(range(counts["threads"]), settings.YISHI_COMMENT_THREADS_PER_PAGE)
    page = paginator.get_page(number)
    shown = page.object_list  # the positions of this page's threads, a range
    roots = _for_object(obj).filter(level=0).order_by("thread_id")
    page.thread_ids = (
        list(roots.values_list("thread_id", flat=True)[shown.start : shown.stop]) if shown else []
    )
    page.public_count = counts["public"]
    return page


def thread_page_number(comment):
    """Which page of its discussion shows ``comment`` (the page of its thread)."""
    earlier = XtdComment.objects.filter(
        content_type_id=comment.content_type_id,
        object_pk=comment.object_pk,
        site_id=comment.site_id,
        is_removed=False,
        level=0,
        thread_id__lt=comment.thread_id,
    ).count()
    return earlier // settings.YISHI_COMMENT_THREADS_PER_PAGE + 1


def comment_count(obj):
    return _for_object(obj).filter(is_public=True).count()


def comment_counts(objects):
    """``{pk: number of public comments}`` for many objects of one model, in one query.

    Pass a queryset (it becomes a subquery) or a list of objects. Objects without comments
    are missing from the result: use ``counts.get(pk, 0)`` or ``{% comment_count obj counts %}``.
    """
    if hasattr(objects, "values_list"):
        model = objects.model
        pks = objects.order_by().values_list(Cast("pk", CharField(max_length=64)))
    else:
        objects = list(objects)
        if not objects:
            return {}
        model, pks = type(objects[0]), [force_str(o.pk) for o in objects]
    to_pk = model._meta.pk.to_python
    rows = (
        XtdComment.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_pk__in=pks,
            site_id=settings.SITE_ID,
            is_public=True,
            is_removed=False,
        )
        .order_by()
        .values_list("object_pk")
        .annotate(n=Count("pk"))
    )
    return {to_pk(object_pk): n for object_pk, n in rows}


def comments_on(objects, *, submitted_from=None, submitted_before=None):
    """``{pk: [comments]}``: the public comments on ``objects`` (a list, one model), oldest
    first, each with its ``user``; only those submitted in ``[submitted_from,
    submitted_before)`` when given (e.g. a consultation round)."""
    objects = list(objects)
    if not objects:
        return {}
    model = type(objects[0])
    comments = XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_pk__in=[force_str(obj.pk) for obj in objects],
        site_id=settings.SITE_ID,
        is_public=True,
        is_removed=False,
    )
    if submitted_from is not None:
        comments = comments.filter(submit_date__gte=submitted_from)
    if submitted_before is not None:
        comments = comments.filter(submit_date__lt=submitted_before)
    to_pk = model._meta.pk.to_python
    grouped = {}
    for comment in comments.select_related("user").order_by("submit_date", "pk"):
        grouped.setdefault(to_pk(comment.object_pk), []).append(comment)
    return grouped


# Posting ------------------------------------------------------------------------------------


@transaction.atomic
def post_comment(form, user, ip_address=None):
    """Save a valid ``CommentForm`` as ``user``'s comment, follow the discussion and notify.

    Raises ``ReplyTooDeep`` (and saves nothing) for a reply beyond the thread depth. A second
    identical post within a few minutes (a double tap) returns the first comment.
    """
    data = form.get_comment_create_data(site_id=settings.SITE_ID)
    target = data.pop("content_object")
    duplicate = XtdComment.objects.filter(
        content_type=data["content_type"],
        object_pk=data["object_pk"],
        user=user,
        comment=data["comment"],
        submit_date__gte=timezone.now() - DUPLICATE_WINDOW,
        **({"parent_id": data["parent_id"], "level__gt": 0} if data["parent_id"] else {"level": 0}),
    ).first()
    if duplicate:
        return duplicate
    comment = XtdComment(**data, user=user, ip_address=ip_address)
    try:
        with transaction.atomic():
            comment.save()
    except MaxThreadLevelExceededException as exc:
        raise ReplyTooDeep from exc
    set_following(user, target, True, explicit=False)
    _notify_new_comment(comment, target)
    return comment


def add_comment(target, user, text, parent=None):
    """Post ``text`` as ``user`` without a request (demo data, imports). It skips the
    permission check (the caller decides) but keeps validation and the depth guard."""
    from .forms import CommentForm

    data = CommentSecurityForm(target).generate_security_data()
    data.update(comment=text, reply_to=parent.pk if parent else 0, honeypot="")
    form = CommentForm(target, data=data, user=user)
    if not form.is_valid():
        raise ValueError(form.errors.as_text())
    return post_comment(form, user)


def _notify_new_comment(comment, target):
    url = comment_url(comment)
    author = comment.user
    parent_author = None
    if comment.level > 0:
        parent_author = XtdComment.objects.get(pk=comment.parent_id).user
        if parent_author:
            notify(
                [parent_author],
                _("%(name)s replied to your comment on “%(target)s”.")
                % {"name": author.public_name, "target": target},
                url,
                exclude=author,
            )
    followers = DiscussionFollow.objects.filter(
        content_type=comment.content_type, object_pk=comment.object_pk, following=True
    ).exclude(user=parent_author)
    notify(
        (f.user for f in followers.select_related("user")),
        _("%(name)s commented on “%(target)s”.") % {"name": author.public_name, "target": target},
        url,
        exclude=author,
    )


# Following ---------------------------------------------------------------------------------


def is_following(user, obj):
    return (
        user.is_authenticated
        and DiscussionFollow.objects.filter(
            user=user,
            content_type=ContentType.objects.get_for_model(obj),
            object_pk=force_str(obj.pk),
            following=True,
        ).exists()
    )


def set_following(user, obj, following, *, explicit=True):
    """Follow or unfollow ``obj``'s discussion. Automatic follows (``explicit=False``, on
    commenting) never undo an earlier explicit unfollow."""
    follow, created = DiscussionFollow.objects.get_or_create(
        user=user,
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=force_str(obj.pk),
        defaults={"following": following},
    )
    if explicit and not created and follow.following != following:
        follow.following = following
        follow.save(update_fields=["following"])
    return follow


# Likes and flags ---------------------------------------------------------------------------


def toggle_like(comment, user):
    """Like a comment, or take the like back. Returns whether it is now liked."""
    like, created = CommentFlag.objects.get_or_create(comment=comment, user=user, flag=LIKEDIT_FLAG)
    if not created:
        like.delete()
    return created


@transaction.atomic
def flag(comment, user):
    """Suggest removal; enough distinct users hide the comment until a moderator reviews it,
    and its author is told why it no longer shows."""
    CommentFlag.objects.get_or_create(comment=comment, user=user, flag=CommentFlag.SUGGEST_REMOVAL)
    flaggers = comment.flags.filter(flag=CommentFlag.SUGGEST_REMOVAL).count()
    if (
        flaggers >= settings.YISHI_COMMENT_FLAG_THRESHOLD
        and comment.is_public
        and not comment.moderations.exists()
    ):
        _set_public(comment, False)
        message = _(
            "Your comment on “%(target)s” was hidden after reports from other residents. "
            "A moderator will review it."
        )
        notify([comment.user], message % {"target": comment.content_object}, comment_url(comment))


# Moderation ---------------------------------------------------------------------------------


def _set_public(comment, is_public):
    # A queryset update, so that comments-xtd's pre_save hook does not hide or show the replies too.
    XtdComment.objects.filter(pk=comment.pk).update(is_public=is_public)
    comment.is_public = is_public
    caching.bump()  # a queryset update sends no signal


@transaction.atomic
def moderate(comment, moderator, action, reason):
    """Hide or restore ``comment`` with a reason, record it and tell the author."""
    _set_public(comment, action == CommentModeration.Action.RESTORE)
    record = CommentModeration.objects.create(
        comment=comment, moderator=moderator, action=action, reason=reason
    )
    target = comment.content_object
    audit.record(
        moderator,
        audit.Action.HIDE_COMMENT
        if action == CommentModeration.Action.HIDE
        else audit.Action.RESTORE_COMMENT,
        comment,
        person=comment.user,
        community=getattr(target, "community", None),
        label=str(target),  # the comment's own text starts with its author's name
        reason=reason,
    )
    if action == CommentModeration.Action.HIDE:
        message = _("A moderator hid your comment on “%(target)s”. Reason: %(reason)s")
    else:
        message = _("A moderator restored your comment on “%(target)s”. Reason: %(reason)s")
    notify([comment.user], message % {"target": target, "reason": reason}, comment_url(comment))
    return record


def moderation_queue(user):
    """Comments waiting for ``user``'s review: hidden ones, and flagged ones not reviewed
    since, on objects of the moderator's own community (every community for superusers)."""
    comments = XtdComment.objects.filter(is_removed=False, site_id=settings.SITE_ID)
    return (
        within_generic(comments, user)
        .annotate(
            flag_count=Count(
                "flags", filter=Q(flags__flag=CommentFlag.SUGGEST_REMOVAL), distinct=True
            ),
            last_flag=Max("flags__flag_date", filter=Q(flags__flag=CommentFlag.SUGGEST_REMOVAL)),
            last_review=Max("moderations__created_at"),
        )
        .filter(
            Q(is_public=False)
            | Q(last_flag__isnull=False)
            & (Q(last_review__isnull=True) | Q(last_flag__gt=F("last_review")))
        )
        .prefetch_related("content_object")
        .order_by("-last_flag", "-submit_date")
    )

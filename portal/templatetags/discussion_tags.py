"""``{% discussion obj %}``, ``{% comment_count obj [counts] %}`` and ``|safe_markdown``."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils.safestring import mark_safe

from portal.discussion import services
from portal.discussion.forms import CommentForm
from portal.discussion.markup import render_safe_markdown

register = template.Library()


@register.inclusion_tag("portal/discussion/discussion.html", takes_context=True)
def discussion(context, obj):
    """The whole discussion of ``obj``: count, thread, actions, follow toggle and form."""
    request = context["request"]
    user = request.user
    comments = list(services.thread(obj, user))
    closed_reason = services.closed_reason(user, obj)
    content_type = ContentType.objects.get_for_model(obj)
    return {
        "target": obj,
        "content_type": f"{content_type.app_label}.{content_type.model}",
        "comments": comments,
        "count": sum(comment.is_public for comment in comments),
        "may_comment": closed_reason is None,
        "closed_reason": closed_reason,
        "form": CommentForm(obj, user=user) if closed_reason is None else None,
        "following": services.is_following(user, obj),
        "can_moderate": services.can_moderate(user),
        "user": user,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def comment_count(obj, counts=None):
    """Public comments on ``obj``; pass the dict from ``comment_counts()`` to avoid a query."""
    if counts is not None:
        return counts.get(obj.pk, 0)
    return services.comment_count(obj)


@register.filter
def safe_markdown(text):
    return mark_safe(render_safe_markdown(text))  # noqa: S308 (sanitized by nh3)

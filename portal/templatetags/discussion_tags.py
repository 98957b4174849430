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
    page = services.thread_page(obj, request.GET.get(services.PAGE_PARAM))
    comments = list(services.thread(obj, user, page)) if page.thread_ids else []
    closed_reason = services.closed_reason(user, obj)
    content_type = ContentType.objects.get_for_model(obj)
    return {
        "target": obj,
        "content_type": f"{content_type.app_label}.{content_type.model}",
        "comments": comments,
        "page": page,
        "page_param": services.PAGE_PARAM,
        "count": page.public_count,
        "may_comment": closed_reason is None,
        "closed_reason": closed_reason,
        "form": CommentForm(obj, user=user) if closed_reason is None else None,
        "following": services.is_following(user, obj),
        "can_moderate": services.can_moderate(user, obj),
        "user": user,
        "request": request,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def comment_count(obj, counts=None):
    """Public comments on ``obj``; pass the dict from ``comment_counts()`` to avoid a query."""
    if counts is not None:
        return counts.get(obj.pk, 0)
    return services.comment_count(obj)


@register.simple_tag(takes_context=True)
def thread_page_url(context, number):
    """The current URL showing page ``number`` of the discussion (other parameters kept)."""
    query = context["request"].GET.copy()
    query.pop(services.PAGE_PARAM, None)
    if number > 1:
        query[services.PAGE_PARAM] = number
    return f"?{query.urlencode()}#discussion" if query else "?#discussion"


@register.filter
def safe_markdown(text):
    return mark_safe(render_safe_markdown(text))  # noqa: S308 (sanitized by nh3)

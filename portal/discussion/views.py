from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_comments_xtd.models import XtdComment

from portal.access import acts_on, can_read, requires
from portal.client_ip import client_ip

from . import services
from .forms import CommentForm, ModerationForm


def _refuse(request, message, target=None, status=403):
    """A clear page instead of comments-xtd's bare 400/403/500 responses."""
    back = _next_url(request, target) if target is not None else None
    return render(
        request,
        "portal/discussion/refused.html",
        {"message": message, "back": back, "signed_in": request.user.is_authenticated},
        status=status,
    )


# Longer than this, a redirect is refused (Django's limit is 2048 characters).
MAX_NEXT_LENGTH = 1000


def _next_url(request, target):
    """Where to go back to: the ``next`` a form sends, when it is a path on this site, or
    else the page showing the discussion. (A bare word is not a path: ``redirect`` would
    take it for a view name.)"""
    url = request.POST.get("next") or request.GET.get("next")
    if (
        url
        and url.startswith("/")
        and len(url) <= MAX_NEXT_LENGTH
        and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
    ):
        return url
    return services.target_url(target)


def _comments(request):
    return XtdComment.objects.filter(is_removed=False, site_id=settings.SITE_ID)


def on_comment(perm=None, refused=None):
    """A view acting on the comment named by ``comment_id``: it is found only if the user may
    read it (``portal.read_comment``: the object it is on is readable to them), then ``perm``
    is asked of it."""
    return acts_on(
        _comments, perm, url_kwarg="comment_id", read="portal.read_comment", refused=refused
    )


def _target(request):
    """The object a form posts about, if this user may read it (404 otherwise)."""
    target = services.get_target(request.POST.get("content_type"), request.POST.get("object_pk"))
    if not can_read(request.user, target):
        raise Http404(_("This discussion does not exist."))
    return target


@require_POST
def post_comment(request):
    target = _target(request)
    reason = services.closed_reason(request.user, target)
    if reason:
        return _refuse(request, reason, target)
    form = CommentForm(target, data=request.POST, user=request.user)
    if form.security_errors():
        return _refuse(
            request, _("This form has expired. Please go back, reload and try again."), target, 400
        )
    if not form.is_valid():
        return render(
            request,
            "portal/discussion/form_page.html",
            {"form": form, "target": target, "next": _next_url(request, target)},
        )
    try:
        comment = services.post_comment(form, request.user, client_ip(request))
    except services.ReplyTooDeep:
        return _refuse(request, _too_deep_message(), target, 400)
    messages.success(request, _("Your comment has been posted."))
    return redirect(services.at_comment(_next_url(request, target), comment))


def _too_deep_message():
    return _("Replies can only go this deep. Reply to the comment above it instead.")


def _may_not_comment(request, comment):
    target = comment.content_object
    return _refuse(request, services.closed_reason(request.user, target), target)


@on_comment("portal.reply_comment", refused=_may_not_comment)
def reply(request, parent):
    target = parent.content_object
    if not parent.allow_thread():
        return _refuse(request, _too_deep_message(), target, 400)
    form = CommentForm(target, comment=parent, user=request.user)
    return render(
        request,
        "portal/discussion/form_page.html",
        {"form": form, "target": target, "parent": parent, "next": _next_url(request, target)},
    )


@login_required
@require_POST
@on_comment("portal.like_comment")
def like(request, comment):
    back = _next_url(request, comment.content_object)  # the body is read before acting
    services.toggle_like(comment, request.user)
    return redirect(services.at_comment(back, comment))


@login_required
@require_POST
@on_comment("portal.flag_comment")
def flag(request, comment):
    back = _next_url(request, comment.content_object)  # the body is read before acting
    services.flag(comment, request.user)
    messages.success(request, _("Thank you. A moderator will look at this comment."))
    return redirect(services.at_comment(back, comment))


@login_required
@require_POST
def follow(request):
    target = _target(request)
    following = request.POST.get("follow") == "1"
    if following and not services.can_comment(request.user, target):
        return _refuse(request, services.closed_reason(request.user, target), target)
    services.set_following(request.user, target, following)
    if following:
        messages.success(request, _("You will be notified of new comments here."))
    else:
        messages.success(request, _("You will no longer be notified of new comments here."))
    return redirect(f"{_next_url(request, target)}#discussion")


@requires("portal.moderate_comment")
def moderation_queue(request):
    page = Paginator(services.moderation_queue(request.user), 25).get_page(request.GET.get("page"))
    for comment in page:
        comment.form = ModerationForm(comment=comment)
    return render(request, "portal/discussion/moderation_queue.html", {"page": page})


@on_comment("portal.moderate_comment")
def moderate(request, comment):
    form = ModerationForm(request.POST or None, comment=comment)
    if request.method == "POST" and form.is_valid():
        services.moderate(
            comment, request.user, form.cleaned_data["action"], form.cleaned_data["reason"]
        )
        if comment.is_public:
            messages.success(request, _("The comment is visible again. Its author has been told."))
        else:
            messages.success(request, _("The comment is hidden. Its author has been told."))
        return redirect(_next_url(request, comment.content_object))
    return render(
        request,
        "portal/discussion/moderate.html",
        {
            "comment": comment,
            "form": form,
            "target": comment.content_object,
            "next": _next_url(request, comment.content_object),
        },
    )

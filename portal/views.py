import time

from allauth.account.forms import SetPasswordForm
from allauth.account.internal.flows.login import get_authentication_records
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .accounts.forms import ProfileForm

# How long after logging in with an SMS code a user may set a new password without the old one.
NEW_PASSWORD_WINDOW = 15 * 60


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("profile")
    return render(request, "portal/profile.html", {"form": form})


@login_required
def notifications(request):
    items = request.user.notifications.all()[:50]
    return render(request, "portal/notifications.html", {"notifications": items})


@login_required
@require_POST
def mark_notifications_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications")


@login_required
def new_password(request):
    """Set a new password without the old one, soon after logging in with an SMS code.

    Password reset in allauth goes by e-mail, which most residents don't have: the SMS
    code already proves they hold the phone, so it stands in for the reset link.
    """
    if not _recently_logged_in_by_code(request):
        messages.info(request, _("To set a new password, first log in with an SMS code."))
        return redirect("account_change_password")
    form = SetPasswordForm(data=request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your new password has been saved."))
        return redirect("profile")
    return render(request, "portal/new_password.html", {"form": form})


def _recently_logged_in_by_code(request):
    records = get_authentication_records(request, request.user)
    return (
        bool(records)
        and records[-1].get("method") == "code"
        and (time.time() - records[-1].get("at", 0) < NEW_PASSWORD_WINDOW)
    )


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)

""" "My data" and "delete my account", from the profile. Preparing or downloading the data
and deleting the account each ask for a fresh sign-in (allauth's reauthentication)."""

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import DeleteAccountForm


@login_required
def my_data(request):
    return render(
        request,
        "portal/personal_data/my_data.html",
        {
            "exports": services.available_exports(request.user),
            "days": settings.YISHI_PERSONAL_DATA_EXPORT_DAYS,
        },
    )


@require_POST
@login_required
@reauthentication_required
def prepare_my_data(request):
    services.request_export(request.user)
    messages.success(
        request,
        _("Your data is being prepared. Come back to this page in a few minutes to download it."),
    )
    return redirect("my_data")


@login_required
@reauthentication_required
def download_my_data(request, pk):
    export = get_object_or_404(
        services.available_exports(request.user), pk=pk, ready_at__isnull=False
    )
    name = f"my-data-{timezone.localtime(export.ready_at):%Y%m%d}.zip"
    try:
        archive = export.file.open("rb")
    except FileNotFoundError as exc:  # lost with a restore from backup: ask for a new one
        raise Http404 from exc
    response = FileResponse(archive, as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@reauthentication_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        services.erase(
            user, remove_unanswered_comments=form.cleaned_data["remove_unanswered_comments"]
        )
        logout(request)
        messages.success(request, _("Your account has been deleted. Thank you for taking part."))
        return redirect("/")
    return render(request, "portal/personal_data/delete.html", {"form": form})

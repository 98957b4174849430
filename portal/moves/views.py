from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import BaseListingView

from portal.access import acts_on, requires

from . import services
from .forms import MoveRequestForm
from .models import MoveRequest


@login_required
def ask_to_move(request):
    """ "I now live in …": a resident asks staff of the new community to move them there."""
    pending = MoveRequest.objects.filter(
        person=request.user, status=MoveRequest.Status.PENDING
    ).first()
    form = MoveRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            services.request_move(
                request.user, form.cleaned_data["to_community"], form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your request is sent. Staff of that community will decide on it.")
            )
            return redirect("profile")
    return render(request, "portal/move_request.html", {"form": form, "pending": pending})


def _pending(request):
    waiting = MoveRequest.objects.filter(status=MoveRequest.Status.PENDING)
    return waiting.within(request.user).select_related("person", "from_community", "to_community")


@method_decorator(requires("portal.decide_move"), name="dispatch")
class PendingMovesView(BaseListingView):
    """Requests to move into the staff member's community."""

    template_name = "portal/admin/pending_moves.html"
    page_title = gettext_lazy("Requests to move here")
    header_icon = "home"
    paginate_by = 50
    index_url_name = "portal_pending_moves"

    def get_base_queryset(self):
        return _pending(self.request)


@require_POST
@acts_on(_pending, "portal.decide_move", url_kwarg="move_id")
def decide_move(request, move):
    approve = request.POST.get("decision") == "approve"
    try:
        (services.approve_move if approve else services.decline_move)(move, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.StaffMoveNeedsSuperuser:
        messages.error(request, _("Only a superuser moves a staff member to another community."))
    else:
        if approve:
            message = _("%(name)s now belongs to %(community)s and waits to be verified.")
        else:
            message = _("The request of %(name)s to move to %(community)s is declined.")
        messages.success(request, message % {"name": move.person, "community": move.to_community})
    return redirect("portal_pending_moves")

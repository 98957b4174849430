"""Wagtail admin views of the portal: verifying residents."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import BaseListingView

from . import audit
from .access import acts_on, requires
from .boundary import within
from .models import User


def _pending_for(user):
    """Residents waiting for ``user`` to verify them, in their own community."""
    pending = User.objects.filter(verified_at__isnull=True, is_active=True)
    return within(pending, user).select_related("community").order_by("date_joined")


@method_decorator(requires("portal.verify_resident"), name="dispatch")
class PendingResidentsView(BaseListingView):
    """Residents who signed up and wait for community staff to verify them."""

    template_name = "portal/admin/pending_residents.html"
    page_title = gettext_lazy("Verify residents")
    header_icon = "user"
    paginate_by = 50
    index_url_name = "portal_pending_residents"

    def get_base_queryset(self):
        return _pending_for(self.request.user)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        page = response.context_data.get("object_list", [])  # names and phone numbers read
        audit.record(
            request,
            audit.Action.READ_PENDING_RESIDENTS,
            community=None if request.user.is_superuser else request.user.community,
            shown=len(page),
        )
        return response


def _pending(request):
    return _pending_for(request.user)


@require_POST
@acts_on(_pending, "portal.verify_resident", url_kwarg="user_id")
def verify_resident(request, resident):
    resident.verify(by=request.user)
    messages.success(request, _("%(name)s is now a verified resident.") % {"name": resident})
    return redirect("portal_pending_residents")

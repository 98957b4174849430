"""Wagtail admin views of the portal: verifying residents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import BaseListingView

from . import audit
from .models import User


def _pending_for(user):
    pending = User.objects.filter(verified_at__isnull=True, is_active=True).select_related(
        "community"
    )
    if not user.is_superuser:
        pending = pending.filter(community_id=user.community_id)
    return pending.order_by("date_joined")


class PendingResidentsView(BaseListingView):
    """Residents who signed up and wait for community staff to verify them."""

    template_name = "portal/admin/pending_residents.html"
    page_title = gettext_lazy("Verify residents")
    header_icon = "user"
    paginate_by = 50
    index_url_name = "portal_pending_residents"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("portal.verify_resident"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

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


@require_POST
def verify_resident(request, user_id):
    if not request.user.has_perm("portal.verify_resident"):
        raise PermissionDenied
    resident = get_object_or_404(_pending_for(request.user), pk=user_id)
    resident.verify(by=request.user)
    messages.success(request, _("%(name)s is now a verified resident.") % {"name": resident})
    return redirect("portal_pending_residents")

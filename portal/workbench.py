"""The staff workbench (/workbench/): what waits for staff, per community, each with its
count and a link to act. Every app adds its own lines (``workbench`` in its capability);
the portal adds its own (residents to verify, requests to move in, comments to review)."""

from collections import defaultdict

from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import capabilities
from .access import requires
from .boundary import within
from .capabilities import WorkItem
from .discussion.services import moderation_queue
from .models import User
from .moves.models import MoveRequest


def portal_items(user):
    """Residents waiting to be verified and requests to move in (per community), and comments
    waiting for review."""
    items = []
    if user.has_perm("portal.verify_resident"):
        pending = within(User.objects.filter(verified_at__isnull=True, is_active=True), user)
        rows = (
            pending.filter(community__isnull=False)
            .values("community__name")
            .annotate(n=Count("pk"))
            .order_by("community__name")
        )
        url = reverse("portal_pending_residents")
        items += [
            WorkItem(
                _("Residents to verify"), row["n"], url, order=5, community=row["community__name"]
            )
            for row in rows
        ]
    if user.has_perm("portal.decide_move"):
        waiting = MoveRequest.objects.filter(status=MoveRequest.Status.PENDING).within(user)
        rows = (
            waiting.values("to_community__name")
            .annotate(n=Count("pk"))
            .order_by("to_community__name")
        )
        url = reverse("portal_pending_moves")
        items += [
            WorkItem(
                _("Requests to move here"),
                row["n"],
                url,
                order=5,
                community=row["to_community__name"],
            )
            for row in rows
        ]
    if user.has_perm("portal.moderate_comment"):
        community = "" if user.is_superuser else getattr(user.community, "name", "")
        count = moderation_queue(user).count()
        items.append(
            WorkItem(
                _("Comments to review (flagged or hidden)"),
                count,
                reverse("discussion-moderation"),
                order=6,
                community=community,
            )
        )
    return items


def items_by_community(user):
    """``[(community name, [WorkItem, …]), …]``: the user's own community first, then the
    others by name; work that belongs to no community last."""
    items = sorted(
        [*portal_items(user), *capabilities.workbench_items(user)],
        key=lambda item: (item.order, str(item.label)),
    )
    groups = defaultdict(list)
    for item in items:
        groups[item.community].append(item)
    own = getattr(getattr(user, "community", None), "name", None)
    return sorted(groups.items(), key=lambda group: (group[0] != own, group[0] == "", group[0]))


@requires("portal.use_workbench")
def workbench(request):
    groups = items_by_community(request.user)
    waiting = sum(item.count for _name, items in groups for item in items)
    return render(request, "portal/workbench.html", {"groups": groups, "waiting": waiting})

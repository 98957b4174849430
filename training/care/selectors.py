"""Reads: staff to-dos, waiting times, public totals and a person's own data."""

from statistics import median

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.capabilities import WorkItem
from portal.disclosure import small

from .models import Booking, CheckupDay, HelpRequest


def bookings_to_mark(user):
    """Bookings of past check-up days in the staff member's community not yet marked."""
    return Booking.objects.within(user).filter(
        status=Booking.Status.CONFIRMED,
        attended__isnull=True,
        day__date__lte=timezone.localdate(),
        day__cancelled_at__isnull=True,
    )


def requests_waiting(user):
    return HelpRequest.objects.within(user).exclude(status__in=HelpRequest.CLOSED)


def workbench(user):
    if not getattr(user, "is_authenticated", False) or not user.has_perm("care.see_bookings"):
        return []
    items = []
    to_mark = bookings_to_mark(user).count()
    if to_mark:
        items.append(
            WorkItem(_("Check-up bookings to mark"), to_mark, reverse("care:staff_days"), 60)
        )
    waiting = requests_waiting(user).count()
    if waiting:
        items.append(
            WorkItem(_("Requests for help waiting"), waiting, reverse("care:staff_help"), 61)
        )
    return items


def days_waiting(help_request, now=None):
    now = now or timezone.now()
    return (now - help_request.received_at).days


def waiting_times(requests, now=None):
    """Per status, how many requests and the median days they have waited in it (open ones:
    until now; for each step taken: until the next step)."""
    now = now or timezone.now()
    by_status = {status: [] for status in HelpRequest.Status.values}
    for help_request in requests.prefetch_related("steps"):
        steps = list(help_request.steps.all())
        for step, following in zip(steps, [*steps[1:], None], strict=True):
            if following is None and step.status in HelpRequest.CLOSED:
                continue
            end = following.at if following is not None else now
            by_status[step.status].append((end - step.at).total_seconds() / 86400)
    return [
        {
            "status": HelpRequest.Status(status).label,
            "count": len(days),
            "median_days": round(median(days), 1) if days else None,
        }
        for status, days in by_status.items()
        if status not in HelpRequest.CLOSED
    ]


def public_totals():
    """Booked places per check-up day, counts only, groups under five hidden."""
    days = (
        CheckupDay.objects.filter(cancelled_at__isnull=True)
        .select_related("community")
        .annotate(
            booked=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED)),
            came=Count("bookings", filter=Q(bookings__attended=True)),
        )
        .order_by("-date")[:40]
    )
    return [(day, small(day.booked), small(day.came)) for day in days]

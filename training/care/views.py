"""Check-up days and requests for help: HTTP in and out.

Each view loads what it acts on through the community boundary and asks its permission
(``portal.access``); writes go through ``services.py``. Booking and asking for help need
the person's separate consent (``portal.privacy``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import acts_on, lookup, requires
from portal.disclosure import SMALLEST
from portal.privacy.decorators import sensitive_consent_required
from portal.uploads import file_response

from . import selectors, services
from .forms import (
    AttendanceForm,
    BookForm,
    DayForm,
    DocumentForm,
    HelpRequestForm,
    NoticeForm,
    StaffHelpRequestForm,
    StatusForm,
)
from .models import Booking, CheckupDay, HelpRequest


def _days(request):
    return CheckupDay.objects.within(request.user)


def _own_bookings(request):
    if not request.user.is_authenticated:
        return Booking.objects.none()
    return Booking.objects.filter(user=request.user)


def _community_bookings(request):
    return Booking.objects.within(request.user).select_related("day", "user")


def _visible_requests(request):
    user = request.user
    if not user.is_authenticated:
        return HelpRequest.objects.none()
    mine = HelpRequest.objects.filter(Q(person=user) | Q(assigned_to=user))
    return (mine | HelpRequest.objects.within(user)).distinct()


def _refused(request, obj):
    messages.error(request, _("This check-up day can no longer be booked."))
    return redirect("care:checkups")


# Check-up days -------------------------------------------------------------------------------


@login_required
def checkups(request):
    """The coming check-up days of the person's community and their own bookings."""
    today = timezone.localdate()
    days = _days(request).filter(cancelled_at__isnull=True, date__gt=today)
    mine = {
        booking.day_id: booking
        for booking in Booking.objects.filter(user=request.user).exclude(
            status=Booking.Status.CANCELLED
        )
    }
    past = (
        Booking.objects.filter(user=request.user, day__date__lte=today)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("day")
    )
    context = {
        "days": [(day, mine.get(day.pk)) for day in days],
        "past": past,
        "Status": Booking.Status,
    }
    return render(request, "care/checkups.html", context)


@acts_on(_days, "care.book_checkupday", url_kwarg="day_id", refused=_refused)
@sensitive_consent_required(services.CHECKUP)
def book(request, day):
    form = BookForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.book(
                day, request.user, remind_by_sms=form.cleaned_data["remind_by_sms"]
            )
        except services.Refused as refusal:
            messages.error(request, str(refusal))
            return redirect("care:checkups")
        if booking.status == Booking.Status.CONFIRMED:
            messages.success(request, _("Your place is booked. We will remind you the day before."))
        else:
            messages.warning(
                request,
                _(
                    "All places for this day are taken: you are on the waiting list. "
                    "We will tell you if a place opens."
                ),
            )
        return redirect("care:checkups")
    return render(request, "care/book.html", {"day": day, "form": form})


@require_POST
@acts_on(_own_bookings, "care.cancel_booking", url_kwarg="booking_id", hide=True)
def cancel(request, booking):
    if services.cancel_booking(booking):
        messages.success(request, _("Your booking is cancelled. You can book again."))
    return redirect("care:checkups")


def totals(request):
    """Public: how many places were booked and used, per day; groups under five hidden."""
    return render(
        request,
        "care/totals.html",
        {"rows": selectors.public_totals(), "smallest_group": SMALLEST},
    )


@requires("care.schedule_checkupday")
def staff_days(request):
    form = DayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.schedule_day(request.user, **form.cleaned_data)
        messages.success(request, _("The check-up day is scheduled."))
        return redirect("care:staff_days")
    days = _days(request).annotate(
        booked=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED)),
        waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING)),
        to_mark=Count(
            "bookings",
            filter=Q(bookings__status=Booking.Status.CONFIRMED, bookings__attended__isnull=True),
        ),
    )
    return render(request, "care/staff_days.html", {"days": days, "form": form})


@acts_on(_days, "care.see_bookings", url_kwarg="day_id", hide=True)
def staff_day(request, day):
    bookings = list(day.bookings.exclude(status=Booking.Status.CANCELLED).select_related("user"))
    services.record_bookings_read(request, day, len(bookings))
    today = timezone.localdate()
    context = {
        "day": day,
        "bookings": [
            (booking, NoticeForm(initial={"sent_on": today}, auto_id=f"id_{booking.pk}_%s"))
            for booking in bookings
        ],
        "Status": Booking.Status,
    }
    return render(request, "care/staff_day.html", context)


@require_POST
@acts_on(_community_bookings, "care.mark_booking", url_kwarg="booking_id", hide=True)
def mark(request, booking):
    form = AttendanceForm(request.POST)
    if form.is_valid() and booking.status == Booking.Status.CONFIRMED:
        services.mark_attendance(request.user, booking, form.cleaned_data["attended"])
        messages.success(request, _("Attendance recorded."))
    else:
        messages.error(request, _("Choose whether the person came."))
    return redirect("care:staff_day", booking.day_id)


@require_POST
@acts_on(_community_bookings, "care.mark_booking", url_kwarg="booking_id", hide=True)
def notice(request, booking):
    form = NoticeForm(request.POST)
    if form.is_valid() and booking.attended:
        services.record_notice_sent(
            request.user, booking, form.cleaned_data["sent_on"], form.cleaned_data["sent_by"]
        )
        messages.success(request, _("Recorded that the result notice was sent."))
    elif not booking.attended:
        messages.error(request, _("Mark the person as having come first."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("care:staff_day", booking.day_id)


# Help for families in difficulty ------------------------------------------------------------


@sensitive_consent_required(services.FAMILY_HELP)
@requires("care.ask_for_help")
def help_index(request):
    form = HelpRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.cleaned_data["document"]
        help_request = services.ask_for_help(
            request.user,
            form.cleaned_data["kind"],
            form.cleaned_data["description"],
            [document] if document else [],
        )
        messages.success(request, _("Your request was received. We will tell you at each step."))
        return redirect(help_request.get_absolute_url())
    requests = HelpRequest.objects.filter(person=request.user).order_by("-received_at")
    return render(request, "care/help_index.html", {"form": form, "requests": requests})


@acts_on(_visible_requests, None, url_kwarg="request_id", hide=True)
def help_request(request, help_request):
    staff_view = help_request.person_id != request.user.pk
    if staff_view:
        services.record_view(request, help_request)
    context = {
        "help_request": help_request,
        "steps": help_request.steps.select_related("by"),
        "documents": help_request.documents.all(),
        "staff_view": staff_view,
        "status_form": StatusForm(),
        "document_form": DocumentForm(),
        "days_waiting": selectors.days_waiting(help_request),
    }
    return render(request, "care/help_request.html", context)


@require_POST
@acts_on(_visible_requests, "care.add_document", url_kwarg="request_id", hide=True)
def help_document_upload(request, help_request):
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.add_document(request.user, help_request, form.cleaned_data["document"])
        messages.success(request, _("The document was added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(help_request.get_absolute_url())


@acts_on(_visible_requests, None, url_kwarg="request_id", hide=True)
def help_document(request, help_request, document_id):
    document = lookup(help_request.documents.all(), pk=document_id)
    if help_request.person_id != request.user.pk:
        services.record_view(request, help_request)
    return file_response(document.file, filename=document.name, content_type=document.content_type)


@require_POST
@acts_on(_visible_requests, "care.handle_helprequest", url_kwarg="request_id", hide=True)
def help_status(request, help_request):
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect(help_request.get_absolute_url())
    try:
        services.set_status(
            request.user, help_request, form.cleaned_data["status"], form.cleaned_data["note"]
        )
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The status is changed and the person was told."))
    return redirect(help_request.get_absolute_url())


@requires("care.see_help_requests")
def staff_help(request):
    requests = HelpRequest.objects.within(request.user).select_related("assigned_to")
    open_requests = list(requests.exclude(status__in=HelpRequest.CLOSED))
    now = timezone.now()
    services.record_list_read(request, len(open_requests))
    context = {
        "rows": [(r, selectors.days_waiting(r, now)) for r in open_requests],
        "waiting_times": selectors.waiting_times(requests, now),
    }
    return render(request, "care/staff_help.html", context)


@requires("care.file_for_resident")
def staff_file(request):
    form = StaffHelpRequestForm(request.POST or None, request.FILES or None, staff=request.user)
    if request.method == "POST" and form.is_valid():
        person = form.person
        services.give_consent_for(request.user, person, services.FAMILY_HELP)
        document = form.cleaned_data["document"]
        help_request = services.ask_for_help(
            person,
            form.cleaned_data["kind"],
            form.cleaned_data["description"],
            [document] if document else [],
            filed_by=request.user,
        )
        messages.success(request, _("The request is filed for the resident, who was told."))
        return redirect(help_request.get_absolute_url())
    return render(request, "care/staff_file.html", {"form": form})

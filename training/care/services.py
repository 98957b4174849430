"""Every write of the community services, with its notifications and audit entries."""

from datetime import timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from portal import audit
from portal.notifications import notify
from portal.privacy import services as privacy

from .models import Booking, CheckupDay, HelpDocument, HelpRequest, HelpStep

CHECKUP = "health_checkup"
FAMILY_HELP = "family_help"


class Refused(Exception):
    """An action that cannot be done now; its message is shown to the person."""


# Check-up days ------------------------------------------------------------------------------


@transaction.atomic
def schedule_day(staff, **fields):
    """Staff schedule a check-up day in their own community."""
    day = CheckupDay(created_by=staff, **fields)
    day.community = staff.community
    day.full_clean()
    day.save()
    return day


@transaction.atomic
def book(day, user, *, remind_by_sms=False):
    """Give ``user`` a place on ``day``, or a place on the waiting list when it is full.

    The day's row is locked, so that two people booking the last place at the same moment
    never both get it. Booking again after cancelling goes to the end of the queue."""
    if not privacy.has_sensitive_consent(user, CHECKUP):
        raise Refused(_("Give your consent for health check-ups first."))
    locked = CheckupDay.objects.select_for_update().get(pk=day.pk)
    if not locked.is_upcoming:
        raise Refused(_("This check-up day can no longer be booked."))
    booking = locked.bookings.filter(user=user).first()
    if booking is not None and booking.status != Booking.Status.CANCELLED:
        return booking
    status = Booking.Status.CONFIRMED if locked.places_left() else Booking.Status.WAITING
    if booking is None:
        booking = Booking(day=locked, user=user)
    booking.status = status
    booking.remind_by_sms = remind_by_sms
    booking.created_at = timezone.now()
    booking.reminded_at = None
    booking.save()
    return booking


@transaction.atomic
def cancel_booking(booking):
    """Give up a place; the first person waiting gets it and is told (by SMS too if they
    asked for it)."""
    locked = CheckupDay.objects.select_for_update().get(pk=booking.day_id)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == Booking.Status.CANCELLED:
        return None
    was_confirmed = booking.status == Booking.Status.CONFIRMED
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status"])
    if was_confirmed and locked.is_upcoming:
        _promote(locked)
    return booking


def _promote(day):
    waiting = day.bookings.filter(status=Booking.Status.WAITING).order_by("created_at", "pk")
    for promoted in waiting[: day.places_left()]:
        promoted.status = Booking.Status.CONFIRMED
        promoted.save(update_fields=["status"])
        notify(
            [promoted.user],
            _("A place opened up: you are now booked for the health check-up on %(date)s.")
            % {"date": formats.date_format(day.date)},
            day.get_absolute_url(),
            by_sms=promoted.remind_by_sms,
        )


def send_reminders(today=None):
    """Remind everyone with a place on a check-up day tomorrow, each booking once: on the
    site always, and by SMS only when they asked for it. Returns how many were sent."""
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminded_at__isnull=True,
        day__date=tomorrow,
        day__cancelled_at__isnull=True,
    ).select_related("day", "user")
    sent = 0
    for booking in due:
        with transaction.atomic():
            claimed = Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue
            day = booking.day
            message = _(
                "Reminder: your health check-up is tomorrow, %(start)s–%(end)s at %(place)s. "
                "Bring: %(bring)s"
            ) % {
                "start": formats.time_format(day.starts_at),
                "end": formats.time_format(day.ends_at),
                "place": day.place,
                "bring": day.what_to_bring or "—",
            }
            notify([booking.user], message, day.get_absolute_url(), by_sms=booking.remind_by_sms)
        sent += 1
    return sent


@transaction.atomic
def mark_attendance(staff, booking, attended):
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    booking.attended = attended
    booking.save(update_fields=["attended"])
    audit.record(
        staff, audit.Action.MARK_CHECKUP_ATTENDANCE, booking, person=booking.user, attended=attended
    )
    return booking


@transaction.atomic
def record_notice_sent(staff, booking, sent_on, sent_by):
    """Record that the notice of the result went to the person's home registration place:
    the date and how, never the result."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    booking.notice_sent_on = sent_on
    booking.notice_sent_by = sent_by
    booking.save(update_fields=["notice_sent_on", "notice_sent_by"])
    audit.record(staff, audit.Action.RECORD_CHECKUP_NOTICE, booking, person=booking.user)
    notify(
        [booking.user],
        _(
            "The notice of your health check-up result was sent to your home registration "
            "place on %(date)s."
        )
        % {"date": formats.date_format(sent_on)},
        booking.day.get_absolute_url(),
    )
    return booking


# Help for families in difficulty ------------------------------------------------------------


@transaction.atomic
def ask_for_help(person, kind, description, documents=(), *, filed_by=None):
    """File a request for ``person`` (by themselves, or by staff at a service point, who
    are then recorded as having filed it)."""
    now = timezone.now()
    help_request = HelpRequest.objects.create(
        community=person.community,
        person=person,
        kind=kind,
        description=description,
        filed_by=filed_by,
        received_at=now,
        status_since=now,
    )
    HelpStep.objects.create(
        request=help_request, status=HelpRequest.Status.RECEIVED, by=filed_by, at=now
    )
    for clean in documents:
        add_document(filed_by or person, help_request, clean)
    if filed_by is not None:
        audit.record(filed_by, audit.Action.FILE_HELP_REQUEST, help_request, person=person)
    notify(
        [person],
        _("Your request for help (%(kind)s) was received. We will tell you at each step.")
        % {"kind": help_request.get_kind_display()},
        help_request.get_absolute_url(),
    )
    return help_request


def give_consent_for(staff, person, purpose_key):
    """At a service point, the person agreed in front of ``staff``: their consent is recorded
    (they may withdraw it as any other), and the audit log names the staff member."""
    consent = privacy.give_sensitive_consent(person, purpose_key)
    audit.record(staff, audit.Action.RECORD_SENSITIVE_CONSENT, person, purpose=purpose_key)
    return consent


def add_document(user, help_request, clean):
    """Keep one cleaned upload (``portal.uploads.clean_*``) with the request, privately."""
    return HelpDocument.objects.create(
        request=help_request,
        file=clean.content,
        name=clean.name,
        content_type=clean.content_type,
        uploaded_by=user,
    )


STATUS_MESSAGES = {
    HelpRequest.Status.NEEDS_INFO: _("Your request for help needs more information: %(note)s"),
    HelpRequest.Status.REFERRED: _("Your request for help was referred: %(note)s"),
    HelpRequest.Status.GRANTED: _("Your request for help was granted. %(note)s"),
    HelpRequest.Status.DECLINED: _("Your request for help was declined. Reason: %(note)s"),
    HelpRequest.Status.RECEIVED: _("Your request for help is being handled again. %(note)s"),
}


@transaction.atomic
def set_status(staff, help_request, status, note=""):
    """Move a request to ``status`` (a decline needs a reason), tell the person and record
    the step. A granted or declined request is closed."""
    help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    note = note.strip()
    if status not in HelpRequest.Status.values:
        raise Refused(_("Choose a status."))
    if status == HelpRequest.Status.DECLINED and not note:
        raise Refused(_("Say why the request is declined."))
    if not help_request.is_open:
        raise Refused(_("This request is closed."))
    if status == help_request.status:
        raise Refused(_("The request already has this status."))
    now = timezone.now()
    help_request.status = status
    help_request.status_since = now
    help_request.reason = note
    if help_request.assigned_to_id is None:
        help_request.assigned_to = staff
    help_request.save(update_fields=["status", "status_since", "reason", "assigned_to"])
    HelpStep.objects.create(request=help_request, status=status, note=note, by=staff, at=now)
    audit.record(
        staff, audit.Action.SET_HELP_STATUS, help_request, person=help_request.person, status=status
    )
    message = STATUS_MESSAGES[status] % {"note": note}
    notify([help_request.person], message, help_request.get_absolute_url())
    return help_request


@transaction.atomic
def assign(staff, help_request, assignee):
    help_request.assigned_to = assignee
    help_request.save(update_fields=["assigned_to"])
    audit.record(staff, audit.Action.ASSIGN_HELP_REQUEST, help_request, person=help_request.person)
    return help_request


def record_view(request, help_request):
    """Staff opened a request: the audit log says who, when and from where."""
    audit.record(request, audit.Action.READ_HELP_REQUEST, help_request, person=help_request.person)


def record_list_read(request, count):
    """Staff opened the list of open requests (which names no one, but says who waits)."""
    staff = request.user
    audit.record(
        request,
        audit.Action.READ_HELP_REQUEST,
        community=staff.community,
        label=gettext("List of open requests for help"),
        count=count,
    )


def record_bookings_read(request, day, count):
    audit.record(request, audit.Action.READ_CHECKUP_BOOKINGS, day, count=count)


# Consent withdrawn, daily work --------------------------------------------------------------


def _consent_withdrawn(sender, user, purpose, **kwargs):
    """Withdrawing the check-up consent cancels the person's upcoming bookings (the places
    go to the people waiting); past bookings stay, as the record of what was done."""
    if purpose != CHECKUP:
        return
    upcoming = Booking.objects.filter(user=user, day__date__gt=timezone.localdate()).exclude(
        status=Booking.Status.CANCELLED
    )
    for booking in upcoming:
        cancel_booking(booking)


def _delete_file(sender, instance, **kwargs):
    """A document's file goes with its row (an erased account, a deleted request): private
    files must not outlive what they belong to."""
    if instance.file:
        transaction.on_commit(lambda: instance.file.storage.delete(instance.file.name))


def connect():
    from django.db.models.signals import post_delete

    privacy.consent_withdrawn.connect(_consent_withdrawn, dispatch_uid="care-consent-withdrawn")
    post_delete.connect(_delete_file, sender=HelpDocument, dispatch_uid="care-document-file")


def daily(now):
    """The daily job: tomorrow's check-up reminders."""
    sent = send_reminders(timezone.localdate(now))
    return [f"care: sent {sent} check-up reminder(s)"]

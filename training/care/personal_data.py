"""What the community services hold about a person (for "my data") and how it is erased.

A person's check-up bookings and requests for help are theirs alone: they go with the
account (a place they held on an upcoming day goes to the first person waiting), and a
request takes its steps and documents with it, the private files too
(``services._delete_file``). What a staff member did stays with the community, without
the link to them: the check-up days they scheduled, the requests they handled or filed
for someone, the steps they took, the documents they uploaded. Their own export says
when they did it, never whose request it was or what it held."""

from django.db.models import Q
from django.utils.translation import gettext as _

from portal.personal_data.services import Section, rows

from . import services
from .models import Booking, CheckupDay, HelpDocument, HelpRequest, HelpStep


def _own_request(help_request):
    return {
        "kind": help_request.get_kind_display(),
        "description": help_request.description,
        "status": help_request.get_status_display(),
        "reason": help_request.reason,
        "received_at": help_request.received_at,
        "status_since": help_request.status_since,
        "steps": [
            {"status": step.get_status_display(), "note": step.note, "at": step.at}
            for step in help_request.steps.all()
        ],
        "documents": [document.name for document in help_request.documents.all()],
    }


def export(user):
    own_requests = (
        HelpRequest.objects.filter(person=user)
        .prefetch_related("steps", "documents")
        .order_by("received_at", "pk")
    )
    handled = (
        HelpRequest.objects.filter(Q(assigned_to=user) | Q(filed_by=user))
        .exclude(person=user)
        .order_by("received_at", "pk")
    )
    return {
        Booking._meta.label: Section(
            _("Your health check-up bookings"),
            rows(
                Booking.objects.filter(user=user).select_related("day").order_by("day__date"),
                "day__date",
                "day__place",
                "created_at",
                "remind_by_sms",
                "attended",
                "notice_sent_on",
                status=lambda booking: booking.get_status_display(),
                notice_sent_by=lambda booking: booking.get_notice_sent_by_display(),
            ),
            {
                "day__date": _("check-up day"),
                "day__place": _("place"),
                "created_at": _("booked at"),
                "status": _("status"),
                "attended": _("came"),
                "notice_sent_on": _("result notice sent on"),
                "notice_sent_by": _("result notice sent"),
            },
        ),
        HelpRequest._meta.label: Section(
            _("Your requests for help, and those you handled"),
            [
                *(_own_request(help_request) for help_request in own_requests),
                # Handled or filed by them as staff: when, not whose request or what it held.
                *(
                    {
                        "received_at": help_request.received_at,
                        "handled_by_you": help_request.assigned_to_id == user.pk,
                        "filed_by_you": help_request.filed_by_id == user.pk,
                    }
                    for help_request in handled
                ),
            ],
            {
                "kind": _("what help"),
                "status": _("status"),
                "status_since": _("status since"),
                "steps": _("steps"),
                "documents": _("documents (file names)"),
                "handled_by_you": _("handled by you for someone"),
                "filed_by_you": _("filed by you for someone"),
            },
        ),
        HelpStep._meta.label: Section(
            _("Steps you took on other people's requests for help"),
            rows(
                HelpStep.objects.filter(by=user).exclude(request__person=user).order_by("at"),
                "at",
                status=lambda step: step.get_status_display(),
            ),
            {"at": _("when"), "status": _("status")},
        ),
        HelpDocument._meta.label: Section(
            _("Documents you sent with requests for help"),
            [
                *rows(
                    HelpDocument.objects.filter(request__person=user).order_by("uploaded_at"),
                    "name",
                    "content_type",
                    "uploaded_at",
                ),
                # Uploaded by them as staff for someone else: when, not the file's name.
                *rows(
                    HelpDocument.objects.filter(uploaded_by=user)
                    .exclude(request__person=user)
                    .order_by("uploaded_at"),
                    "uploaded_at",
                    for_someone_else=lambda document: True,
                ),
            ],
            {
                "name": _("file name"),
                "content_type": _("file type"),
                "uploaded_at": _("sent at"),
                "for_someone_else": _("uploaded by you for someone"),
            },
        ),
        CheckupDay._meta.label: Section(
            _("Health check-up days you scheduled"),
            rows(
                CheckupDay.objects.filter(created_by=user).order_by("date"),
                "date",
                "place",
                "capacity",
            ),
        ),
    }


def erase(user):
    """Their bookings go (a place held on an upcoming day first goes to the first person
    waiting, through ``services.cancel_booking``); their requests go with their steps and
    documents, files included; what they did as staff stays, unlinked."""
    held = Booking.objects.filter(user=user, status=Booking.Status.CONFIRMED).select_related("day")
    for booking in held:
        if booking.day.is_upcoming:
            services.cancel_booking(booking)
    Booking.objects.filter(user=user).delete()
    # Cascades to steps and documents; each document's file is deleted once this commits.
    HelpRequest.objects.filter(person=user).delete()
    HelpRequest.objects.filter(assigned_to=user).update(assigned_to=None)
    HelpRequest.objects.filter(filed_by=user).update(filed_by=None)
    HelpStep.objects.filter(by=user).update(by=None)
    HelpDocument.objects.filter(uploaded_by=user).update(uploaded_by=None)
    CheckupDay.objects.filter(created_by=user).update(created_by=None)

"""What the units app holds about a person (for "my data") and how it is erased.

A unit stays with the community when its lead's account goes: without the link, and
without the lead's name and phone (staff name a new lead). A coordinator entry is the
person's own name and phone: it goes. A worker's signature of their unit's agreement is
their own acknowledgement of its duties: it goes too, and the agreement's count of
signatures drops by one (a signature nobody stands behind proves nothing; the paper
agreement, ``SignedRecord``, is the unit's). Records staff kept (signed agreements,
meetings, notices) stay, without who kept them."""

from django.utils.translation import gettext as _

from portal.personal_data.services import Section, rows

from .models import Coordinator, JointMeeting, SignedRecord, Unit, UnitNotice, WorkerSignature


def export(user):
    return {
        Unit._meta.label: Section(
            _("Units you lead"),
            rows(
                Unit.objects.filter(lead=user).order_by("name"),
                "name",
                "address",
                "lead_name",
                "lead_phone",
                "created_at",
                kind=lambda unit: unit.get_kind_display(),
            ),
            {"kind": _("kind")},
        ),
        Coordinator._meta.label: Section(
            _("Units you are a contact of"),
            rows(
                Coordinator.objects.filter(user=user).order_by("unit__name"),
                "unit__name",
                "name",
                "phone",
            ),
            {"unit__name": _("unit")},
        ),
        WorkerSignature._meta.label: Section(
            _("Agreements you signed"),
            rows(
                WorkerSignature.objects.filter(user=user).order_by("signed_at"),
                "agreement__title",
                "signed_at",
            ),
            {"agreement__title": _("agreement")},
        ),
        SignedRecord._meta.label: Section(
            _("Signed agreements you recorded"),
            rows(
                SignedRecord.objects.filter(recorded_by=user).order_by("recorded_at"),
                "agreement__title",
                "signed_on",
                "recorded_at",
            ),
            {"agreement__title": _("agreement"), "recorded_at": _("recorded at")},
        ),
        JointMeeting._meta.label: Section(
            _("Joint governance meetings you recorded"),
            rows(
                JointMeeting.objects.filter(recorded_by=user).order_by("held_on"),
                "title",
                "held_on",
                "place",
            ),
        ),
        UnitNotice._meta.label: Section(
            _("Notices to units you sent"),
            rows(UnitNotice.objects.filter(sent_by=user).order_by("sent_at"), "title", "sent_at"),
        ),
    }


def erase(user):
    Unit.objects.filter(lead=user).update(lead=None, lead_name="", lead_phone="")
    Coordinator.objects.filter(user=user).delete()
    WorkerSignature.objects.filter(user=user).delete()
    SignedRecord.objects.filter(recorded_by=user).update(recorded_by=None)
    JointMeeting.objects.filter(recorded_by=user).update(recorded_by=None)
    UnitNotice.objects.filter(sent_by=user).update(sent_by=None)

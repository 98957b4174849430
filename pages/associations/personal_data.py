"""What the associations hold about a person, and how it is erased."""

from django.utils.translation import gettext as _

from portal.personal_data.services import Section, rows

from .models import Attachment, Membership, Minutes, MinutesRevision
from .services import leave


def export(user):
    attended = Minutes.attendees.through.objects.filter(user=user).values("minutes")
    return {
        Membership._meta.label: Section(
            _("Your association memberships"),
            rows(
                Membership.objects.filter(user=user).order_by("created_at"),
                "association__title",
                "role",
                "status",
                "title",
                "created_at",
                "decided_at",
            ),
        ),
        Minutes._meta.label: Section(
            _("Minutes you wrote or attended"),
            [
                *rows(
                    Minutes.objects.filter(created_by=user).order_by("held_on"),
                    "association__title",
                    "title",
                    "held_on",
                    "place",
                    "agenda",
                    "discussion",
                    "status",
                    written=lambda m: True,
                ),
                *rows(
                    Minutes.objects.filter(pk__in=attended).order_by("held_on"),
                    "association__title",
                    "title",
                    "held_on",
                    attended=lambda m: True,
                ),
            ],
            {"written": _("written by you"), "attended": _("you attended")},
        ),
        Attachment._meta.label: Section(
            _("Files you attached to minutes"),
            rows(
                Attachment.objects.filter(uploaded_by=user), "minutes__title", "name", "uploaded_at"
            ),
            {"uploaded_at": _("uploaded at")},
        ),
        MinutesRevision._meta.label: Section(
            _("Minutes you edited"),
            rows(MinutesRevision.objects.filter(edited_by=user), "minutes__title", "edited_at"),
            {"edited_at": _("edited at")},
        ),
    }


def erase(user):
    """Memberships end (a leader's role with them); minutes, attachments and revisions they
    wrote stay with the association, without their author; their attendance goes."""
    for membership in Membership.objects.filter(user=user).select_related("association"):
        leave(membership.association, user)
    Membership.objects.filter(decided_by=user).update(decided_by=None)
    Minutes.objects.filter(created_by=user).update(created_by=None)
    Minutes.attendees.through.objects.filter(user=user).delete()
    Attachment.objects.filter(uploaded_by=user).update(uploaded_by=None)
    MinutesRevision.objects.filter(edited_by=user).update(edited_by=None)

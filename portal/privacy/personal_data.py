"""What the privacy app holds about a person (for "my data") and how it is erased.

The consents are the operator's proof that the person agreed (PIPL art. 13–14). That proof
is needed only while the operator handles the person's information: once the account is
deleted nothing is handled any more, so the consents go with it
(``docs/privacy-threat-model.md``, "Deleting an account")."""

from django.utils.translation import gettext as _

from portal.personal_data.services import Section, rows

from .models import ConsentRecord, GuardianConsent, SensitiveConsent


def export(user):
    return {
        ConsentRecord._meta.label: Section(
            _("Versions of the privacy notice you agreed to"),
            rows(
                ConsentRecord.objects.filter(user=user).order_by("given_at"),
                "notice__version",
                "given_at",
            ),
            {"notice__version": _("version")},
        ),
        SensitiveConsent._meta.label: Section(
            _("Your consents to use sensitive information"),
            rows(
                SensitiveConsent.objects.filter(user=user).order_by("given_at"),
                "purpose",
                "notice__version",
                "given_at",
                "withdrawn_at",
            ),
            {"notice__version": _("privacy notice in force")},
        ),
        GuardianConsent._meta.label: Section(
            _("Your parent's or guardian's consent"),
            [
                *rows(
                    GuardianConsent.objects.filter(user=user),
                    "guardian_name",
                    "relationship",
                    "guardian_phone",
                    "notice__version",
                    "recorded_at",
                ),
                # Recorded by them as staff: when, not the child's or guardian's details.
                *rows(
                    GuardianConsent.objects.filter(recorded_by=user).order_by("recorded_at"),
                    "recorded_at",
                    recorded_by_you=lambda consent: True,
                ),
            ],
            {
                "notice__version": _("privacy notice agreed to"),
                "recorded_by_you": _("recorded by you for a child"),
            },
        ),
    }


def erase(user):
    """The person's consents go with the account (a child's guardian consent too); a
    guardian consent a staff member recorded stays with the child, without the staff link."""
    ConsentRecord.objects.filter(user=user).delete()
    SensitiveConsent.objects.filter(user=user).delete()
    GuardianConsent.objects.filter(user=user).delete()
    GuardianConsent.objects.filter(recorded_by=user).update(recorded_by=None)

"""What the covenant holds about a person: the versions they adopted."""

from django.utils.translation import gettext as _

from portal.personal_data.services import Section, rows

from .models import Adoption


def export(user):
    return {
        Adoption._meta.label: Section(
            _("Covenant versions you adopted"),
            rows(
                Adoption.objects.filter(user=user).order_by("adopted_at"),
                "version__covenant__title",
                "version__number",
                "adopted_at",
            ),
            {"version__covenant__title": _("covenant"), "version__number": _("version number")},
        )
    }


def erase(user):
    """Adoptions are the person's own statement: they go with the account."""
    Adoption.objects.filter(user=user).delete()

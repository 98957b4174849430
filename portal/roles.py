"""Roles are Django groups, created by a data migration; their names are fixed here."""

from django.utils.translation import gettext_lazy as _

RESIDENT = "resident"
VERIFIED_RESIDENT = "verified_resident"
ASSOCIATION_LEADER = "association_leader"
SCHOOL_STAFF = "school_staff"
COMMUNITY_STAFF = "community_staff"

# Group name → human label; the group names are stable identifiers, the labels are shown.
LABELS = {
    RESIDENT: _("Resident"),
    VERIFIED_RESIDENT: _("Verified resident"),
    ASSOCIATION_LEADER: _("Association leader"),
    SCHOOL_STAFF: _("Population school staff"),
    COMMUNITY_STAFF: _("Community staff"),
}

# Roles whose members work in the Wagtail admin (and so must set up TOTP first).
ADMIN_ROLES = (SCHOOL_STAFF, COMMUNITY_STAFF)

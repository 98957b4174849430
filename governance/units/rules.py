"""Who may do what with units, agreements, meetings and notices (django-rules).

The community's staff run everything of their community (``portal.rules``); a unit's lead
(and its coordinators with an account) see their unit, its agreements and notices, and the
lead keeps its contact details up to date. A signed agreement's summary is public (its
printed sheet links to it); a worker of the community signs a workers' agreement in force.
"""

import rules

from portal.rules import (
    is_community_staff,
    is_member_of_community,
    is_object,
    is_signed_in,
    is_staff_of_community,
)


def _unit_of(obj):
    from .models import Agreement, Unit

    if isinstance(obj, Unit):
        return obj
    if isinstance(obj, Agreement):
        return obj.unit
    return getattr(obj, "unit", None)


def _led_unit_ids(user):
    """The ids of the units ``user`` leads, and of those they coordinate, once per request."""
    cache = getattr(user, "_unit_roles", None)
    if cache is None:
        from .models import Coordinator, Unit

        led = set(Unit.objects.filter(lead=user).values_list("pk", flat=True))
        coordinated = set(Coordinator.objects.filter(user=user).values_list("unit_id", flat=True))
        cache = user._unit_roles = (led, coordinated)
    return cache


@rules.predicate
def is_lead_of_unit(user, obj):
    unit = _unit_of(obj)
    return user.is_authenticated and unit is not None and unit.pk in _led_unit_ids(user)[0]


@rules.predicate
def is_contact_of_unit(user, obj):
    """The unit's lead or one of its coordinators (with an account)."""
    unit = _unit_of(obj)
    if not user.is_authenticated or unit is None:
        return False
    led, coordinated = _led_unit_ids(user)
    return unit.pk in led or unit.pk in coordinated


@rules.predicate
def is_contact_of_a_unit_concerned(user, obj):
    """A lead or coordinator of one of the units a meeting or notice concerns."""
    if not user.is_authenticated or obj is None:
        return False
    led, coordinated = _led_unit_ids(user)
    return bool((led | coordinated) & set(obj.units.values_list("pk", flat=True)))


@rules.predicate
def is_signed(user, agreement):
    return agreement is not None and not agreement.is_draft


@rules.predicate
def is_current_workers_agreement(user, agreement):
    return agreement is not None and agreement.is_for_workers and agreement.is_current


@rules.predicate
def has_signed(user, agreement):
    return (
        user.is_authenticated
        and agreement is not None
        and agreement.worker_signatures.filter(user=user).exists()
    )


# Units
rules.add_perm("units.view_unit", is_staff_of_community | is_contact_of_unit)
rules.add_perm("units.add_unit", is_community_staff)
rules.add_perm("units.change_unit", is_staff_of_community)
rules.add_perm("units.edit_contacts_unit", is_staff_of_community | is_lead_of_unit)

# Agreements: a signed one's summary is public; drafts for staff and the unit's contacts.
rules.add_perm(
    "units.view_agreement",
    is_object & (is_signed | is_staff_of_community | is_contact_of_unit),
)
rules.add_perm("units.manage_agreement", is_staff_of_community)
rules.add_perm("units.manage_agreementtemplate", is_staff_of_community)
rules.add_perm("units.view_signed_record", is_staff_of_community | is_contact_of_unit)
rules.add_perm(
    "units.sign_agreement",
    is_signed_in & is_member_of_community & is_current_workers_agreement,
)

# Joint meetings and notices
rules.add_perm("units.view_jointmeeting", is_staff_of_community | is_contact_of_a_unit_concerned)
rules.add_perm("units.add_jointmeeting", is_community_staff)
rules.add_perm("units.view_unitnotice", is_staff_of_community | is_contact_of_a_unit_concerned)
rules.add_perm("units.send_unitnotice", is_community_staff)
# The register of units, agreements and meetings (listings): community staff.
rules.add_perm("units.review_units", is_community_staff)

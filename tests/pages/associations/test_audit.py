"""Association actions in the audit log (portal.audit): reading the member list, deciding
membership requests and appointing leaders each leave one entry."""

import pytest
from django.urls import reverse

from pages.associations.models import Membership
from portal.audit import Action, AuditEntry


def test_reading_the_member_list_is_recorded(client, staff, member, association):
    client.force_login(staff)
    assert (
        member.public_name
        in client.get(reverse("associations:members", args=[association.pk])).text
    )
    entry = AuditEntry.objects.get(action=Action.READ_MEMBERS)
    assert (entry.actor, entry.community, entry.target_label) == (
        staff,
        association.community,
        association.title,
    )


@pytest.mark.parametrize(
    ("decision", "action"),
    [("approve", Action.APPROVE_MEMBER), ("decline", Action.DECLINE_MEMBER)],
)
def test_deciding_a_request_is_recorded(
    client, resident, association, association_leader, decision, action
):
    membership = Membership.objects.create(association=association, user=resident)
    client.force_login(association_leader)
    client.post(reverse("associations:decide", args=[membership.pk]), {"decision": decision})
    client.post(reverse("associations:decide", args=[membership.pk]), {"decision": decision})
    entry = AuditEntry.objects.get(action=action)  # once: deciding again changes nothing
    assert (entry.actor, entry.person, entry.community) == (
        association_leader,
        resident,
        association.community,
    )


def test_appointing_a_leader_is_recorded_with_the_role(client, staff, member, association):
    membership = Membership.objects.get(association=association, user=member)
    client.force_login(staff)
    client.post(
        reverse("associations:set_role", args=[membership.pk]),
        {f"m{membership.pk}-role": "leader", f"m{membership.pk}-title": "副会长"},
    )
    entry = AuditEntry.objects.get(action=Action.SET_MEMBER_ROLE)
    assert (entry.actor, entry.person, entry.extra) == (
        staff,
        member,
        {"role": "leader", "title": "副会长"},
    )
    assert member.public_name not in entry.target_label

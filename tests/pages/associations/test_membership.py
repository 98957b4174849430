"""Residents ask to join; a leader approves or declines; members leave; staff appoint leaders."""

import pytest
from django.urls import reverse

from pages.associations.models import Membership
from portal import roles


def test_resident_asks_to_join_and_leader_is_told(
    client, resident, association, association_leader
):
    client.force_login(resident)
    response = client.post(reverse("associations:join", args=[association.pk]))
    assert response.status_code == 302
    membership = Membership.objects.get(association=association, user=resident)
    assert membership.status == Membership.Status.PENDING
    assert association_leader.notifications.filter(url__contains="/members/").exists()
    # Asking twice is refused, and still one row (unique per user and association).
    assert client.post(reverse("associations:join", args=[association.pk])).status_code == 403
    assert Membership.objects.filter(association=association, user=resident).count() == 1


@pytest.mark.parametrize(("decision", "status"), [("approve", "active"), ("decline", "declined")])
def test_leader_decides_and_applicant_is_told(
    client, resident, association, association_leader, decision, status
):
    membership = Membership.objects.create(association=association, user=resident)
    client.force_login(association_leader)
    client.post(reverse("associations:decide", args=[membership.pk]), {"decision": decision})
    membership.refresh_from_db()
    assert membership.status == status
    assert membership.decided_by == association_leader
    assert resident.notifications.count() == 1
    # Deciding again changes nothing.
    other = "decline" if decision == "approve" else "approve"
    client.post(reverse("associations:decide", args=[membership.pk]), {"decision": other})
    membership.refresh_from_db()
    assert membership.status == status


def test_declined_resident_may_ask_again(client, resident, association):
    Membership.objects.create(association=association, user=resident, status="declined")
    client.force_login(resident)
    client.post(reverse("associations:join", args=[association.pk]))
    assert Membership.objects.get(association=association, user=resident).status == "pending"


def test_member_leaves(client, member, association):
    client.force_login(member)
    client.post(reverse("associations:leave", args=[association.pk]))
    assert not Membership.objects.filter(association=association, user=member).exists()


def test_resident_of_another_community_cannot_join(client, other_verified_resident, association):
    client.force_login(other_verified_resident)
    assert client.post(reverse("associations:join", args=[association.pk])).status_code == 403


def test_staff_appoints_and_removes_a_leader(client, staff, member, association):
    membership = Membership.objects.get(association=association, user=member)
    client.force_login(staff)
    url = reverse("associations:set_role", args=[membership.pk])
    client.post(url, {f"m{membership.pk}-role": "leader", f"m{membership.pk}-title": "副会长"})
    membership.refresh_from_db()
    assert (membership.role, membership.title) == ("leader", "副会长")
    assert member.has_role(roles.ASSOCIATION_LEADER)
    client.post(url, {f"m{membership.pk}-role": "member", f"m{membership.pk}-title": ""})
    assert not member.has_role(roles.ASSOCIATION_LEADER)


def test_pending_applicant_cannot_be_made_leader(client, staff, resident, association):
    membership = Membership.objects.create(association=association, user=resident)
    client.force_login(staff)
    client.post(
        reverse("associations:set_role", args=[membership.pk]),
        {f"m{membership.pk}-role": "leader", f"m{membership.pk}-title": ""},
    )
    membership.refresh_from_db()
    assert membership.role == "member"


def test_database_refuses_a_pending_leader(association, resident):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Membership.objects.create(
            association=association, user=resident, role="leader", status="pending"
        )


def test_contact_phone_shown_to_members_only(client, resident, member, association):
    client.force_login(resident)
    assert association.contact_phone not in client.get(association.url).content.decode()
    client.force_login(member)
    assert association.contact_phone in client.get(association.url).content.decode()

"""Who may see and do what: a unit's lead their own unit only, staff their own community
(another community's staff get the same 404 as a missing id), a signed agreement's summary
for everyone, drafts for staff and the unit."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from governance.units.factories import UnitFactory, make_agreement
from portal.factories import UserFactory

ROLES = ["anonymous", "resident", "lead", "other_lead", "staff", "other_staff"]


@pytest.fixture
def actors(community, landlord, site_unit, staff, other_staff, resident):
    return {
        "anonymous": AnonymousUser(),
        "resident": resident,
        "lead": landlord,
        "other_lead": site_unit.lead,  # leads another unit of the same community
        "staff": staff,
        "other_staff": other_staff,
    }


# role → may (view the landlord's unit, edit its contacts, change it, manage its agreement)
EXPECTED = {
    "anonymous": (False, False, False, False),
    "resident": (False, False, False, False),
    "lead": (True, True, False, False),
    "other_lead": (False, False, False, False),
    "staff": (True, True, True, True),
    "other_staff": (False, False, False, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_the_permission_table(role, actors, landlord_unit, agreement):
    user = actors[role]
    found = (
        user.has_perm("units.view_unit", landlord_unit),
        user.has_perm("units.edit_contacts_unit", landlord_unit),
        user.has_perm("units.change_unit", landlord_unit),
        user.has_perm("units.manage_agreement", agreement),
    )
    assert found == EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_a_signed_agreement_is_public_and_a_draft_is_not(
    role, actors, unit_template, landlord_unit, agreement
):
    draft = make_agreement(unit_template, landlord_unit, signed=False)
    user = actors[role]
    assert user.has_perm("units.view_agreement", agreement)
    assert user.has_perm("units.view_agreement", draft) == (role in ("lead", "staff"))


def _get(client, user, url):
    if user.is_authenticated:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("role", "status"),
    [("lead", 200), ("staff", 200), ("other_lead", 404), ("resident", 404), ("other_staff", 404)],
)
def test_the_unit_page_answers_by_role(client, actors, landlord_unit, role, status):
    response = _get(client, actors[role], reverse("units:unit", args=[landlord_unit.pk]))
    assert response.status_code == status


def test_the_unit_page_sends_someone_signed_out_to_log_in_or_404(client, landlord_unit):
    response = client.get(reverse("units:unit", args=[landlord_unit.pk]))
    assert response.status_code == 404


def test_a_lead_edits_their_units_contacts_but_not_another(
    client, landlord, landlord_unit, site_unit
):
    client.force_login(landlord)
    assert client.get(reverse("units:unit_contacts", args=[landlord_unit.pk])).status_code == 200
    assert client.get(reverse("units:unit_contacts", args=[site_unit.pk])).status_code == 404
    assert client.get(reverse("units:unit_edit", args=[landlord_unit.pk])).status_code == 403


@pytest.mark.parametrize(
    "name",
    ["units:unit_edit", "units:unit_contacts", "units:unit"],
)
def test_other_communitys_staff_get_404_for_a_unit(client, other_staff, landlord_unit, name):
    client.force_login(other_staff)
    assert client.get(reverse(name, args=[landlord_unit.pk])).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["units:agreement_signed", "units:signatures", "units:signed_photo"],
)
def test_staff_pages_of_an_agreement_are_404_to_other_communities(
    client, other_staff, agreement, name
):
    client.force_login(other_staff)
    assert client.get(reverse(name, args=[agreement.pk])).status_code == 404


@pytest.mark.parametrize("name", ["units:renew_post", "units:end_post"])
def test_other_communitys_staff_cannot_renew_or_end(client, other_staff, agreement, name):
    url = reverse(
        {"units:renew_post": "units:agreement_renew", "units:end_post": "units:agreement_end"}[
            name
        ],
        args=[agreement.pk],
    )
    client.force_login(other_staff)
    assert client.post(url, {"starts_on": "2030-01-01", "ends_on": "2031-01-01"}).status_code == 404
    assert agreement.renewals.count() == 0
    agreement.refresh_from_db()
    assert agreement.ended_on is None


@pytest.mark.parametrize(
    ("name", "role", "status"),
    [
        ("units:agreements", "staff", 200),
        ("units:agreements", "lead", 403),
        ("units:meetings", "staff", 200),
        ("units:meetings", "resident", 403),
        ("units:meeting_create", "lead", 403),
        ("units:notice_create", "staff", 200),
        ("units:notice_create", "lead", 403),
        ("units:unit_create", "resident", 403),
    ],
)
def test_staff_only_pages(client, actors, name, role, status):
    assert _get(client, actors[role], reverse(name)).status_code == status


def test_staff_only_pages_send_someone_signed_out_to_log_in(client):
    response = client.get(reverse("units:meetings"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_register_lists_the_staff_communitys_units_only(
    client, staff, landlord_unit, other_unit
):
    client.force_login(staff)
    page = client.get(reverse("units:index")).content.decode()
    assert landlord_unit.name in page and other_unit.name not in page


def test_a_lead_of_two_units_sees_both_and_no_other(
    client, community, landlord, landlord_unit, site_unit
):
    second = UnitFactory(community=community, name="马阿姨第二处出租屋", lead=landlord)
    client.force_login(landlord)
    page = client.get(reverse("units:index")).content.decode()
    assert landlord_unit.name in page and second.name in page and site_unit.name not in page


def test_a_notice_is_read_by_its_units_leads_and_staff_only(
    client, community, landlord, landlord_unit, site_unit, staff, other_staff
):
    from governance.units import services

    notice, _ = services.send_notice(
        community, staff, title="消防检查", body="…", units=[landlord_unit]
    )
    url = reverse("units:notice", args=[notice.pk])
    for user, status in (
        (landlord, 200),
        (staff, 200),
        (site_unit.lead, 404),
        (other_staff, 404),
        (UserFactory(community=community), 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user

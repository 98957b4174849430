"""The Wagtail admin keeps the same boundary: a leader who reaches it edits only their own page.

Leaders have no admin access by default; here one is given it (and page permissions over
the whole association index) to show the association page itself still refuses.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission

from pages.associations.models import AssociationPage
from portal.factories import TOTP_TEST_SECRET


@pytest.fixture
def admin_leader(association_leader, association_index):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="too-generous editors")
    for codename in ("change_page", "publish_page", "delete_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=association_index,
            permission=Permission.objects.get(codename=codename),
        )
    association_leader.groups.add(group)
    association_leader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    TOTP.activate(association_leader, TOTP_TEST_SECRET)
    return association_leader


def test_leader_with_admin_access_edits_own_association_only(
    client, admin_leader, association, other_association
):
    client.force_login(admin_leader)
    assert client.get(f"/admin/pages/{association.pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{other_association.pk}/edit/")
    assert response.status_code in (302, 403)
    assert f"/admin/pages/{other_association.pk}/edit/" not in response.get("Location", "")
    assert not other_association.permissions_for_user(admin_leader).can_publish()
    assert not other_association.permissions_for_user(admin_leader).can_delete()


def test_leader_admin_post_to_other_association_changes_nothing(
    client, admin_leader, other_association
):
    client.force_login(admin_leader)
    client.post(
        f"/admin/pages/{other_association.pk}/edit/",
        {"title": "被改了", "slug": other_association.slug, "action-publish": "1"},
    )
    client.post(f"/admin/pages/{other_association.pk}/delete/")
    page = AssociationPage.objects.get(pk=other_association.pk)
    assert page.title == other_association.title
    assert not page.has_unpublished_changes


def test_staff_can_edit_every_association_in_admin(superuser, association, other_association):
    for page in (association, other_association):
        assert page.permissions_for_user(superuser).can_edit()


def test_leaders_have_no_admin_access_by_default(client, association_leader):
    client.force_login(association_leader)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

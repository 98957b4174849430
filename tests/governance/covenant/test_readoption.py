"""When a new version comes into force, those who adopted an earlier one are asked again."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from governance.covenant import services
from governance.covenant.models import Adoption
from portal.models import Notification

from .conftest import next_version
from .test_drafting import admin_form_data

CHANGE = {
    "来社区登记": ("登记与租房", "来社区登记", "新来社区居住的人，在到达后五日内到居委会登记。")
}


@pytest.fixture
def adopters(v1, resident, verified_resident, leader):
    """resident adopted v1; verified_resident adopted nothing; leader will adopt the new one."""
    Adoption.objects.create(version=v1, user=resident)
    Adoption.objects.create(version=v1, user=leader)
    return resident, verified_resident, leader


def test_invitation_goes_once_to_those_who_adopted_an_earlier_version(v1, adopters):
    resident, verified_resident, leader = adopters
    v2 = next_version(v1, CHANGE, effective_date=timezone.localdate())
    Adoption.objects.create(version=v2, user=leader)
    assert services.invite_to_readopt(v2) == 1
    assert services.invite_to_readopt(v2) == 0
    note = Notification.objects.get()
    assert note.recipient == resident
    assert note.url == f"/covenant/compare/{v1.pk}/{v2.pk}/"


def test_version_coming_into_force_later_is_announced_on_the_day(clock, v1, adopters):
    v2 = next_version(v1, CHANGE, effective_date=timezone.localdate() + timedelta(days=2))
    assert services.invite_to_readopt(v2) == 0
    call_command("covenant_invitations", stdout=None)
    assert not Notification.objects.exists()
    clock.now += timedelta(days=3)
    call_command("covenant_invitations")
    call_command("covenant_invitations")
    assert Notification.objects.filter(recipient=adopters[0]).count() == 1


def test_publishing_in_the_admin_invites_and_the_page_asks_again(client, v1, adopters, staff):
    resident = adopters[0]
    v2 = next_version(v1, CHANGE)
    client.force_login(staff)
    data = admin_form_data(
        v2, publish="on", effective_date=timezone.localdate().isoformat(), summary="登记改为五日。"
    )
    assert (
        client.post(f"/admin/snippets/covenant/covenantversion/edit/{v2.pk}/", data).status_code
        == 302
    )
    assert Notification.objects.filter(recipient=resident).exists()

    client.force_login(resident)
    page = client.get(v1.covenant.url).content.decode()
    assert "The covenant has changed since you adopted" in page
    assert f"/covenant/compare/{v1.pk}/{v2.pk}/" in page
    diff = client.get(f"/covenant/compare/{v1.pk}/{v2.pk}/").content.decode()
    assert "<del>七日</del><ins>五日</ins>" in diff
    assert "I have read and adopt the covenant" in diff
    client.post(f"/covenant/versions/{v2.pk}/adopt/")
    assert (
        "The covenant has changed since you adopted"
        not in client.get(v1.covenant.url).content.decode()
    )

"""A new version of the notice asks everyone signed in again, at their next request."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.factories import TEST_PASSWORD, UserFactory
from portal.privacy.models import ConsentRecord

from .conftest import new_version

pytestmark = pytest.mark.django_db


def test_a_new_version_asks_again_at_the_next_request(client, resident, first_notice):
    client.force_login(resident)
    assert client.get("/notifications/").status_code == 200

    second = new_version()

    response = client.get("/notifications/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/privacy/consent/?next=%2Fnotifications%2F%3Fpage%3D2"
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "我们的个人信息保护告知书已更新" in text
    assert "我们新增了康检预约。" in text  # what changed
    assert "第二版正文" in text

    response = client.post("/privacy/consent/", {"agree": "on", "next": "/notifications/?page=2"})
    assert response["Location"] == "/notifications/?page=2"
    assert ConsentRecord.objects.filter(user=resident, notice=second).exists()
    assert ConsentRecord.objects.filter(user=resident, notice=first_notice).exists()
    assert client.get("/notifications/").status_code == 200


def test_not_ticking_the_box_records_nothing(client, resident, first_notice):
    client.force_login(resident)
    second = new_version()

    response = client.post("/privacy/consent/", {"next": "/"})

    assert response.status_code == 200
    assert "勾选" in response.content.decode()
    assert not ConsentRecord.objects.filter(user=resident, notice=second).exists()
    assert client.get("/").status_code == 302


def test_the_notice_logout_and_files_stay_open_while_asked(client, resident, first_notice):
    client.force_login(resident)
    new_version()

    assert client.get("/privacy/").status_code == 200
    assert client.get("/en/privacy/").status_code == 200
    assert client.get("/accounts/profile/").status_code == 302
    assert client.post("/accounts/logout/")["Location"] == "/"
    assert client.get("/").status_code == 200  # signed out: nothing to ask


def test_a_version_not_yet_in_force_asks_nobody_until_its_moment(
    client, resident, first_notice, monkeypatch
):
    client.force_login(resident)
    later = timezone.now() + timedelta(days=7)
    new_version(effective_at=later)

    assert client.get("/notifications/").status_code == 200
    assert "第二版正文" not in client.get("/privacy/").content.decode()

    monkeypatch.setattr(timezone, "now", lambda: later + timedelta(minutes=1))
    assert client.get("/notifications/")["Location"].startswith("/privacy/consent/")


def test_signing_in_after_a_new_version_asks_first(client, first_notice):
    user = UserFactory(phone="+8613900000001")
    new_version()

    response = client.post(
        "/accounts/login/", {"login": "13900000001", "password": TEST_PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0].startswith("/privacy/consent/")
    assert user.privacy_consents.count() == 1


def test_someone_who_never_agreed_is_asked_for_the_first_time(client, first_notice):
    user = UserFactory(agreed=False)
    client.force_login(user)

    page = client.get("/", follow=True)

    assert "在继续之前，请阅读我们如何使用您的个人信息并表示同意。" in page.content.decode()
    client.post("/privacy/consent/", {"agree": "on"})
    assert ConsentRecord.objects.get(user=user).notice == first_notice


@pytest.mark.parametrize("target", ["abc", "9223372036854775807", "profile", "//evil.example/"])
def test_a_next_that_is_not_a_path_on_this_site_goes_home(client, resident, first_notice, target):
    """``next`` is a path: a bare word is not looked up as a URL name (it was a 500)."""
    client.force_login(resident)
    response = client.post("/privacy/consent/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
    new_version()
    response = client.post("/privacy/consent/", {"agree": "on", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"

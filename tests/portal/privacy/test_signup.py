"""Sign-up asks for 14 or older and agreement to the notice, and records the agreement."""

import re

import pytest

from portal import sms
from portal.models import User
from portal.privacy.models import ConsentRecord

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase-42"


def signup(client, prefix="", **fields):
    data = {
        "phone": "13800138000",
        "password1": PASSWORD,
        "display_name": "小王",
        "age_confirmed": "on",
        "privacy_consent": "on",
        **fields,
    }
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(f"{prefix}/accounts/signup/", data)


def verify(client):
    text = sms.read_sms_file("+8613800138000")[-1]["text"]
    code = re.search(r"\b(\d{6})\b", text).group(1)
    return client.post("/accounts/phone/verify/", {"code": code})


def test_sign_up_records_consent_to_the_version_in_force(client, first_notice, community):
    response = signup(client, community=community.pk)
    assert response["Location"] == "/accounts/phone/verify/"
    response = verify(client)
    assert response.status_code == 302

    user = User.objects.get()
    record = ConsentRecord.objects.get(user=user)
    assert record.notice == first_notice
    assert record.given_at >= user.date_joined
    # Agreed: the first page after signing up is not the consent page.
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("", "未满 14 周岁"),
        ("/en", "You must be 14 or older to sign up yourself"),
    ],
)
def test_under_14_is_refused_with_a_way_forward(client, first_notice, prefix, message):
    response = signup(client, prefix=prefix, age_confirmed=None)

    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert ("监护人" if not prefix else "parent or guardian") in text
    assert not User.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert sms.outbox == []


def test_without_agreeing_to_the_notice_nobody_is_signed_up(client, first_notice):
    response = signup(client, privacy_consent=None)

    assert response.status_code == 200
    assert "请阅读个人信息保护告知书并勾选同意" in response.content.decode()
    assert not User.objects.exists()


def test_the_sign_up_page_asks_both_and_links_the_notice(client, first_notice):
    text = client.get("/accounts/signup/").content.decode()
    assert 'name="age_confirmed"' in text and 'name="privacy_consent"' in text
    assert "我已年满 14 周岁" in text
    assert 'href="/privacy/"' in text

"""The SMS gateway failing: a clear message, a way to try again, and no half-made account
(portal.sms.send_code, portal.middleware.SmsFailureMiddleware)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from portal import sms
from portal.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase-42"
NUMBER = "13800138000"
E164 = "+8613800138000"
NOT_SENT = "我们现在无法发送短信"  # "We could not send the text message just now."


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def forward(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def gateway(settings):
    """``gateway.down()`` / ``gateway.up()``: the SMS backend failing, or working."""

    class Gateway:
        def down(self):
            settings.SMS_BACKEND = "portal.sms.FailingBackend"

        def up(self):
            settings.SMS_BACKEND = "portal.sms.MemoryBackend"

    return Gateway()


def signup(client):
    return client.post(
        "/accounts/signup/",
        {
            "phone": NUMBER,
            "password1": PASSWORD,
            "display_name": "小王",
            "age_confirmed": "on",
            "privacy_consent": "on",
        },
    )


def last_code(phone):
    return re.search(r"\b(\d{6})\b", [m for m in sms.outbox if m["to"] == phone][-1]["text"])[1]


def test_sign_up_while_the_gateway_is_down_leaves_no_account_and_can_be_tried_again(
    client, gateway
):
    gateway.down()

    response = signup(client)

    assert response.status_code == 503
    assert NOT_SENT in response.text
    assert 'href="/accounts/signup/"' in response.text  # try again
    assert not User.objects.exists()
    assert "account_login" not in client.session  # no half-made sign-in is waiting

    gateway.up()
    response = signup(client)
    assert response["Location"] == "/accounts/phone/verify/"
    response = client.post("/accounts/phone/verify/", {"code": last_code(E164)})
    assert response.status_code == 302
    user = User.objects.get()
    assert (user.phone, user.phone_verified, user.display_name) == (E164, True, "小王")


def test_sign_up_with_a_known_number_while_down_says_the_same_as_with_a_new_one(
    client, gateway, resident
):
    gateway.down()
    known = client.post(
        "/accounts/signup/",
        {
            "phone": resident.phone[3:],
            "password1": PASSWORD,
            "display_name": "冒名",
            "age_confirmed": "on",
            "privacy_consent": "on",
        },
    )
    assert known.status_code == 503 and NOT_SENT in known.text
    assert User.objects.count() == 1


def test_an_sms_code_sign_in_while_down_says_so_and_works_when_it_is_back(
    client, gateway, resident
):
    gateway.down()

    response = client.post("/accounts/login/code/", {"phone": resident.phone[3:]})

    assert response.status_code == 503
    assert NOT_SENT in response.text
    assert 'href="/accounts/login/code/"' in response.text

    gateway.up()
    client.post("/accounts/login/code/", {"phone": resident.phone[3:]})
    response = client.post("/accounts/login/code/confirm/", {"code": last_code(resident.phone)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == resident.pk


def test_a_failed_resend_keeps_the_verification_going(client, gateway, clock):
    signup(client)
    clock.forward(minutes=2)
    gateway.down()

    response = client.post("/accounts/phone/verify/", {"action": "resend"})

    assert response.status_code == 503
    assert 'href="/accounts/phone/verify/"' in response.text
    gateway.up()
    client.post("/accounts/phone/verify/", {"action": "resend"})
    response = client.post("/accounts/phone/verify/", {"code": last_code(E164)})
    assert response.status_code == 302
    assert User.objects.get().phone_verified


def test_a_password_sign_in_that_needs_a_verification_text_fails_cleanly(client, gateway, resident):
    User.objects.filter(pk=resident.pk).update(phone_verified=False)
    gateway.down()

    response = client.post(
        "/accounts/login/", {"login": resident.phone[3:], "password": "correct-horse-battery"}
    )

    assert response.status_code == 503 and NOT_SENT in response.text
    assert "_auth_user_id" not in client.session


def test_the_failure_is_logged_without_the_whole_number(client, gateway, caplog):
    gateway.down()
    signup(client)
    logged = [r.getMessage() for r in caplog.records if r.name == "portal.sms"]
    assert logged and "+861380013****" in logged[0] and E164 not in logged[0]

import re

import pytest
from django.contrib.auth.models import Group

from portal import roles, sms
from portal.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase-42"


def _signup(client, phone="13800138000", prefix="", **extra):
    data = {
        "phone": phone,
        "password1": PASSWORD,
        "display_name": "小王",
        "age_confirmed": "on",
        "privacy_consent": "on",
        **extra,
    }
    return client.post(f"{prefix}/accounts/signup/", data)


def _last_code(phone):
    return re.search(r"\b(\d{6})\b", sms.read_sms_file(phone)[-1]["text"]).group(1)


def test_signup_by_phone_stores_e164_and_verifies_with_the_sms_code(client, community):
    response = _signup(client, community=community.pk)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/phone/verify/"

    code = _last_code("+8613800138000")
    response = client.post("/accounts/phone/verify/", {"code": code})

    assert response.status_code == 302
    user = User.objects.get()
    assert user.phone == "+8613800138000"
    assert user.phone_verified
    assert user.display_name == "小王"
    assert user.community == community
    assert list(user.groups.values_list("name", flat=True)) == [roles.RESIDENT]


def test_a_wrong_code_is_refused_in_chinese(client):
    _signup(client)
    code = _last_code("+8613800138000")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    response = client.post("/accounts/phone/verify/", {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["错误代码。"]
    assert not User.objects.get().phone_verified


@pytest.mark.parametrize(
    ("phone", "prefix", "message"),
    [
        ("12345", "", "请输入有效的中国大陆手机号码"),
        ("+14155550123", "", "请输入有效的中国大陆手机号码"),
        ("010-12345678", "/en", "Enter a valid mainland mobile number"),
    ],
)
def test_an_invalid_number_gets_a_clear_message_in_the_users_language(
    client, phone, prefix, message
):
    response = _signup(client, phone=phone, prefix=prefix)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_an_over_long_display_name_is_refused(client):
    response = _signup(client, display_name="名" * 31)

    assert response.status_code == 200
    assert "30" in response.context["form"].errors["display_name"][0]
    assert not User.objects.exists()


def test_a_reused_number_reveals_nothing_and_creates_no_second_account(client, resident):
    response = _signup(client, phone=resident.phone.removeprefix("+86"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/phone/verify/"
    assert User.objects.count() == 1
    assert "已经注册过了" in sms.read_sms_file(resident.phone)[-1]["text"]


def test_log_in_with_phone_and_password(client, resident):
    response = client.post(
        "/accounts/login/",
        {"login": resident.phone.removeprefix("+86"), "password": "correct-horse-battery"},
    )

    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_log_in_with_an_sms_code(client, resident):
    client.post("/accounts/login/code/", {"phone": resident.phone.removeprefix("+86")})
    code = _last_code(resident.phone)

    response = client.post("/accounts/login/code/confirm/", {"code": code})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == resident.pk


def test_asking_a_code_for_an_unknown_number_looks_the_same_as_for_a_known_one(client, resident):
    known = client.post("/accounts/login/code/", {"phone": resident.phone.removeprefix("+86")})
    client.logout()
    unknown = client.post("/accounts/login/code/", {"phone": "13900000000"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert "还没有注册" in sms.read_sms_file("+8613900000000")[-1]["text"]


def test_failed_logins_are_rate_limited(client, resident):
    phone = resident.phone.removeprefix("+86")
    for _ in range(5):
        client.post("/accounts/login/", {"login": phone, "password": "wrong"})

    response = client.post(
        "/accounts/login/", {"login": phone, "password": "correct-horse-battery"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_profile_edit_and_validation(client, resident, community, other_community):
    client.force_login(resident)

    response = client.post(
        "/accounts/profile/",
        {"display_name": "新名字", "email": "", "community": other_community.pk},
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    # The community is not the profile's to change (moves go through staff: portal.moves).
    assert (resident.display_name, resident.community) == ("新名字", community)

    response = client.post("/accounts/profile/", {"display_name": "x" * 31, "email": "bad"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"display_name", "email"}
    resident.refresh_from_db()
    assert resident.display_name == "新名字"


def test_profile_needs_sign_in(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.LABELS)


def test_after_an_sms_code_login_a_user_sets_a_new_password_without_the_old_one(client, resident):
    client.post("/accounts/login/code/", {"phone": resident.phone.removeprefix("+86")})
    client.post("/accounts/login/code/confirm/", {"code": _last_code(resident.phone)})

    response = client.post(
        "/accounts/password/new/", {"password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)
    assert int(client.session["_auth_user_id"]) == resident.pk


def test_after_a_password_login_the_old_password_is_needed(client, resident):
    client.force_login(resident)

    response = client.post(
        "/accounts/password/new/", {"password1": PASSWORD, "password2": PASSWORD}
    )

    assert response["Location"] == "/accounts/password/change/"
    resident.refresh_from_db()
    assert not resident.check_password(PASSWORD)

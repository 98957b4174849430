"""Staff powers only after a second factor, whichever form took the password.

Everything here posts the real forms: allauth's login, its TOTP step, its TOTP set-up and
re-authentication, and the Wagtail, Wagtail front-end and Django admin login forms.
"""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY

from portal import roles
from portal.factories import TEST_PASSWORD, TOTP_TEST_SECRET, UserFactory
from portal.models import Community
from tests.signing_in import password_only_login

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["/admin/", "/comments/moderation/", "/admin/residents/pending/"]


def totp_code(secret=TOTP_TEST_SECRET):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(client, user, password=TEST_PASSWORD):
    return client.post(
        "/accounts/login/", {"login": user.phone.removeprefix("+86"), "password": password}
    )


def signed_in(client):
    return SESSION_KEY in client.session


@pytest.fixture
def superuser_without_totp(community):
    user = UserFactory(community=community, is_superuser=True, is_staff=True, verified=True)
    Authenticator.objects.filter(user=user).delete()
    return user


@pytest.fixture
def staff_without_totp(community):
    user = UserFactory(community=community, verified=True, roles=[roles.COMMUNITY_STAFF])
    Authenticator.objects.filter(user=user).delete()
    return user


def test_a_password_alone_does_not_sign_staff_in(client, staff):
    response = log_in(client, staff)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not signed_in(client)
    for url in STAFF_PAGES:
        assert client.get(url).status_code == 302
        assert not signed_in(client)


def test_an_sms_code_alone_does_not_sign_staff_in_either(client, staff):
    import re

    from portal import sms

    client.post("/accounts/login/code/", {"phone": staff.phone.removeprefix("+86")})
    text = sms.read_sms_file(staff.phone)[-1]["text"]
    client.post("/accounts/login/code/confirm/", {"code": re.search(r"\b(\d{6})\b", text)[1]})

    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert client.get("/admin/").status_code == 200


def test_after_totp_staff_reach_the_admin_and_moderation(client, staff):
    log_in(client, staff)
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})

    assert response.status_code == 302
    assert signed_in(client)
    for url in STAFF_PAGES:
        assert client.get(url).status_code == 200, url


def test_a_superuser_reaches_both_admins_only_after_totp(client, superuser):
    log_in(client, superuser)
    assert client.get("/django-admin/").status_code == 302
    assert not signed_in(client)

    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})

    assert client.get("/django-admin/").status_code == 200
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/admin/login/", ("username", "password")),
        ("/django-admin/login/", ("username", "password")),
        ("/_util/login/", ("username", "password")),
        ("/en/_util/login/", ("username", "password")),
    ],
)
def test_other_login_forms_check_no_password_and_lead_to_allauths(client, superuser, url, fields):
    for login in (superuser.username, superuser.phone):
        response = client.post(url, {fields[0]: login, fields[1]: TEST_PASSWORD, "next": "/admin/"})
        assert response.status_code == 302
        assert response["Location"].removeprefix("/en").startswith("/accounts/login/")
        assert not signed_in(client)
    assert client.get("/admin/").status_code == 302
    assert client.get("/django-admin/").status_code == 302
    assert not signed_in(client)


def test_the_admin_sends_people_who_are_signed_out_to_allauths_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")
    response = client.get("/django-admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")


def test_forty_wrong_passwords_are_throttled(client, staff):
    for _ in range(40):
        response = log_in(client, staff, password="wrong-password")
        assert response.status_code in (200, 429)
    response = log_in(client, staff)

    assert response.status_code == 200  # the form again, not the TOTP step
    assert response.context["form"].non_field_errors()
    assert not signed_in(client)


def test_wrong_passwords_on_the_admin_forms_do_not_get_around_the_limit(client, staff):
    for url in ("/admin/login/", "/django-admin/login/", "/_util/login/"):
        for _ in range(40):
            response = client.post(url, {"username": staff.username, "password": "wrong"})
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")
    for _ in range(5):
        log_in(client, staff, password="wrong-password")

    assert log_in(client, staff).status_code == 200
    assert not signed_in(client)


def test_wrong_totp_codes_are_throttled(client, staff):
    log_in(client, staff)
    right = totp_code()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(40):
        client.post("/accounts/2fa/authenticate/", {"code": wrong})

    client.post("/accounts/2fa/authenticate/", {"code": right})

    assert not signed_in(client)


def test_staff_without_totp_have_a_residents_powers_until_they_set_it_up(
    client, staff_without_totp, django_capture_on_commit_callbacks
):
    response = log_in(client, staff_without_totp)
    assert response.status_code == 302
    assert signed_in(client)  # signed in, as a resident

    for url in [*STAFF_PAGES, "/governance/triage/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/2fa/totp/activate/?next="), url

    # allauth asks for the password again before a device is added.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session["mfa.totp.secret"]
    # allauth announces the new device once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff_without_totp, type="totp").exists()

    for url in [*STAFF_PAGES, "/governance/triage/"]:
        assert client.get(url).status_code == 200, url


def test_a_password_only_superuser_session_has_no_superuser_powers(
    client, superuser, other_community
):
    password_only_login(client, superuser)

    for url in ["/admin/", "/django-admin/", "/comments/moderation/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next="), url
    # Front-end staff views refuse and offer the second factor.
    response = client.get("/governance/triage/")
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")

    response = client.post("/accounts/2fa/reauthenticate/", {"code": totp_code()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 200
    assert client.get("/governance/triage/").status_code == 200


def test_a_withheld_superuser_is_asked_like_a_resident(rf, superuser, other_community):
    """The request's user object: no superuser bypass, no boundary beyond their community,
    no staff rule; and nothing of it is saved."""
    from django.contrib.sessions.backends.db import SessionStore

    from portal import second_factor
    from portal.boundary import within

    request = rf.get("/")
    request.session = SessionStore()
    request.session[SESSION_KEY] = str(superuser.pk)
    request.user = superuser
    middleware = second_factor.SecondFactorMiddleware(lambda r: r.user)

    user = middleware(request)

    assert second_factor.staff_powers_withheld(user)
    assert not user.has_perm("portal.verify_resident")
    assert not user.has_perm("wagtailadmin.access_admin")
    assert not user.has_perm("governance.triage_matters")
    assert list(within(Community.objects.all(), user)) == [superuser.community]
    user.save()
    superuser.refresh_from_db()
    assert superuser.is_superuser


def test_residents_are_not_sent_to_a_second_factor(client, verified_resident):
    log_in(client, verified_resident)
    assert signed_in(client)
    assert client.get("/accounts/profile/").status_code == 200
    response = client.get("/governance/triage/")
    assert response.status_code == 403


def test_recovery_codes_are_shown_once_and_pass_the_second_factor(
    client, staff_without_totp, django_capture_on_commit_callbacks
):
    log_in(client, staff_without_totp)
    client.get("/accounts/2fa/totp/activate/")
    client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})

    first = client.get("/accounts/2fa/recovery-codes/")
    codes = first.context["unused_codes"]
    assert len(codes) > 1 and "****" not in codes
    assert client.get("/accounts/2fa/recovery-codes/").context["unused_codes"][0] == "****"

    client.post("/accounts/logout/")
    log_in(client, staff_without_totp)
    assert not signed_in(client)  # now a code is asked
    client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert signed_in(client)
    assert client.get("/admin/").status_code == 200


def test_demo_user_names_are_not_made_from_phone_numbers(community):
    from portal.demo import _user

    staff = _user(community, "13800138001", "社区干事王芳", [roles.COMMUNITY_STAFF], False)

    assert "13800138001" not in staff.username
    assert _user(community, "13800138001", "社区干事王芳", [], False) == staff  # idempotent

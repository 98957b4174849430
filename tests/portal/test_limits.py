"""Limits that know who is asking: the client address behind trusted proxies
(portal.client_ip), failed logins per number, texts with codes per number and address,
the suggestion box per browser; several clients behind one nginx keep their own limits."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_comments.forms import CommentSecurityForm
from django_comments_xtd.models import XtdComment
from wagtail.models import Site

from governance.models import Matter
from pages.models import StandardPage
from portal import sms
from portal.client_ip import client_ip
from portal.factories import UserFactory

NGINX = "127.0.0.1"
PASSWORD = "correct-horse-battery"  # portal.factories.UserFactory's


@pytest.fixture
def behind_nginx(settings):
    """The production layout: nginx (one trusted proxy) appends the client to X-Forwarded-For."""
    settings.YISHI_TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def from_address(address, forwarded_by_client=""):
    """A browser at ``address``, reaching the portal through nginx."""
    chain = f"{forwarded_by_client}, {address}" if forwarded_by_client else address
    return Client(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=chain)


# The address ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "header", "forwarded", "expected"),
    [
        (0, None, "203.0.113.7", "10.0.0.1"),  # no proxy trusted: the socket's address
        (1, None, "203.0.113.7", "203.0.113.7"),
        (1, None, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client's own entry is ignored
        (2, None, "6.6.6.6, 203.0.113.7, 192.0.2.1", "203.0.113.7"),  # CDN, then nginx
        (2, None, "203.0.113.7", "203.0.113.7"),  # fewer entries than proxies
        (1, None, "not-an-address", "10.0.0.1"),
        (1, None, "203.0.113.7:51234", "203.0.113.7"),
        (1, None, "[2001:db8::1]:443", "2001:db8::1"),
        (1, None, "", "10.0.0.1"),
        (0, "X-Real-IP", "", "198.51.100.9"),
    ],
)
def test_the_client_address_believes_only_the_trusted_proxies(
    settings, count, header, forwarded, expected
):
    settings.YISHI_TRUSTED_PROXY_COUNT = count
    settings.YISHI_TRUSTED_CLIENT_IP_HEADER = header
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded, HTTP_X_REAL_IP="198.51.100.9"
    )
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_allauth_sees_the_same_address(behind_nginx):
    from allauth.account.adapter import get_adapter

    request = RequestFactory().get(
        "/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert get_adapter().get_client_ip(request) == "203.0.113.7"


@pytest.mark.django_db
def test_a_comment_records_the_clients_address(behind_nginx, resident):
    import rules
    from django.conf import settings as django_settings

    home = Site.objects.get(is_default_site=True).root_page
    notice = home.add_child(instance=StandardPage(title="停车位通知", slug="parking"))
    rules.add_perm("pages.comment_standardpage", rules.is_authenticated)
    try:
        client = from_address("203.0.113.7", forwarded_by_client="6.6.6.6")
        client.force_login(resident)
        data = CommentSecurityForm(notice).generate_security_data()
        data.update(comment="车位太少", reply_to=0, honeypot="", next="/")
        client.post(reverse("comments-post-comment"), data)
    finally:
        rules.remove_perm("pages.comment_standardpage")
    comment = XtdComment.objects.get(content_type=ContentType.objects.get_for_model(notice))
    assert comment.ip_address == "203.0.113.7"
    assert django_settings.ALLAUTH_TRUSTED_PROXY_COUNT == 1


# Failed logins ----------------------------------------------------------------------


def log_in(client, phone, password):
    return client.post("/accounts/login/", {"login": phone, "password": password})


@pytest.mark.django_db
def test_thirty_failed_logins_from_a_shared_address_lock_out_no_other_resident(
    behind_nginx, community
):
    """A dormitory's Wi-Fi: someone tries 30 made-up numbers; the residents behind the
    same address, and anyone elsewhere, still sign in with their right password."""
    dormitory = "203.0.113.7"
    prankster = from_address(dormitory)
    for n in range(30):
        response = log_in(prankster, f"139000{n:05d}", "guess-123456")
        assert response.status_code == 200

    neighbours = [UserFactory(community=community) for _ in range(3)]
    for neighbour in neighbours:
        client = from_address(dormitory)
        assert log_in(client, neighbour.phone[3:], PASSWORD).status_code == 302
    elsewhere = UserFactory(community=community)
    assert log_in(from_address("198.51.100.9"), elsewhere.phone[3:], PASSWORD).status_code == 302


@pytest.mark.django_db
def test_failed_logins_lock_only_the_number_they_were_for(behind_nginx, community):
    target, other = UserFactory(community=community), UserFactory(community=community)
    attacker = from_address("203.0.113.7")
    for _ in range(5):
        log_in(attacker, target.phone[3:], "wrong-password")

    refused = log_in(from_address("198.51.100.9"), target.phone, PASSWORD)  # any spelling
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert log_in(from_address("203.0.113.7"), other.phone[3:], PASSWORD).status_code == 302


# Texts with codes -------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


def ask_code(client, number):
    return client.post("/accounts/login/code/", {"phone": number})


def texts_to(number):
    return [m for m in sms.outbox if m["to"] == f"+86{number}"]


@pytest.fixture
def only_our_code_limits(settings):
    """allauth's own limit on asking for codes (3 a minute per number, counting failures
    too) runs on the real clock, which these tests don't move."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "request_login_code": ""}


@pytest.mark.django_db
def test_a_number_gets_one_code_a_minute_and_five_an_hour(
    behind_nginx, clock, only_our_code_limits
):
    number = "13900000000"  # no account: the texts cost the same, so they count the same
    assert ask_code(from_address("203.0.113.7"), number).status_code == 302

    again = ask_code(from_address("198.51.100.9"), number)  # from anywhere else

    assert again.status_code == 429
    assert "请稍等一分钟" in again.text
    assert len(texts_to(number)) == 1
    assert ask_code(from_address("198.51.100.9"), "13900000001").status_code == 302
    for _ in range(4):
        clock.now += timedelta(minutes=2)
        assert ask_code(from_address("203.0.113.7"), number).status_code == 302
    clock.now += timedelta(minutes=2)
    assert ask_code(from_address("203.0.113.7"), number).status_code == 429
    assert len(texts_to(number)) == 5
    clock.now += timedelta(hours=1)
    assert ask_code(from_address("203.0.113.7"), number).status_code == 302


@pytest.mark.django_db
def test_codes_are_limited_per_address_but_each_address_on_its_own(behind_nginx, settings, clock):
    settings.YISHI_SMS_LIMITS = {**settings.YISHI_SMS_LIMITS, "address": "3/h"}
    for n in range(3):
        assert ask_code(from_address("203.0.113.7"), f"1390000000{n}").status_code == 302
    refused = ask_code(from_address("203.0.113.7"), "13900000009")
    assert refused.status_code == 429
    assert "你所在的网络" in refused.text
    assert ask_code(from_address("198.51.100.9"), "13900000009").status_code == 302


@pytest.mark.django_db
def test_a_failed_text_is_not_counted(behind_nginx, settings, clock):
    settings.SMS_BACKEND = "portal.sms.FailingBackend"
    assert ask_code(from_address("203.0.113.7"), "13900000000").status_code == 503
    settings.SMS_BACKEND = "portal.sms.MemoryBackend"
    assert ask_code(from_address("203.0.113.7"), "13900000000").status_code == 302


# The suggestion box -----------------------------------------------------------------

SUGGESTION = {"title": "楼道灯坏了", "description": "三楼的灯一直不亮。", "category": "safety"}


def suggest(client, community, **extra):
    return client.post(
        reverse("governance:suggest"), {**SUGGESTION, "community": community.pk, **extra}
    )


def browser_at(address):
    """A browser at ``address`` that opened the suggestion box (and so has its token)."""
    client = from_address(address)
    client.get(reverse("governance:suggest"))
    return client


@pytest.mark.django_db
def test_one_browser_filling_the_box_does_not_lock_out_its_dormitory(behind_nginx, community):
    dormitory = "203.0.113.7"
    busy = browser_at(dormitory)
    for _ in range(5):
        assert suggest(busy, community).status_code == 302
    assert suggest(busy, community).status_code == 429

    neighbour = browser_at(dormitory)
    assert suggest(neighbour, community).status_code == 302
    assert suggest(browser_at("198.51.100.9"), community).status_code == 302
    assert Matter.objects.filter(from_suggestion_box=True).count() == 7


@pytest.mark.django_db
def test_only_suggestions_that_went_into_the_box_count(behind_nginx, community):
    client = browser_at("203.0.113.7")
    for _ in range(10):
        assert suggest(client, community, title="").status_code == 200  # invalid
    for _ in range(5):
        assert suggest(client, community).status_code == 302


@pytest.mark.django_db
def test_the_address_is_a_back_stop_for_browsers_that_keep_no_cookie(behind_nginx, community):
    dormitory = "203.0.113.7"
    for _ in range(5):
        assert suggest(from_address(dormitory), community).status_code == 302
    assert suggest(from_address(dormitory), community).status_code == 429
    # Fresh tokens don't help past the address's own limit (30 an hour).
    accepted = 5
    while suggest(browser_at(dormitory), community).status_code == 302:
        accepted += 1
    assert accepted == 30


@pytest.mark.django_db
def test_a_forged_token_counts_as_none(behind_nginx, community):
    client = from_address("203.0.113.7")
    client.cookies["yishi_browser"] = "made-up"
    for _ in range(5):
        assert suggest(client, community).status_code == 302
    assert suggest(client, community).status_code == 429

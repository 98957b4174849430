"""Redis away: every page, vote, comment and sign-in works; when it is back, nothing old is
served as fresh (portal/cache.py, portal/caching.py)."""

import logging
import re
import socket
import uuid
from datetime import timedelta

import pytest
import redis
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_comments.forms import CommentSecurityForm
from django_comments_xtd.models import XtdComment
from wagtail.models import Site

from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory
from governance.models import Ballot, Participation, Tally
from portal import cache as resilient
from portal import sms
from portal.discussion import services as discussion

from .tcp_proxy import TcpProxy

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # portal.factories.UserFactory's


class Clock:
    """The monotonic clock portal.cache measures outages with; tests move it."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(resilient, "now", clock)
    return clock


@pytest.fixture
def use_redis(settings):
    """``use_redis(url)``: the production cache configuration (ResilientRedisCache and
    cached_db sessions), on ``url``, with a key prefix of this test's own."""
    original = settings.CACHES
    prefix = f"test-{uuid.uuid4().hex[:12]}"

    def use(url):
        settings.CACHES = {
            "default": {
                "BACKEND": "portal.cache.ResilientRedisCache",
                "LOCATION": url,
                "KEY_PREFIX": prefix,
                "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1.0},
            }
        }
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
        settings.YISHI_PAGE_CACHE_SECONDS = 600
        settings.YISHI_CLOCK_CHANGES = []

    yield use
    settings.CACHES = original  # before conftest's cache.clear(), which would FLUSHDB


@pytest.fixture
def closed_port():
    """A loopback port nothing listens on (held, so nothing else takes it meanwhile)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    yield sock.getsockname()[1]
    sock.close()


@pytest.fixture
def redis_down(use_redis, closed_port, clock):
    use_redis(f"redis://127.0.0.1:{closed_port}/0")


@pytest.fixture
def matter(community):
    home = Site.objects.get(is_default_site=True).root_page
    index = SessionIndexPageFactory(parent=home)
    session = SessionPageFactory(
        parent=index, community=community, collecting_starts=timezone.now() - timedelta(days=25)
    )
    return MatterFactory(session=session, title="楼下垃圾站搬迁")


def signed_in(user):
    client = Client()
    assert (
        client.post("/accounts/login/", {"login": user.phone, "password": PASSWORD}).status_code
        == 302
    )
    return client


def comment_data(target, text):
    data = CommentSecurityForm(target).generate_security_data()
    data.update(comment=text, reply_to=0, honeypot="", next=matter_url(target))
    return data


def matter_url(matter):
    return reverse("governance:matter", args=[matter.pk])


def reader_urls(matter):
    return [
        "/",
        "/en/",
        matter.session.url,
        matter_url(matter),
        f"/search/?q={matter.title}",
        "/search/suggest/?q=楼下",
        "/accounts/login/",
        "/accounts/login/code/",
        "/accounts/signup/",
        reverse("governance:suggest"),
    ]


def test_every_reader_page_answers_while_redis_is_down(redis_down, client, matter, resident):
    for url in reader_urls(matter):
        for _ in range(2):  # the second read would be the cache hit
            assert client.get(url).status_code == 200, url
    reader = signed_in(resident)
    for url in [*reader_urls(matter)[:5], "/accounts/profile/", "/notifications/"]:
        assert reader.get(url).status_code == 200, url


def test_a_vote_and_a_comment_are_stored_while_redis_is_down(redis_down, matter, verified_resident):
    client = signed_in(verified_resident)

    response = client.post(reverse("governance:vote", args=[matter.pk]), {"choice": "for"})

    assert response.status_code == 302
    assert Participation.objects.filter(matter=matter).count() == 1
    assert Ballot.objects.filter(matter=matter).count() == 1
    assert Tally.objects.get(matter=matter).online_for == 1
    response = client.post(
        reverse("comments-post-comment"), comment_data(matter, "垃圾站离窗户太近了")
    )
    assert response.status_code == 302
    assert XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(matter), comment="垃圾站离窗户太近了"
    ).exists()
    page = client.get(matter_url(matter))
    assert "垃圾站离窗户太近了" in page.text


def test_sign_in_by_password_and_by_sms_code_and_sign_out_while_redis_is_down(redis_down, resident):
    client = signed_in(resident)
    assert client.get("/accounts/profile/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/accounts/profile/").status_code == 302

    client = Client()
    client.post("/accounts/login/code/", {"phone": resident.phone.removeprefix("+86")})
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1]["text"]).group(1)
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == resident.pk


def test_an_outage_is_logged_once_not_on_every_request(redis_down, client, clock, caplog):
    caplog.set_level(logging.WARNING, logger="portal.cache")
    for _ in range(20):
        client.get("/")
        clock.now += 1
    assert len([r for r in caplog.records if r.name == "portal.cache"]) == 1
    assert "unreachable" in caplog.records[0].getMessage()

    clock.now += 300
    client.get("/")
    assert len([r for r in caplog.records if r.name == "portal.cache"]) == 2
    assert "still unreachable" in caplog.records[-1].getMessage()


def test_requests_leave_redis_alone_between_retries(redis_down, clock):
    outage = cache.outage
    cache.get("a")
    assert outage.active
    retry_at = outage.retry_at
    for _ in range(5):
        assert cache.get("a", "default") == "default"
    assert outage.retry_at == retry_at  # no new attempt, so no new failure
    clock.now = retry_at
    cache.get("a")
    assert outage.retry_at > retry_at


def test_while_down_the_cache_behaves_as_an_empty_one(redis_down):
    assert cache.get("k", 7) == 7
    assert cache.get_many(["k", "l"]) == {}
    assert cache.add("lock", 1) is True  # allauth's rate-limit lock must not wait for ever
    cache.set("k", 1)
    assert cache.get("k") is None
    with pytest.raises(ValueError):
        cache.incr("k")
    assert cache.get_or_set("k", 5) == 5


# Redis coming back ------------------------------------------------------------------


def _real_redis_url():
    from django.conf import settings

    location = settings.CACHES["default"].get("LOCATION", "")
    if str(location).startswith("redis://"):
        return location
    return "redis://127.0.0.1:6379/0"


def _redis_reachable():
    try:
        return redis.Redis.from_url(_real_redis_url(), socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


needs_redis = pytest.mark.skipif(not _redis_reachable(), reason="needs a Redis server")


@pytest.fixture
def redis_behind_proxy(use_redis, clock):
    """The cache on a real Redis, through a relay the test can cut (``.stop()``) and
    restore (``.start()``); every key written under this test's prefix is removed after."""
    real = _real_redis_url()
    url = redis.connection.parse_url(real)
    proxy = TcpProxy(url.get("host", "127.0.0.1"), url.get("port", 6379)).start()
    use_redis(f"redis://127.0.0.1:{proxy.port}/{url.get('db', 0)}")
    prefix = cache.key_prefix
    yield proxy
    proxy.stop()
    direct = redis.Redis.from_url(real)
    for key in direct.scan_iter(match=f"{prefix}:*"):
        direct.delete(key)


def back(proxy, clock):
    """Redis answers again, and the next call is due to try it."""
    proxy.start()
    clock.now = cache.outage.retry_at


@needs_redis
def test_a_change_made_while_redis_was_away_shows_once_it_is_back(
    redis_behind_proxy, client, clock, matter, verified_resident
):
    url = matter_url(matter)
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    redis_behind_proxy.stop()
    voter = signed_in(verified_resident)
    voter.post(reverse("governance:vote", args=[matter.pk]), {"choice": "for"})
    discussion.add_comment(matter, verified_resident, "停电那天也要能投票")
    assert cache.outage.active and cache.outage.lost_keys
    back(redis_behind_proxy, clock)

    page = client.get(url)
    assert "X-Page-Cache" not in page
    assert "停电那天也要能投票" in page.text
    assert not cache.outage.active
    assert client.get(url)["X-Page-Cache"] == "hit"  # and the cache works again


@needs_redis
def test_a_session_ended_while_redis_was_away_stays_ended(
    redis_behind_proxy, clock, resident, caplog, settings
):
    caplog.set_level(logging.WARNING, logger="portal.cache")
    client = signed_in(resident)
    assert client.get("/accounts/profile/").status_code == 200  # the session is in Redis
    kept = client.cookies[settings.SESSION_COOKIE_NAME].value  # as a thief might keep it

    redis_behind_proxy.stop()
    client.post("/accounts/logout/")
    back(redis_behind_proxy, clock)

    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = kept
    assert thief.get("/accounts/profile/").status_code == 302
    assert "is back" in caplog.records[-1].getMessage()

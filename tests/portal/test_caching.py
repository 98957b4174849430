"""Whole-page caching for anonymous readers: fast, and never stale."""

from datetime import timedelta

import pytest
from django.apps import AppConfig
from django.utils import timezone
from wagtail.models import Site

from portal import caching
from portal.capabilities import Capability
from tests.installing import install_app

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.YISHI_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def home():
    return Site.objects.get(is_default_site=True).root_page.specific


def test_a_second_anonymous_read_is_served_from_the_cache_without_queries(
    client, django_assert_num_queries
):
    first = client.get("/")

    with django_assert_num_queries(0):
        second = client.get("/")

    assert "X-Page-Cache" not in first
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_each_language_has_its_own_entry(client):
    client.get("/")
    english = client.get("/en/")

    assert "X-Page-Cache" not in english
    assert '<html lang="en">' in english.content.decode()


def test_a_long_query_makes_a_short_key_and_each_query_its_own_entry(client):
    """A 10 000-character query string is hashed into the key (memcached refuses keys over
    250 characters; Redis would hold them all); another query is another entry."""
    import warnings

    from django.core.cache.backends.base import CacheKeyWarning

    long_query = "/?q=" + "长" * 10_000
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        client.get(long_query)
        assert client.get(long_query)["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.get("/?q=other")


def test_any_write_makes_cached_pages_stale_at_once(client, home):
    client.get("/")
    home.title = "新的社区名字"
    home.save_revision().publish()

    response = client.get("/")

    assert "X-Page-Cache" not in response
    assert "新的社区名字" in response.content.decode()


def test_it_is_off_at_zero_seconds(client, settings):
    settings.YISHI_PAGE_CACHE_SECONDS = 0
    client.get("/")

    assert "X-Page-Cache" not in client.get("/")


def test_signed_in_readers_always_get_a_fresh_page(client, resident):
    client.force_login(resident)
    client.get("/")

    assert "X-Page-Cache" not in client.get("/")


class ClockConfig(AppConfig):
    """An app whose pages change five minutes from now."""

    name = "tests.portal"
    label = "clock_test"
    capability = Capability(clock_changes=("tests.portal.test_caching.in_five_minutes",))


def in_five_minutes(now):
    return timezone.now() + timedelta(minutes=5)


def test_pages_that_change_by_the_clock_are_kept_only_until_then(client, monkeypatch):
    now = timezone.now()
    with install_app("tests.portal.test_caching.ClockConfig"):
        client.get("/")
        assert client.get("/")["X-Page-Cache"] == "hit"

        monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=6))

        assert "X-Page-Cache" not in client.get("/")


def test_a_page_that_sets_a_cookie_is_never_shared(client):
    client.get("/accounts/login/")  # its form sets the CSRF cookie
    client.cookies.clear()

    assert "X-Page-Cache" not in client.get("/accounts/login/")


def test_writes_nobody_reads_anonymously_do_not_empty_the_cache(client, resident):
    from portal.notifications import notify

    client.get("/")
    notify([resident], "测试", "/")

    assert client.get("/")["X-Page-Cache"] == "hit"


def test_next_moment_finds_the_earliest_future_value(resident, verified_resident, staff):
    from portal.models import User

    now = timezone.now()
    User.objects.filter(pk=resident.pk).update(verified_at=now + timedelta(hours=2))
    User.objects.filter(pk=verified_resident.pk).update(verified_at=now + timedelta(hours=1))
    User.objects.filter(pk=staff.pk).update(verified_at=now - timedelta(hours=1))

    assert caching.next_moment(User.objects.all(), ["verified_at"], now) == now + timedelta(hours=1)
    assert caching.next_moment(User.objects.none(), ["verified_at"], now) is None


def test_an_entry_of_an_earlier_format_is_a_miss_not_an_error(client, settings):
    from django.core.cache import cache
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.utils import translation

    request = RequestFactory().get("/")
    request.LANGUAGE_CODE = translation.get_language() or settings.LANGUAGE_CODE
    stale = {"version": 0, "until": timezone.now() + timedelta(hours=1)}
    cache.set(caching._key(request), {**stale, "response": HttpResponse("旧格式")}, 600)
    response = client.get("/")
    assert response.status_code == 200 and "旧格式" not in response.text

"""The proposed anonymous page cache (portal.caching): hits, and invalidation by tags."""

import pytest
from django.test import Client

from portal import caching
from portal.factories import UserFactory

from . import cache_urls


@pytest.fixture
def cached(settings):
    settings.ROOT_URLCONF = "tests.perf_data.cache_urls"
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.middleware.locale.LocaleMiddleware") + 1,
        "portal.caching.AnonymousPageCacheMiddleware",
    )
    settings.MIDDLEWARE = middleware
    cache_urls.renders.clear()
    return Client()


@pytest.mark.django_db(transaction=True)  # bumps apply on commit
def test_anonymous_pages_are_served_from_the_cache_until_a_tag_changes(cached):
    assert cached.get("/m/1/")["X-Page-Cache"] == "miss"
    assert cached.get("/m/1/")["X-Page-Cache"] == "hit"
    assert cached.get("/m/2/")["X-Page-Cache"] == "miss"
    caching.bump("governance.matter:1")
    response = cached.get("/m/1/")
    assert response["X-Page-Cache"] == "miss" and response.content == b"matter 1, render 3"
    assert cached.get("/m/2/")["X-Page-Cache"] == "hit"  # other matters keep their entry
    caching.bump(caching.SITE_TAG)
    assert cached.get("/m/2/")["X-Page-Cache"] == "miss"


@pytest.mark.django_db(transaction=True)
def test_signed_in_users_and_pages_that_set_cookies_are_never_cached(cached):
    cached.get("/form/")
    assert "X-Page-Cache" not in cached.get("/form/")
    assert cache_urls.renders == ["form", "form"]
    cached.get("/m/1/")
    cached.force_login(UserFactory())
    assert "X-Page-Cache" not in cached.get("/m/1/")
    assert cache_urls.renders[-1] == 1


@pytest.mark.django_db(transaction=True)
def test_each_language_has_its_own_entry(cached):
    cached.get("/m/1/", HTTP_ACCEPT_LANGUAGE="en")
    assert cached.get("/m/1/", HTTP_ACCEPT_LANGUAGE="zh-hans")["X-Page-Cache"] == "miss"
    assert cached.get("/m/1/", HTTP_ACCEPT_LANGUAGE="en")["X-Page-Cache"] == "hit"

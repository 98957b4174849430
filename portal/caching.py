"""Whole pages cached for anonymous readers, and never stale.

Most readers are anonymous, on slow phones: a cache hit costs one cache round trip
and no database query. Correctness comes before hit rate:

- Any write to the database (a comment, a vote, a published page, a phase ended
  early, …) bumps one site-wide version, so every cached page is stale at once. The
  bump happens at once and again after the commit, so a page rendered between the
  write and the commit is not kept either.
- Pages that change by the clock alone (a session's next phase, a covenant version
  coming into force, an upcoming class or meeting) are kept only until the next such
  moment: each capability declares a function that returns it (``clock_changes`` in
  ``portal/capabilities.py``).
- Only anonymous ``GET``/``HEAD`` requests (no session or messages cookie) are served
  from the cache, and only ``200`` responses that set no cookie are stored: a page with
  a form that needs a CSRF token sets one, and so is never shared.

A version that is missing (never set, evicted, or deleted after a Redis outage: see
``portal/cache.py``) starts again at a random value, so an old entry never matches a lost
version. While Redis is away every read misses and nothing is kept: pages are rendered.

Personal pages (``@cache_for_user``: my learning, a matter page with one's own vote) are
kept per person and per browser the same way, and also go stale whenever that person
changes anything (any POST they make bumps their own version), so their own vote, like or
enrolment shows at once even where no signal is sent. Staff and superusers always get a
fresh page: they may see more than residents do (running totals, drafts).
"""

import hashlib
import secrets
from datetime import timedelta
from functools import wraps

import rules
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import capabilities, reach

VERSION_KEY = "pagecache:version"
# Writes that change nothing an anonymous reader sees.
IGNORED_MODELS = {
    "sessions.session",
    "portal.notification",
    "django_tasks_database.dbtaskresult",
    "admin.logentry",
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailusers.userprofile",
    "mfa.authenticator",
}


def bump():
    """Make every cached page stale, now and once more when the transaction commits."""
    _increment()
    transaction.on_commit(_increment)


def bump_user(user_id):
    """Make the pages kept for one person stale (after anything they do)."""
    _increment(_user_version_key(user_id))


def _increment(key=VERSION_KEY):
    try:
        cache.incr(key)
    except ValueError:  # no version yet (or lost: evicted, or Redis away)
        _start_version(key)


def _start_version(key):
    """A version never used before: a version key that was lost (evicted, or deleted after
    a Redis outage) must not come back with a value that old entries still carry."""
    cache.add(key, secrets.randbits(48), timeout=None)


def _user_version_key(user_id):
    return f"pagecache:user:{user_id}"


def next_clock_change(now):
    """The next moment some page changes by the clock alone, as the capabilities declare."""
    moments = [change(now) for change in capabilities.clock_changes()]
    return min([m for m in moments if m is not None], default=None)


def _key(request):
    """The page's cache key: the path and query are hashed, so that a long or odd query
    string (``?q=`` with 10 000 characters) still makes a short key every backend takes."""
    path = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogatepass")).hexdigest()
    # The reader's pinyin choice (a cookie, portal/reach) makes a page of its own.
    variant = reach.cache_variant(request)
    return f"pagecache:{request.get_host()}:{request.LANGUAGE_CODE}:{variant}:{path}"


def _is_anonymous_read(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _is_shareable(response):
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
    )


def _cached(key, version_keys, render):
    """The response kept under ``key`` if none of ``version_keys`` moved since and its
    moment has not passed; otherwise ``render()``, kept when it may be."""
    found = cache.get_many([key, *version_keys])
    missing = [k for k in version_keys if k not in found]
    if missing:  # a new version never matches an entry, so the entry is not needed
        for version_key in missing:
            _start_version(version_key)
        found = cache.get_many(version_keys)
        missing = [k for k in version_keys if k not in found]  # Redis away: keep nothing
    versions = [found.get(k) for k in version_keys]
    entry = found.get(key)
    now = timezone.now()
    if not missing and entry and entry.get("versions") == versions and now < entry["until"]:
        response = entry["response"]
        response["X-Page-Cache"] = "hit"
        return response
    response = render()
    if not missing and _is_shareable(response):
        until = now + timedelta(seconds=settings.YISHI_PAGE_CACHE_SECONDS)
        change = next_clock_change(now)
        if change is not None:
            until = min(until, change)
        seconds = int((until - now).total_seconds())
        if seconds > 0:
            entry = {"versions": versions, "until": until, "response": response}
            cache.set(key, entry, timeout=seconds)
    return response


class AnonymousPageCacheMiddleware:
    """Placed right after ``LocaleMiddleware``, so the language is known and a hit loads
    neither the session nor the user. It also bumps the personal version of anyone
    signed in who sends anything but a read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.YISHI_PAGE_CACHE_SECONDS:
            return self.get_response(request)
        if _is_anonymous_read(request):
            return _cached(_key(request), [VERSION_KEY], lambda: self.get_response(request))
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.user.is_authenticated:
            bump_user(request.user.pk)
        return response


def cache_for_user(view):
    """Keep the page ``view`` renders for a signed-in resident, per person, browser and
    language, until anything changes (see the module's docstring)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
        if (
            not settings.YISHI_PAGE_CACHE_SECONDS
            or request.method not in ("GET", "HEAD")
            or not user.is_authenticated
            or not csrf_cookie  # the page would set it, and its form token must match it
            or "messages" in request.COOKIES
            or request.session.get("_messages")
            or rules.test_rule("portal.is_staff", user)
        ):
            return view(request, *args, **kwargs)
        browser = hashlib.sha256(csrf_cookie.encode()).hexdigest()[:16]
        key = f"userpage:{user.pk}:{browser}:{_key(request)}"
        versions = [VERSION_KEY, _user_version_key(user.pk)]
        return _cached(key, versions, lambda: view(request, *args, **kwargs))

    return wrapped


def _content_changed(sender, **kwargs):
    if sender._meta.label_lower in IGNORED_MODELS:
        return
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return
    bump()


def connect():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"pagecache-{id(signal)}")


def next_moment(queryset, fields, now):
    """The earliest value after ``now`` of any of ``fields`` in ``queryset`` (one query)."""
    from django.db.models import Min, Q

    found = queryset.aggregate(
        **{field: Min(field, filter=Q(**{f"{field}__gt": now})) for field in fields}
    )
    return min([value for value in found.values() if value is not None], default=None)

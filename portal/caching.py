"""Whole pages cached for anonymous readers, and never stale.

Most readers are anonymous, on slow phones: a cache hit costs one cache round trip
and no database query. Correctness comes before hit rate:

- Any write to the database (a comment, a vote, a published page, a phase ended
  early, …) bumps one site-wide version, so every cached page is stale at once. The
  bump happens at once and again after the commit, so a page rendered between the
  write and the commit is not kept either.
- Pages that change by the clock alone (a session's next phase, a covenant version
  coming into force, an upcoming class or meeting) are kept only until the next such
  moment: each app names a function in ``YISHI_CLOCK_CHANGES`` that returns it.
- Only anonymous ``GET``/``HEAD`` requests (no session or messages cookie) are served
  from the cache, and only ``200`` responses that set no cookie are stored: a page with
  a form that needs a CSRF token sets one, and so is never shared.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

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


def _increment():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet
        cache.add(VERSION_KEY, 1, timeout=None)


def next_clock_change(now):
    """The next moment some page changes by the clock alone (``YISHI_CLOCK_CHANGES``)."""
    moments = [import_string(path)(now) for path in settings.YISHI_CLOCK_CHANGES]
    return min([m for m in moments if m is not None], default=None)


def _key(request):
    return f"pagecache:{request.get_host()}:{request.LANGUAGE_CODE}:{request.get_full_path()}"


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


class AnonymousPageCacheMiddleware:
    """Placed right after ``LocaleMiddleware``, so the language is known and a hit loads
    neither the session nor the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.YISHI_PAGE_CACHE_SECONDS or not _is_anonymous_read(request):
            return self.get_response(request)
        key = _key(request)
        found = cache.get_many([key, VERSION_KEY])
        version = found.get(VERSION_KEY, 0)
        entry = found.get(key)
        now = timezone.now()
        if entry and entry["version"] == version and now < entry["until"]:
            response = entry["response"]
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _is_shareable(response):
            until = now + timedelta(seconds=settings.YISHI_PAGE_CACHE_SECONDS)
            change = next_clock_change(now)
            if change is not None:
                until = min(until, change)
            seconds = int((until - now).total_seconds())
            if seconds > 0:
                entry = {"version": version, "until": until, "response": response}
                cache.set(key, entry, timeout=seconds)
        return response


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

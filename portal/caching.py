"""Full-page caching for anonymous readers, invalidated by version keys (tags).

A PROPOSAL, not wired in yet: see docs/performance.md, "Caching". To switch it on, add
``"portal.caching.AnonymousPageCacheMiddleware"`` to ``MIDDLEWARE`` right after
``LocaleMiddleware`` (so the language is known and no session or user is loaded for a hit).

How it works
------------
- Only anonymous ``GET``/``HEAD`` requests are served from the cache: no session cookie and no
  messages cookie. Only ``200`` responses that set no cookie and are not ``private`` or
  ``no-store`` are stored; pages that render a CSRF token (any ``POST`` form) set a cookie and
  so are never cached.
- The key is the host, the language and the full path (with its query string).
- Each entry remembers the *tags* it depends on and when its rendering started. A hit
  re-reads the tags' versions (one ``get_many``) and is thrown away when any tag was bumped
  since. ``bump(*tags)`` stamps a tag with the time (after commit): call it wherever content
  changes. Every entry depends on ``SITE_TAG``, which any page publication bumps. (Versions
  are wall-clock stamps: fine on one machine; across machines keep clocks in sync.)
- A view adds the tags it depends on and when its content changes by the clock alone (a
  session's next phase) with ``depends_on(request, *tags, until=datetime)``; the entry then
  expires at ``until`` at the latest, so a phase change shows at once.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.cache import patch_vary_headers

SITE_TAG = "site"
DEFAULT_TIMEOUT = 600  # seconds; the tags make it safe to keep entries longer
_PREFIX = "pagecache"


def tag_for(obj):
    """The tag of one object: ``"<app_label>.<model>:<pk>"``; every Wagtail page ``"page:<pk>"``."""
    from wagtail.models import Page

    if isinstance(obj, Page):
        return f"page:{obj.pk}"
    return f"{obj._meta.label_lower}:{obj.pk}"


def bump(*tags):
    """Make every cached page that depends on one of ``tags`` stale (after the commit)."""

    def apply():
        stamp = timezone.now().timestamp()
        cache.set_many({f"{_PREFIX}:v:{tag}": stamp for tag in tags}, timeout=None)

    transaction.on_commit(apply)


def depends_on(request, *tags, until=None):
    """Called by a view: its page depends on ``tags`` and changes by itself at ``until``."""
    request._cache_tags = getattr(request, "_cache_tags", {SITE_TAG}) | set(tags)
    if until is not None:
        current = getattr(request, "_cache_until", None)
        request._cache_until = min(until, current) if current else until


def _versions(tags):
    found = cache.get_many([f"{_PREFIX}:v:{tag}" for tag in tags])
    return {tag: found.get(f"{_PREFIX}:v:{tag}", 0) for tag in tags}


def _key(request):
    return f"{_PREFIX}:{request.get_host()}:{request.LANGUAGE_CODE}:{request.get_full_path()}"


def _may_use_cache(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _may_store(request, response):
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
        and not getattr(request, "_cache_skip", False)
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use_cache(request):
            return self.get_response(request)
        key = _key(request)
        entry = cache.get(key)
        if entry is not None and max(_versions(entry["tags"]).values()) < entry["since"]:
            response = entry["response"]
            response["X-Page-Cache"] = "hit"
            return response
        # A bump while the page renders (or later) makes the entry stale.
        since = timezone.now().timestamp()
        response = self.get_response(request)
        if _may_store(request, response):
            tags = sorted(getattr(request, "_cache_tags", {SITE_TAG}))
            timeout = DEFAULT_TIMEOUT
            until = getattr(request, "_cache_until", None)
            if until is not None:
                timeout = min(timeout, max(int((until - timezone.now()).total_seconds()), 0))
            if timeout > 0:
                patch_vary_headers(response, ["Cookie", "Accept-Language"])
                cache.set(key, {"tags": tags, "since": since, "response": response}, timeout)
            response["X-Page-Cache"] = "miss"
        return response


# Invalidation for what the portal itself knows about: Wagtail pages and comments. -------------


def _page_changed(sender, instance, **kwargs):
    # Menus, lists and entry points show page titles: any publication changes the site.
    bump(SITE_TAG, tag_for(instance))


def _comment_changed(sender, instance, **kwargs):
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    if model is not None:
        bump(f"{model._meta.label_lower}:{instance.object_pk}")


def connect():
    """Connect the invalidation signals (from ``PortalConfig.ready`` once the cache is wired)."""
    from django.db.models.signals import post_delete, post_save
    from django_comments_xtd.models import XtdComment
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(_page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(_page_changed, dispatch_uid="pagecache-unpublished")
    for signal in (post_save, post_delete):
        signal.connect(_comment_changed, sender=XtdComment, dispatch_uid=f"pagecache-{signal}")


def until_next_phase(session, now=None):
    """When ``session``'s page changes by the clock alone: the start of its next phase."""
    now = now or timezone.now()
    later = [span.starts for span in session.timeline.spans() if span.starts and span.starts > now]
    return min(later) if later else now + timedelta(seconds=DEFAULT_TIMEOUT)

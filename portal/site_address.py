"""The portal's own address, from settings: for links that leave the page (feeds, mail,
SMS) and for django.contrib.sites, whose default "example.com" would otherwise appear.

``WAGTAILADMIN_BASE_URL`` is the configured address; without it, the default Wagtail
site's ``root_url``.
"""

from urllib.parse import urlsplit

from django.conf import settings


def root_url():
    """``https://host[:port]`` without a trailing slash."""
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    if base:
        return base.rstrip("/")
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site else ""


def absolute(url):
    """``url`` (a path, or already absolute) as an absolute address on this portal."""
    url = str(url)
    if url.startswith(("http://", "https://", "mailto:")):
        return url
    root = root_url()
    if url.startswith("//"):
        return f"{urlsplit(root).scheme or 'https'}:{url}"
    return f"{root}{url if url.startswith('/') else '/' + url}"


def sync_sites(using="default", **kwargs):
    """After every ``migrate``: django.contrib.sites' site (allauth's mail subjects and
    links) takes the configured host and name instead of "example.com"."""
    from django.contrib.sites.models import Site as DjangoSite
    from django.db import DatabaseError

    host = urlsplit(root_url()).netloc if getattr(settings, "WAGTAILADMIN_BASE_URL", "") else ""
    if not host:
        return
    name = getattr(settings, "WAGTAIL_SITE_NAME", host)
    try:
        DjangoSite.objects.using(using).update_or_create(
            pk=settings.SITE_ID, defaults={"domain": host, "name": name}
        )
    except DatabaseError:  # the sites table is not there yet (a partial migrate)
        return
    DjangoSite.objects.clear_cache()

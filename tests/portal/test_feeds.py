"""Feeds (portal/feeds.py, used by governance/feeds.py): plain-text summaries, whatever
people typed, and absolute links on the configured address, never example.com."""

import html
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.contrib.sites.models import Site as DjangoSite
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE_TITLE = "<b>路灯</b> & 安全\x01"
HOSTILE_TEXT = "<script>alert('x')</script>\n<img src=x onerror=alert(1)> 三号楼 & 四号楼\x0b"
PLAIN_TEXT = "<script>alert('x')</script>\n<img src=x onerror=alert(1)> 三号楼 & 四号楼"


@pytest.fixture
def accepted(db, community):
    home = Site.objects.get(is_default_site=True).root_page
    index = SessionIndexPageFactory(parent=home)
    session = SessionPageFactory(
        parent=index, community=community, collecting_starts=timezone.now() - timedelta(days=35)
    )
    return MatterFactory(
        session=session, title=HOSTILE_TITLE, description=HOSTILE_TEXT, triaged_at=timezone.now()
    )


def fetch(client, name):
    response = client.get(reverse(f"governance:{name}"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "example.com" not in text
    return ET.fromstring(response.content)


def test_rss_summaries_are_text_and_links_absolute_on_our_address(client, accepted, settings):
    channel = fetch(client, "feed_matters").find("channel")
    base = settings.WAGTAILADMIN_BASE_URL
    item = channel.find("item")
    assert item.findtext("title") == "<b>路灯</b> & 安全"
    description = item.findtext("description")
    # A reader that renders the description as HTML sees the characters, not markup.
    assert "<" not in description and ">" not in description
    assert html.unescape(description) == PLAIN_TEXT
    links = [channel.findtext("link"), item.findtext("link"), item.findtext("guid")]
    assert all(link.startswith(f"{base}/") for link in links), links
    assert item.findtext("link") == f"{base}{accepted.get_absolute_url()}"


def test_atom_summaries_are_marked_text_and_links_absolute(client, accepted, settings):
    feed = fetch(client, "feed_matters_atom")
    base = settings.WAGTAILADMIN_BASE_URL
    entry = feed.find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == PLAIN_TEXT
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(href.startswith(f"{base}/") for href in hrefs), hrefs
    assert f"{base}{reverse('governance:feed_matters_atom')}" in hrefs
    assert entry.findtext(f"{ATOM}id").startswith(f"{base}/")


def test_results_feeds_link_to_our_address(client, accepted, settings):
    for name in ("feed_results", "feed_results_atom"):
        fetch(client, name)


def test_without_a_configured_address_the_wagtail_sites_is_used(client, accepted, settings):
    settings.WAGTAILADMIN_BASE_URL = ""
    Site.objects.filter(is_default_site=True).update(hostname="yishi.example.org", port=443)
    item = fetch(client, "feed_matters").find("channel").find("item")
    assert item.findtext("link") == f"https://yishi.example.org{accepted.get_absolute_url()}"


def test_the_django_site_takes_the_configured_host_when_migrating(db, settings):
    from django.core.management import call_command

    settings.WAGTAILADMIN_BASE_URL = "https://yishi.example.org"
    call_command("migrate", verbosity=0)
    site = DjangoSite.objects.get(pk=settings.SITE_ID)
    assert (site.domain, site.name) == ("yishi.example.org", settings.WAGTAIL_SITE_NAME)

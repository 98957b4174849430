"""The base of every RSS and Atom feed: plain text, absolute links on our own address.

Feed readers show what they are given, and people put anything in a title or a
description. So a feed built on :class:`SiteFeed` says its summaries are plain text (Atom
``<summary>`` without ``type="html"``; RSS ``<description>`` holding the text escaped, so
a reader that renders HTML shows the characters, not markup), drops the control
characters XML cannot carry, and makes every link absolute from the configured address
(``portal.site_address``), never from django.contrib.sites' "example.com".
"""

import re

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.functional import Promise
from django.utils.html import escape

from .site_address import absolute

URL_ATTRIBUTES = {
    "link",
    "feed_url",
    "author_link",
    "item_link",
    "item_author_link",
    "item_enclosure_url",
    "item_comments",
}
TEXT_ATTRIBUTES = {
    "title",
    "subtitle",
    "description",
    "author_name",
    "item_title",
    "item_description",
    "item_author_name",
}
# XML 1.0 allows tab, newline and carriage return, and no other C0 control character.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value):
    return _NOT_IN_XML.sub("", str(value))


class PlainTextRssFeed(Rss201rev2Feed):
    def add_item_elements(self, handler, item):
        description = item["description"]
        if description is not None:
            item = {**item, "description": escape(description)}
        super().add_item_elements(handler, item)


class PlainTextAtomFeed(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class SiteFeed(Feed):
    """Subclass it as you would Django's ``Feed``; use :class:`SiteAtomFeed` for Atom."""

    feed_type = PlainTextRssFeed

    def _get_dynamic_attr(self, attname, obj, default=None):
        value = super()._get_dynamic_attr(attname, obj, default)
        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, str):
            if attname in URL_ATTRIBUTES:
                return absolute(value)
            if attname in TEXT_ATTRIBUTES:
                return xml_text(value)
        return value

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Django falls back on the request's path for the feed's own address.
        feed.feed["feed_url"] = absolute(self._get_dynamic_attr("feed_url", obj) or request.path)
        return feed


class SiteAtomFeed(SiteFeed):
    feed_type = PlainTextAtomFeed

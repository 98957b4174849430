"""RSS and Atom feeds of published public minutes: one per association, one for all.

Feeds are read by anonymous feed readers, so members-only minutes never appear.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from portal.access import lookup

from .models import AssociationIndexPage, AssociationPage, Minutes

FEED_LENGTH = 30


class AllMinutesFeed(Feed):
    title = _("Meeting minutes of all associations")
    description = _("Minutes that every association has published for everyone.")

    def link(self):
        index = AssociationIndexPage.objects.live().first()
        return index.url if index else "/"

    def items(self):
        return Minutes.objects.public().select_related("association")[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.association.title} · {item.title}"

    def item_description(self, item):
        return item.discussion[:500]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class AssociationMinutesFeed(AllMinutesFeed):
    def get_object(self, request, pk):
        return lookup(AssociationPage.objects.live(), pk=pk)

    def title(self, association):
        return _("Meeting minutes of %(association)s") % {"association": association.title}

    def description(self, association):
        return association.introduction

    def link(self, association):
        return association.url

    def items(self, association):
        return association.minutes.public()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title


class AllMinutesAtomFeed(AllMinutesFeed):
    feed_type = Atom1Feed
    subtitle = AllMinutesFeed.description


class AssociationMinutesAtomFeed(AssociationMinutesFeed):
    feed_type = Atom1Feed

    def subtitle(self, association):
        return association.introduction

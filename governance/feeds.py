"""RSS and Atom feeds of newly accepted matters and of published results.

Plain-text summaries and absolute links on the portal's address: ``portal.feeds``.
"""

from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from portal.feeds import PlainTextAtomFeed, SiteFeed

from . import phases
from .models import Matter, SessionPage
from .results import session_results


class NewMattersFeed(SiteFeed):
    title = _("New matters")
    description = _("Matters accepted into the quarterly sessions")
    link = reverse_lazy("governance:feed_matters")

    def items(self):
        return (
            Matter.objects.filter(state=Matter.State.ACCEPTED)
            .select_related("session")
            .order_by("-triaged_at")[:30]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_pubdate(self, item):
        return item.triaged_at


class ResultsFeed(SiteFeed):
    title = _("Session results")
    description = _("Outcomes of the quarterly sessions once voting has ended")
    link = reverse_lazy("governance:feed_results")

    def items(self):
        sessions = SessionPage.objects.live().order_by("-voting_ends")[:20]
        return [s for s in sessions if s.allows(phases.RESULTS)]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return "\n".join(f"{r.matter.title}: {r.outcome_label}" for r in session_results(item))

    def item_link(self, item):
        return reverse("governance:results", args=[item.pk])

    def item_pubdate(self, item):
        return item.timeline.spans()[phases.PHASES.index(phases.RESULTS_PHASE)].starts


class NewMattersAtomFeed(NewMattersFeed):
    feed_type = PlainTextAtomFeed
    subtitle = NewMattersFeed.description


class ResultsAtomFeed(ResultsFeed):
    feed_type = PlainTextAtomFeed
    subtitle = ResultsFeed.description

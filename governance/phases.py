"""The quarterly session's phases and what each allows, declared once."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.phases import Phase

# Actions a phase may allow; rules.py asks ``phase.allows(...)`` with these.
SUBMIT = "submit"  # residents submit matters to the session
ACCEPT = "accept"  # staff accept triaged matters into the session
COMMENT = "comment"  # residents discuss accepted matters
VOTE = "vote"  # verified residents vote online
COUNT = "count"  # staff enter the in-person show-of-hands counts
RESULTS = "results"  # final totals and outcomes are public
FOLLOW_UP = "follow_up"  # staff post the official response and implementation updates
END_EARLY = "end_early"  # staff may end the phase before its date

UPCOMING = Phase("upcoming", _("Not started"))
COLLECTING = Phase("collecting", _("Collecting matters"), frozenset({SUBMIT, ACCEPT, END_EARLY}))
DISCUSSION = Phase("discussion", _("Discussion"), frozenset({ACCEPT, COMMENT, END_EARLY}))
VOTING = Phase("voting", _("Voting"), frozenset({COMMENT, VOTE, COUNT, END_EARLY}))
RESULTS_PHASE = Phase(
    "results", pgettext_lazy("session phase", "Results"), frozenset({COUNT, RESULTS, FOLLOW_UP})
)
FOLLOW_UP_PHASE = Phase("follow_up", _("Follow-up"), frozenset({RESULTS, FOLLOW_UP}))

PHASES = [UPCOMING, COLLECTING, DISCUSSION, VOTING, RESULTS_PHASE, FOLLOW_UP_PHASE]
BY_KEY = {phase.key: phase for phase in PHASES}
# The session date field on which each phase starts (the first has none).
START_FIELDS = {
    "collecting": "collecting_starts",
    "discussion": "discussion_starts",
    "voting": "voting_starts",
    "results": "voting_ends",
    "follow_up": "follow_up_starts",
}


def next_clock_change(now):
    """When a session next moves to another phase by its dates (see portal/caching.py)."""
    from portal.caching import next_moment

    from .models import SessionPage

    return next_moment(SessionPage.objects.live(), START_FIELDS.values(), now)

"""A covenant version's lifecycle, declared once: its seven phases, what each allows, and
when each begins, computed from the version's dates (``portal.phases``).

A version is a draft (its text still changes), may be put out for public consultation
over dated days, is published to come into force on its date, and is superseded once a
later version comes into force. Every question about a version — may residents read it,
comment on its clauses, adopt it, may staff still change its text — asks its phase.
"""

from datetime import datetime, time
from datetime import timezone as dt_timezone

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.phases import Phase, Timeline

# Actions a phase may allow.
READ = "read"  # residents read the version (and find it in the history)
COMMENT = "comment"  # residents discuss its clauses
ADOPT = "adopt"  # residents adopt it
AMEND = "amend"  # residents propose changes to its clauses (as matters of a session)
EDIT = "edit"  # staff still change its text

DRAFT = Phase("draft", _("Draft"), frozenset({EDIT}))
CONSULTATION_SCHEDULED = Phase(
    "consultation_scheduled", _("Draft, consultation not yet open"), frozenset({EDIT})
)
IN_CONSULTATION = Phase("in_consultation", _("Draft open for comments"), frozenset({READ, COMMENT}))
CONSULTATION_CLOSED = Phase(
    "consultation_closed", _("Draft, consultation closed"), frozenset({READ})
)
UPCOMING = Phase("upcoming", _("Published, not yet in force"), frozenset({READ}))
IN_FORCE = Phase("in_force", _("In force"), frozenset({READ, COMMENT, ADOPT, AMEND}))
SUPERSEDED = Phase("superseded", _("No longer in force"), frozenset({READ}))

PHASES = [
    DRAFT,
    CONSULTATION_SCHEDULED,
    IN_CONSULTATION,
    CONSULTATION_CLOSED,
    UPCOMING,
    IN_FORCE,
    SUPERSEDED,
]
BY_KEY = {phase.key: phase for phase in PHASES}

# A consultation is "scheduled" from the moment a draft has dates for one.
_FROM_THE_START = datetime(1970, 1, 1, tzinfo=dt_timezone.utc)


def in_force_from(version):
    """When a published version comes into force: the midnight its date begins, or its
    publication if that is later; ``None`` while it is unpublished."""
    if version.published_at is None:
        return None
    midnight = timezone.make_aware(datetime.combine(version.effective_date, time.min))
    return max(version.published_at, midnight)


def superseded_at(version, published):
    """When a later version (among ``published``, the covenant's published versions) first
    comes into force. Later: a later effective date, or the same date and a higher number."""
    if version.published_at is None:
        return None
    rank = (version.effective_date, version.number)
    return min(
        (
            in_force_from(other)
            for other in published
            if other.pk != version.pk and (other.effective_date, other.number) > rank
        ),
        default=None,
    )


def timeline(version, published=()):
    """The phases of ``version`` from its dates; ``published`` as in ``superseded_at``."""
    opens, closes, published_at = (
        version.consultation_opens,
        version.consultation_closes,
        version.published_at,
    )
    if published_at is not None and opens is not None and published_at <= opens:
        opens = closes = None  # published before its consultation began: none took place
    starts = {
        CONSULTATION_SCHEDULED.key: _FROM_THE_START if opens else None,
        IN_CONSULTATION.key: opens,
        CONSULTATION_CLOSED.key: closes,
        UPCOMING.key: published_at,
        IN_FORCE.key: in_force_from(version),
        SUPERSEDED.key: superseded_at(version, published),
    }
    ended = {}
    if published_at is not None and closes is not None and published_at < closes:
        ended[IN_CONSULTATION.key] = published_at  # publishing ends the consultation
    return Timeline(PHASES, starts, ended)

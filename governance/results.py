"""The decision rule: counts, turnout and outcome of each matter, computed from the tallies."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

OUTCOMES = {
    "adopted": _("Adopted"),
    "not_adopted": _("Not adopted"),
    "no_quorum": _("No quorum"),
}


@dataclass(frozen=True)
class Counts:
    yes: int = 0
    no: int = 0
    abstain: int = 0

    @property
    def cast(self):
        return self.yes + self.no + self.abstain

    def __add__(self, other):
        return Counts(self.yes + other.yes, self.no + other.no, self.abstain + other.abstain)


@dataclass(frozen=True)
class Result:
    matter: object
    online: Counts
    hands: Counts | None  # None until staff enter the show of hands
    eligible: int

    @property
    def total(self):
        return self.online + self.hands if self.hands else self.online

    @property
    def turnout(self):
        """Share (0–1) of the community's verified residents who took part."""
        return min(self.total.cast / self.eligible, 1) if self.eligible else 0

    @property
    def share_for(self):
        """Share (0–1) of "for" among for and against (abstentions count for the quorum only)."""
        decided = self.total.yes + self.total.no
        return self.total.yes / decided if decided else 0

    @property
    def outcome(self):
        session = self.matter.session
        if self.turnout * 100 < session.quorum_percent or not self.total.cast:
            return "no_quorum"
        return "adopted" if self.share_for * 100 > session.adoption_percent else "not_adopted"

    @property
    def outcome_label(self):
        return OUTCOMES[self.outcome]

    def as_dict(self):
        return {
            "matter": self.matter.pk,
            "title": self.matter.title,
            "category": self.matter.category,
            "online": _counts_dict(self.online),
            "in_person": _counts_dict(self.hands) if self.hands else None,
            "total": _counts_dict(self.total),
            "eligible": self.eligible,
            "turnout": round(self.turnout, 4),
            "share_for": round(self.share_for, 4),
            "outcome": self.outcome,
        }


def _counts_dict(counts):
    return {"for": counts.yes, "against": counts.no, "abstain": counts.abstain}


def result_of(matter, eligible):
    tally = getattr(matter, "tally", None)
    if tally is None:
        return Result(matter, Counts(), None, eligible)
    hands = None
    if tally.hands_recorded_at:
        hands = Counts(tally.hands_for or 0, tally.hands_against or 0, tally.hands_abstain or 0)
    return Result(
        matter,
        Counts(tally.online_for, tally.online_against, tally.online_abstain),
        hands,
        eligible,
    )


def session_results(session):
    """Results of every accepted matter of ``session``, in the order they were submitted."""
    eligible = session.eligible_voters()
    matters = session.matters.filter(state="accepted").select_related("tally", "session")
    return [result_of(matter, eligible) for matter in matters.order_by("created_at", "pk")]

"""What governance holds about a person (for "my data") and how it is erased."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.personal_data.services import Section, rows

from .models import (
    Ballot,
    FollowUp,
    Matter,
    Participation,
    PhaseEnding,
    SessionPage,
    Tally,
)
from .services import forget_voter


def export(user):
    participations = Participation.objects.filter(voter=user).select_related("matter")
    votes = []
    for participation in participations.order_by("voted_on", "pk"):
        # The person's own choice, found only through the keyed token (it is theirs to see).
        ballot = Ballot.objects.of(user, participation.matter)
        votes.append(
            {
                "matter": participation.matter.title,
                "voted_on": participation.voted_on,
                "choice": ballot.choice if ballot else None,
                "choice_label": ballot.get_choice_display() if ballot else _("cannot be found"),
            }
        )
    return {
        Matter._meta.label: Section(
            _("Matters you submitted"),
            rows(
                Matter.objects.filter(author=user).order_by("created_at"),
                "created_at",
                "title",
                "description",
                "category",
                "state",
                "from_suggestion_box",
                "response",
            ),
        ),
        Participation._meta.label: Section(
            _("Your votes"),
            votes,
            {
                "matter": _("matter"),
                "voted_on": _("voted on"),
                "choice": pgettext("my data", "choice"),
                "choice_label": _("your vote"),
            },
        ),
        PhaseEnding._meta.label: Section(
            _("Phases you ended early"),
            rows(
                PhaseEnding.objects.filter(ended_by=user),
                "session__title",
                "phase",
                "ended_at",
                "reason",
            ),
        ),
        Tally._meta.label: Section(
            _("In-person counts you entered"),
            rows(
                Tally.objects.filter(hands_recorded_by=user), "matter__title", "hands_recorded_at"
            ),
            {"hands_recorded_at": _("entered at")},
        ),
        FollowUp._meta.label: Section(
            _("Follow-ups you published"),
            rows(FollowUp.objects.filter(author=user), "matter__title", "status", "note"),
        ),
    }


def erase(user):
    """Ballots stay counted but lose every link to the person (``forget_voter``); matters,
    phase endings, in-person counts and follow-ups stay, without their author.

    Sessions whose voting has ended count their electorate first (if not yet done), while
    the person is still among those who voted, so that erasing them changes no outcome."""
    sessions = SessionPage.objects.filter(
        pk__in=Participation.objects.filter(voter=user).values("matter__session")
    )
    for session in sessions:
        if session.voting_ended_at() is not None:
            session.eligible_voters()  # freezes the electorate once (Electorate.freeze)
    forget_voter(user)
    Matter.objects.filter(author=user).update(author=None)
    PhaseEnding.objects.filter(ended_by=user).update(ended_by=None)
    Tally.objects.filter(hands_recorded_by=user).update(hands_recorded_by=None)
    FollowUp.objects.filter(author=user).update(author=None)

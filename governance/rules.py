"""Who may do what with sessions and matters, and when (the phase decides the when)."""

import rules

from portal.rules import (
    is_community_staff,
    is_member_of_community,
    is_staff_of_community,
    is_verified_resident_of,
)

from . import phases


def phase_allows(action):
    """The session's current phase (of the session, or of the accepted matter) allows ``action``."""

    @rules.predicate(name=f"phase_allows:{action}")
    def predicate(user, obj):
        return obj is not None and obj.allows(action)

    return predicate


@rules.predicate
def is_public_matter(user, matter):
    return matter is not None and matter.is_public


@rules.predicate
def is_author(user, matter):
    return matter is not None and user.is_authenticated and matter.author_id == user.pk


@rules.predicate
def is_untriaged(user, matter):
    return matter is not None and matter.state == matter.State.NEW


@rules.predicate
def is_eligible_voter(user, matter):
    """The session's eligibility rule (``services.voting_eligibility``)."""
    from .services import voting_eligibility

    return matter is not None and voting_eligibility(user, matter) is None


@rules.predicate
def shows_running_totals(user, session):
    return session is not None and session.show_running_totals


# Sessions (the object is a SessionPage).
# Create, edit, publish, move, copy or delete the session's page in the Wagtail admin
# (see permissions.py): superusers, or staff of the session's own community.
rules.add_perm("governance.manage_session", is_staff_of_community)
rules.add_perm("governance.submit_matter", is_member_of_community & phase_allows(phases.SUBMIT))
rules.add_perm(
    "governance.view_totals_session",
    phase_allows(phases.RESULTS) | (phase_allows(phases.VOTE) & shows_running_totals),
)
rules.add_perm(
    "governance.end_phase_session", is_staff_of_community & phase_allows(phases.END_EARLY)
)

# The suggestion box is open to everyone, even without an account.
rules.add_perm("governance.suggest_matter", rules.always_allow)
# The triage queue (each matter is then checked with triage_matter).
rules.add_perm("governance.triage_matters", is_community_staff)

# Matters.
# Correct a matter in the Wagtail admin (with Django's change_matter permission).
rules.add_perm("governance.manage_matter", is_staff_of_community)
rules.add_perm("governance.view_matter", is_public_matter | is_author | is_staff_of_community)
rules.add_perm("governance.triage_matter", is_staff_of_community & is_untriaged)
rules.add_perm("governance.comment_matter", is_member_of_community & phase_allows(phases.COMMENT))
rules.add_perm(
    "governance.vote_matter",
    is_verified_resident_of & phase_allows(phases.VOTE) & is_eligible_voter,
)
rules.add_perm("governance.count_matter", is_staff_of_community & phase_allows(phases.COUNT))
rules.add_perm(
    "governance.follow_up_matter", is_staff_of_community & phase_allows(phases.FOLLOW_UP)
)

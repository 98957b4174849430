"""Every permission × every role × every phase, against a table written out by hand."""

import pytest
from django.contrib.auth.models import AnonymousUser

from governance.factories import MatterFactory

from .conftest import PHASES, ROLES

MEMBERS = {"resident", "verified_resident", "leader", "staff"}
VOTERS = {"verified_resident", "leader", "staff"}
STAFF = {"staff"}
EVERYONE = set(ROLES)
ALWAYS = set(PHASES)

# permission: (what it is asked about, roles allowed, phases allowed)
EXPECTED = {
    "governance.submit_matter": ("session", MEMBERS, {"collecting"}),
    "governance.comment_matter": ("matter", MEMBERS, {"discussion", "voting"}),
    "governance.vote_matter": ("matter", VOTERS, {"voting"}),
    "governance.count_matter": ("matter", STAFF, {"voting", "results"}),
    "governance.follow_up_matter": ("matter", STAFF, {"results", "follow_up"}),
    "governance.end_phase_session": ("session", STAFF, {"collecting", "discussion", "voting"}),
    "governance.view_totals_session": ("session", EVERYONE, {"results", "follow_up"}),
    "governance.view_matter": ("matter", EVERYONE, ALWAYS),
    "governance.suggest_matter": (None, EVERYONE, ALWAYS),
    # The queue itself (each staff member sees only their own community's matters in it).
    "governance.triage_matters": (None, STAFF | {"other_staff"}, ALWAYS),
}


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", list(EXPECTED))
def test_permission_matrix(perm, role, phase, actor, clock, session, matter):
    target, roles, phases = EXPECTED[perm]
    obj = {"session": session, "matter": matter, None: None}[target]
    clock.to_phase(phase)
    assert session.phase().key == phase
    assert actor(role).has_perm(perm, obj) is (role in roles and phase in phases)


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_untriaged_matter_is_for_its_author_and_staff_only(role, phase, actor, clock, session):
    clock.to_phase(phase)
    author = actor("resident")
    new = MatterFactory(session=session, author=author, state="new")
    user = actor(role)
    assert user.has_perm("governance.view_matter", new) is (role in {"resident", "staff"})
    assert user.has_perm("governance.triage_matter", new) is (role == "staff")
    # Nothing can happen to it in any phase until it is accepted.
    for perm in ("comment_matter", "vote_matter", "count_matter", "follow_up_matter"):
        assert not user.has_perm(f"governance.{perm}", new)


@pytest.mark.parametrize("role", ROLES)
def test_accepted_matters_are_not_triaged_again(role, actor, matter):
    assert not actor(role).has_perm("governance.triage_matter", matter)


def test_running_totals_during_voting_when_the_session_says_so(clock, session):
    clock.to_phase("voting")
    assert not AnonymousUser().has_perm("governance.view_totals_session", session)
    session.show_running_totals = True
    assert AnonymousUser().has_perm("governance.view_totals_session", session)


def test_staff_of_another_community_cannot_act(clock, session, matter, other_community):
    from portal.factories import staff_user

    clock.to_phase("voting")
    outsider = staff_user(community=other_community)
    for perm in ("count_matter", "vote_matter", "comment_matter"):
        assert not outsider.has_perm(f"governance.{perm}", matter)
    assert not outsider.has_perm("governance.end_phase_session", session)


def test_superuser_may_run_any_community_session(clock, session, matter, superuser):
    clock.to_phase("results")
    assert superuser.has_perm("governance.follow_up_matter", matter)

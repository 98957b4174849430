"""Who may do what with the covenant: every role × every state of a version × every verb."""

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.covenant.factories import make_version

from ..conftest import ROLES

STATES = [
    "draft",
    "consultation_scheduled",
    "in_consultation",
    "consultation_closed",
    "upcoming",
    "in_force",
    "superseded",
]
MEMBERS = {"resident", "verified_resident", "leader", "staff"}
PUBLIC = {"in_consultation", "consultation_closed", "upcoming", "in_force", "superseded"}
NEW_CLAUSE = [(None, "总则", "新条款", "只在这个版本里的条款。")]


@pytest.fixture
def subject(covenant, v1):
    """``subject(state)`` → (a version in that state, a clause found only in it)."""
    now, today = timezone.now(), timezone.localdate()
    day = timedelta(days=1)

    def make(state):
        if state == "in_force":
            return v1, v1.rows[0].clause
        if state == "superseded":
            make_version(
                covenant, [(v1.rows[0].clause, "总则", "a", "b")], effective_date=today - day
            )
            return v1, v1.rows[1].clause
        kwargs = {
            "draft": {},
            "consultation_scheduled": {"consultation": (now + day, now + 9 * day)},
            "in_consultation": {"consultation": (now - day, now + 9 * day)},
            "consultation_closed": {"consultation": (now - 9 * day, now - day)},
            "upcoming": {"effective_date": today + 9 * day},
        }[state]
        version = make_version(covenant, NEW_CLAUSE, **kwargs)
        return version, version.rows[0].clause

    return make


def expected(verb, role, state):
    member = role in MEMBERS
    return {
        "read_covenantversion": state in PUBLIC or role == "staff",
        "adopt_covenantversion": member and state == "in_force",
        "review_covenantversion": role == "staff",
        "comment_clause": member and state in ("in_force", "in_consultation"),
        "amend_clause": member and state == "in_force",
    }[verb]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize(
    "verb",
    [
        "read_covenantversion",
        "adopt_covenantversion",
        "review_covenantversion",
        "comment_clause",
        "amend_clause",
    ],
)
def test_permission_matrix(actor, subject, role, state, verb):
    version, clause = subject(state)
    assert version.status == state
    obj = clause if verb.endswith("_clause") else version
    assert actor(role).has_perm(f"covenant.{verb}", obj) is expected(verb, role, state)


@pytest.mark.parametrize("role", ROLES)
def test_draft_is_hidden_from_everyone_but_staff(client, actor, covenant, v1, role):
    draft = make_version(covenant, NEW_CLAUSE)
    if role != "anonymous":
        client.force_login(actor(role))
    response = client.get(f"/covenant/versions/{draft.pk}/")
    assert response.status_code == (200 if role == "staff" else 404)
    clause_page = client.get(draft.rows[0].clause.get_absolute_url())
    assert clause_page.status_code == (200 if role == "staff" else 404)


def test_the_admin_can_ask_the_model_permission_without_an_object(staff, resident):
    # Wagtail's admin asks Django's model permission with no object.
    assert staff.has_perm("covenant.view_covenantversion") is True
    assert resident.has_perm("covenant.view_covenantversion") is False

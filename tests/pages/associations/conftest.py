from types import SimpleNamespace

import pytest
from wagtail.models import Site

from pages.associations.models import Membership
from portal.factories import UserFactory
from tests.factories.associations import (
    AssociationIndexPageFactory,
    AssociationPageFactory,
    MembershipFactory,
    MinutesFactory,
)

ROLES = ["anonymous", "resident", "member", "leader", "other_leader", "staff"]


@pytest.fixture
def association_index(db):
    return AssociationIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page)


@pytest.fixture
def association(association_index, community):
    return AssociationPageFactory(parent=association_index, community=community, title="菜市场协会")


@pytest.fixture
def other_association(association_index, community):
    return AssociationPageFactory(parent=association_index, community=community, title="工地协会")


@pytest.fixture
def member(association):
    return MembershipFactory(association=association).user


@pytest.fixture
def association_leader(association, leader):
    MembershipFactory(association=association, user=leader, role=Membership.Role.LEADER)
    return leader


@pytest.fixture
def other_leader(other_association):
    return MembershipFactory(association=other_association, role=Membership.Role.LEADER).user


@pytest.fixture
def users(resident, member, association_leader, other_leader, staff):
    """One user per role of the permission matrix (``None`` is the anonymous visitor)."""
    return {
        "anonymous": None,
        "resident": resident,
        "member": member,
        "leader": association_leader,
        "other_leader": other_leader,
        "staff": staff,
    }


@pytest.fixture
def world(association, other_association, users):
    """An association with one record of everything, for the permission matrix."""
    applicant = UserFactory(community=association.community)
    return SimpleNamespace(
        association=association,
        public=MinutesFactory(association=association),
        members_only=MinutesFactory(association=association, members_only=True),
        draft=MinutesFactory(association=association, draft=True),
        pending=MembershipFactory(
            association=association, user=applicant, status=Membership.Status.PENDING
        ),
        membership=Membership.objects.get(association=association, user=users["member"]),
        meeting=association.meetings.create(
            starts_at="2099-01-01T19:00:00+08:00", place="市场办公室"
        ),
    )


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def minutes_data(**fields):
    """A complete, valid minutes form post (one decision, one action)."""
    data = {
        "title": "六月例会",
        "held_on": "2026-06-01",
        "place": "市场办公室",
        "attendance": "15",
        "agenda": "卫生\n停车",
        "discussion": "大家发言踊跃。",
        "visibility": "public",
        "action": "draft",
        "decisions-TOTAL_FORMS": "2",
        "decisions-INITIAL_FORMS": "0",
        "decisions-0-text": "每周轮流打扫",
        "decisions-0-votes_for": "12",
        "decisions-0-votes_against": "1",
        "decisions-0-votes_abstain": "2",
        "actions-TOTAL_FORMS": "2",
        "actions-INITIAL_FORMS": "0",
        "actions-0-text": "做值日表",
        "actions-0-owner": "何姐",
    }
    data.update(fields)
    return data

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from wagtail.models import Site

from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory

ROLES = [
    "anonymous",
    "resident",
    "verified_resident",
    "other_verified_resident",
    "leader",
    "staff",
    "other_staff",  # community staff of another community
]
PHASES = ["upcoming", "collecting", "discussion", "voting", "results", "follow_up"]
# Days after the session opens at which each phase is current (phases last ten days each).
PHASE_DAY = {
    "upcoming": -1,
    "collecting": 5,
    "discussion": 15,
    "voting": 25,
    "results": 35,
    "follow_up": 45,
}


class Clock:
    """The time every ``timezone.now()`` call sees; tests move it instead of editing dates."""

    def __init__(self, start):
        self.start = self.now = start

    def to_phase(self, key):
        self.now = self.start + timedelta(days=PHASE_DAY[key])

    def __call__(self):
        return self.now


@pytest.fixture
def opens_at():
    return timezone.now().replace(microsecond=0) - timedelta(days=60)


@pytest.fixture
def clock(monkeypatch, opens_at):
    clock = Clock(opens_at)
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def session_index(db):
    home = Site.objects.get(is_default_site=True).root_page
    return SessionIndexPageFactory(parent=home)


@pytest.fixture
def session(session_index, community, opens_at):
    return SessionPageFactory(parent=session_index, community=community, collecting_starts=opens_at)


@pytest.fixture
def matter(session, resident):
    return MatterFactory(session=session, author=resident)


@pytest.fixture
def other_staff(other_community):
    """Community staff of another community than the session's."""
    from portal.factories import staff_user

    return staff_user(community=other_community)


@pytest.fixture
def actor(request):
    """``actor(role)`` → the user playing that role (AnonymousUser for "anonymous")."""

    def get(role):
        return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)

    return get

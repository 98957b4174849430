"""What is happening now, on the home page, the session index and a matter page: each item
in its phase and gone outside it, personal lines only for their person (never through the
shared page cache), and why someone sees no ballot."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from governance.covenant.factories import CovenantPageFactory, make_version
from governance.covenant.models import Adoption
from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory
from portal.capabilities import now_items
from portal.factories import CommunityFactory, UserFactory
from tests.factories.associations import (
    AssociationIndexPageFactory,
    AssociationPageFactory,
    MinutesFactory,
)
from training.models import TrainingClass

# Days after the session opens at which each phase is current (phases last ten days each).
PHASE_DAY = {
    "upcoming": -1,
    "collecting": 5,
    "discussion": 15,
    "voting": 25,
    "results": 35,
    "follow_up": 45,
    "long_after": 75,  # results no longer "just published" (30 days after voting ended)
}
# The words of each session item on the English home page.
SESSION_TEXT = {
    "collecting": "is collecting matters",
    "discussion": "open for discussion",
    "voting": "Voting is open on 2 matters of",
    "results": "are published",
}
SHOWN_IN = {
    "collecting": {"collecting"},
    "discussion": {"discussion"},
    "voting": {"voting"},
    "results": {"results", "follow_up"},
}


class Clock:
    def __init__(self, start):
        self.start = self.now = start

    def to(self, day):
        self.now = self.start + timedelta(days=day)

    def __call__(self):
        return self.now


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.YISHI_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def home(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def community(db):
    return CommunityFactory(name="柳林社区")


@pytest.fixture
def opens_at():
    return timezone.now().replace(microsecond=0) - timedelta(days=100)


@pytest.fixture
def clock(monkeypatch, opens_at):
    clock = Clock(opens_at)
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def session(home, community, opens_at):
    index = SessionIndexPageFactory(parent=home)
    session = SessionPageFactory(
        parent=index, community=community, collecting_starts=opens_at, title="Spring session"
    )
    MatterFactory.create_batch(2, session=session)
    MatterFactory(session=session, state="new")  # not yet accepted: not counted
    return session


def _text(client, path="/en/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("phase", list(PHASE_DAY))
def test_each_session_item_shows_in_its_phase_only(client, session, clock, phase):
    clock.to(PHASE_DAY[phase])
    html = _text(client)
    for kind, words in SESSION_TEXT.items():
        assert (words in html) == (phase in SHOWN_IN[kind]), (kind, phase)
    submit = reverse("governance:submit", args=[session.pk])
    assert (f'href="{submit}"' in html) == (phase == "collecting")
    results = reverse("governance:results", args=[session.pk])
    assert (f'href="{results}"' in html) == (phase in SHOWN_IN["results"])


def test_the_collecting_item_says_until_when_and_links_to_submit(client, session, clock):
    clock.to(PHASE_DAY["collecting"])
    html = _text(client)
    until = timezone.localtime(session.discussion_starts).strftime("%Y-%m-%d")
    assert f"Until {until}" in html
    assert "Submit a matter" in html
    # Anonymous: the link asks them to log in first, then brings them to the form.
    response = client.get(reverse("governance:submit", args=[session.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_the_session_index_says_what_is_open_now(client, session, clock):
    clock.to(PHASE_DAY["voting"])
    html = _text(client, "/en" + session.get_parent().url)
    assert "Voting is open on 2 matters of Spring session" in html


def test_the_home_page_speaks_chinese_by_default(client, session, clock):
    clock.to(PHASE_DAY["collecting"])
    html = _text(client, "/")
    assert "正在发生" in html and "提交议题" in html


def test_a_resident_sees_only_their_own_community_s_sessions(client, session, clock):
    clock.to(PHASE_DAY["voting"])
    client.force_login(UserFactory(community=CommunityFactory()))
    assert "Voting is open" not in _text(client)
    client.force_login(UserFactory(community=session.community))
    assert "Voting is open" in _text(client)


# The covenant: in force, and adopted or not by this person ---------------------------------


@pytest.fixture
def covenant(home, community):
    covenant = CovenantPageFactory(parent=home, community=community, title="Residents' covenant")
    version = make_version(
        covenant,
        [(None, "General", "Clean stairs", "Keep the stairs clean.")],
        effective_date=date.today() - timedelta(days=200),
    )
    return covenant, version


def test_the_covenant_in_force_and_whether_this_person_adopted_it(client, covenant, community):
    _covenant, version = covenant
    html = _text(client)
    assert f"version {version.number} in force since" in html
    assert "You have" not in html  # nothing personal for an anonymous reader

    adopter = UserFactory(community=community, verified=True)
    Adoption.objects.create(user=adopter, version=version)
    other = UserFactory(community=community, verified=True)
    client.force_login(adopter)
    assert "You have adopted this version." in _text(client)
    client.force_login(other)
    html = _text(client)
    assert "You have not adopted this version yet." in html and "Read and adopt" in html


def test_personal_lines_never_reach_the_shared_page_cache(client, covenant, community):
    _covenant, version = covenant
    adopter = UserFactory(community=community, verified=True)
    Adoption.objects.create(user=adopter, version=version)
    anonymous = client.__class__()
    assert "You have" not in _text(anonymous)  # stored for anonymous readers

    client.force_login(adopter)
    assert "You have adopted this version." in _text(client)
    second = anonymous.get("/en/")
    assert second["X-Page-Cache"] == "hit"  # the shared copy, still without personal text
    assert "You have" not in second.content.decode()
    fresh = client.__class__()  # and a new anonymous reader after the signed-in one
    assert "You have" not in _text(fresh)


def test_a_draft_open_for_comments_until_its_consultation_closes(client, home, community, clock):
    clock.to(0)
    covenant = CovenantPageFactory(parent=home, community=community)
    opens = timezone.now() - timedelta(days=1)
    draft = make_version(
        covenant,
        [(None, "General", "Quiet hours", "No noise after ten.")],
        consultation=(opens, opens + timedelta(days=10)),
    )
    html = _text(client)
    assert "A draft of the covenant (Version 1) is open for comments" in html
    assert f'href="{draft.get_absolute_url()}"' in html
    clock.to(12)
    assert "open for comments" not in _text(client)


def test_a_superseded_or_missing_covenant_says_nothing(client, home, community):
    CovenantPageFactory(parent=home, community=community)  # no version published
    assert "in force since" not in _text(client)


# The next class and the latest minutes ------------------------------------------------------


def test_the_next_class_until_it_starts(client, home, clock, opens_at):
    clock.to(0)
    TrainingClass.objects.create(
        title="First aid",
        starts_at=opens_at + timedelta(days=2),
        ends_at=opens_at + timedelta(days=2, hours=2),
        place="Room 2",
        capacity=10,
    )
    html = _text(client)
    assert "Next class: First aid" in html and "Room 2" in html
    clock.to(3)
    assert "Next class" not in _text(client)


def test_the_latest_public_minutes_near_the_person(client, home, community):
    index = AssociationIndexPageFactory(parent=home)
    association = AssociationPageFactory(parent=index, community=community, title="Market")
    MinutesFactory(association=association, title="Old", held_on=date(2026, 1, 5))
    MinutesFactory(association=association, title="Newest", held_on=date(2026, 3, 5))
    MinutesFactory(association=association, title="Members", members_only=True)
    MinutesFactory(association=association, title="Draft", draft=True)
    html = _text(client)
    assert "Latest minutes: Market · Newest" in html
    elsewhere = AssociationPageFactory(parent=index, community=CommunityFactory())
    MinutesFactory(association=elsewhere, title="Far away", held_on=date(2026, 4, 1))
    client.force_login(UserFactory(community=community))
    assert "Latest minutes: Market · Newest" in _text(client)


# Every capability speaking on the home page of a signed-in resident: about eight to serve
# the page (site, page, view restrictions, session, user, ways in) and one or two per item
# (sessions with their counts and early endings; covenant page, versions and adoption;
# the next class; the latest minutes).
QUERY_BUDGET = 17


# Few queries, however many capabilities speak -----------------------------------------------


def test_the_home_page_costs_few_queries(
    client, clock, session, covenant, django_assert_max_num_queries
):
    clock.to(PHASE_DAY["voting"])
    home = Site.objects.get(is_default_site=True).root_page
    association = AssociationPageFactory(
        parent=AssociationIndexPageFactory(parent=home), community=session.community
    )
    MinutesFactory(association=association, title="Newest")
    TrainingClass.objects.create(
        title="First aid",
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1, hours=2),
        place="Room 2",
        capacity=10,
    )
    resident = UserFactory(community=session.community, verified=True)
    client.force_login(resident)
    _text(client)  # warm the content types and site root
    with django_assert_max_num_queries(QUERY_BUDGET):
        html = _text(client)
    for words in ("Voting is open on", "You have not adopted", "Next class", "Newest"):
        assert words in html


def test_now_items_are_ordered_and_filtered_by_kind(rf, clock, session, covenant):
    from django.contrib.auth.models import AnonymousUser

    clock.to(PHASE_DAY["voting"])
    request = rf.get("/")
    request.user = AnonymousUser()
    kinds = [item.kind for item in now_items(request)]
    assert kinds == ["voting", "covenant"]
    assert [item.kind for item in now_items(request, kinds={"covenant"})] == ["covenant"]


# Why there is no ballot on a matter -----------------------------------------------------


@pytest.fixture
def matter(session):
    return session.matters.filter(state="accepted").first()


def test_an_anonymous_matter_page_says_voting_is_open_and_how_to_vote(client, matter, clock):
    path = "/en" + matter.get_absolute_url()
    clock.to(PHASE_DAY["voting"])
    html = _text(client, path)
    assert "Verified residents of 柳林社区 can vote online" in html
    assert "/en/accounts/signup/?next=" in html
    clock.to(PHASE_DAY["results"])
    assert "Voting is open until" not in _text(client, path)


def test_an_unverified_resident_is_told_why_there_is_no_ballot(client, matter, clock):
    clock.to(PHASE_DAY["voting"])
    client.force_login(UserFactory(community=matter.community, verified_at=None))
    html = _text(client, "/en" + matter.get_absolute_url())
    assert "you cannot vote online yet: only verified residents can" in html
    assert 'action="' + reverse("governance:vote", args=[matter.pk]) not in html


def test_a_verified_resident_gets_the_ballot_and_no_notice(client, matter, clock):
    clock.to(PHASE_DAY["voting"])
    client.force_login(UserFactory(community=matter.community, verified=True))
    html = _text(client, "/en" + matter.get_absolute_url())
    assert reverse("governance:vote", args=[matter.pk]) in html
    assert "ballot-notice" not in html


def test_a_resident_of_another_community_is_told_it_is_not_theirs(client, matter, clock):
    clock.to(PHASE_DAY["voting"])
    client.force_login(UserFactory(community=CommunityFactory(), verified=True))
    html = _text(client, "/en" + matter.get_absolute_url())
    assert "You live in another community" in html


# The demo: every path reachable at load time ----------------------------------------------


def test_the_demo_home_page_says_where_to_submit_and_where_to_vote(client, db):
    import io

    from django.core.management import call_command

    from governance.models import SessionPage

    call_command("load_demo", stdout=io.StringIO())
    html = _text(client)
    collecting = SessionPage.objects.get(slug="2027-q1")
    assert "2027年第一季度议事会 is collecting matters" in html
    assert f'href="{reverse("governance:submit", args=[collecting.pk])}"' in html
    assert "Voting is open on" in html and "2026年第四季度议事会" in html
    assert "in force since" in html and "Next class" in html

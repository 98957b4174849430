"""The staff workbench (/workbench/): what waits for staff, per community, through the
community boundary, each line with its count and a link that resolves; staff only."""

from datetime import timedelta

import pytest
from django.urls import resolve, reverse
from django.utils import timezone, translation
from wagtail.models import Site

from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory
from portal.discussion import services as discussion
from portal.factories import CommunityFactory, UserFactory, school_staff_user, staff_user
from portal.workbench import items_by_community

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The lines are read in English (the page itself is asked for at /en/)."""
    with translation.override("en"):
        yield


@pytest.fixture
def here():
    return CommunityFactory(name="柳林社区")


@pytest.fixture
def there():
    return CommunityFactory(name="江滩社区")


@pytest.fixture
def index():
    home = Site.objects.get(is_default_site=True).root_page
    return SessionIndexPageFactory(parent=home)


@pytest.fixture
def waiting(index, here, there):
    """Work in both communities: ``here`` has 2 matters and 1 suggestion to triage, 3
    residents to verify, 1 flagged comment and a phase ending in 3 days; ``there`` has one
    of each kind of thing more, so a count that crosses the boundary shows."""
    now = timezone.now()
    counts = {here: (2, 1, 3), there: (3, 2, 4)}
    sessions = {}
    for community, (matters, suggestions, pending) in counts.items():
        session = SessionPageFactory(
            parent=index,
            community=community,
            collecting_starts=now - timedelta(days=7),
            discussion_starts=now + timedelta(days=3),
            voting_starts=now + timedelta(days=20),
            voting_ends=now + timedelta(days=30),
            follow_up_starts=now + timedelta(days=40),
        )
        sessions[community] = session
        MatterFactory.create_batch(matters, session=session, state="new", author__verified=True)
        MatterFactory.create_batch(
            suggestions, session=session, state="new", from_suggestion_box=True, author=None
        )
        MatterFactory(session=session, author__verified=True)  # accepted: nothing to do
        UserFactory.create_batch(pending, community=community, verified_at=None)
        accepted = session.matters.filter(state="accepted").get()
        commenter, flagger = UserFactory.create_batch(2, community=community, verified=True)
        comment = discussion.add_comment(accepted, commenter, "堆物")
        discussion.flag(comment, flagger)
    return sessions


def test_community_staff_see_their_own_community_s_counts_only(client, waiting, here):
    staff = staff_user(community=here)
    groups = dict(items_by_community(staff))
    assert list(groups) == ["柳林社区"]
    counts = {str(item.label): item.count for item in groups["柳林社区"]}
    assert counts["Residents to verify"] == 3
    assert counts["Matters to triage"] == 2
    assert counts["Suggestions to triage"] == 1
    assert counts["Comments to review (flagged or hidden)"] == 1
    ending = [item for item in groups["柳林社区"] if "ends" in str(item.label)]
    assert len(ending) == 1 and "Collecting matters" in str(ending[0].label)


def test_a_superuser_sees_every_community_apart(waiting, here, there):
    admin = UserFactory(is_superuser=True, is_staff=True, community=None)
    groups = dict(items_by_community(admin))
    assert {"柳林社区", "江滩社区"} <= set(groups)
    there_counts = {str(item.label): item.count for item in groups["江滩社区"]}
    assert there_counts["Matters to triage"] == 3
    assert there_counts["Suggestions to triage"] == 2


def test_the_page_shows_counts_and_links_that_resolve(client, waiting, here):
    staff = staff_user(community=here)
    client.force_login(staff)
    response = client.get("/en/workbench/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "柳林社区" in html and "江滩社区" not in html
    assert 'href="/en/governance/triage/"' in html or 'href="/governance/triage/"' in html
    for _name, items in items_by_community(staff):
        for item in items:
            resolve(item.url.split("#")[0].split("?")[0])  # every link leads somewhere
    # And the site's own queues open for this staff member in one tap.
    assert client.get(reverse("governance:triage")).status_code == 200
    assert client.get(reverse("discussion-moderation")).status_code == 200


def test_a_phase_ending_later_than_a_week_is_not_listed(index, here):
    now = timezone.now()
    SessionPageFactory(
        parent=index,
        community=here,
        collecting_starts=now - timedelta(days=1),
        discussion_starts=now + timedelta(days=9),
        voting_starts=now + timedelta(days=20),
        voting_ends=now + timedelta(days=30),
        follow_up_starts=now + timedelta(days=40),
    )
    items = [item for _c, group in items_by_community(staff_user(community=here)) for item in group]
    assert not [item for item in items if "ends" in str(item.label)]


def test_a_consultation_closing_within_a_week_waits_for_its_own_staff(here, there):
    from governance.covenant.factories import CovenantPageFactory, make_version

    home = Site.objects.get(is_default_site=True).root_page
    now = timezone.now()
    for community, closes_in in ((here, 3), (there, 2)):
        covenant = CovenantPageFactory(parent=home, community=community, title="公约")
        make_version(
            covenant,
            [(None, "总则", "安静", "晚上十点后不要喧哗。")],
            consultation=(now - timedelta(days=5), now + timedelta(days=closes_in)),
        )
    groups = dict(items_by_community(staff_user(community=here)))
    [item] = [item for item in groups["柳林社区"] if "Consultation" in str(item.label)]
    assert resolve(item.url).url_name == "consultation"
    assert "江滩社区" not in groups


def test_school_staff_see_lessons_awaiting_approval_and_no_community_work(waiting, here):
    groups = dict(items_by_community(school_staff_user(community=here)))
    assert list(groups) == [""]
    [item] = groups[""]
    assert str(item.label) == "Lessons and quizzes awaiting approval"
    resolve(item.url.split("?")[0])


def test_the_header_links_the_workbench_for_staff_only(client, here):
    client.force_login(staff_user(community=here))
    assert 'href="/en/workbench/"' in client.get("/en/").content.decode()
    client.force_login(UserFactory(community=here, verified=True))
    assert "/workbench/" not in client.get("/en/").content.decode()


@pytest.mark.parametrize(
    "who, status",
    [("resident", 403), ("verified", 403), ("leader", 403), ("staff", 200), ("school", 200)],
)
def test_only_staff_may_open_it(client, here, who, status):
    from portal import roles

    users = {
        "resident": lambda: UserFactory(community=here),
        "verified": lambda: UserFactory(community=here, verified=True),
        "leader": lambda: UserFactory(community=here, roles=[roles.ASSOCIATION_LEADER]),
        "staff": lambda: staff_user(community=here),
        "school": lambda: school_staff_user(community=here),
    }
    client.force_login(users[who]())
    assert client.get("/workbench/").status_code == status


def test_anonymous_readers_are_sent_to_log_in(client, db):
    response = client.get("/workbench/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_admin_account_button_shows_the_display_name(client, here):
    staff = staff_user(community=here, display_name="王主任")
    client.force_login(staff)
    html = client.get("/admin/").content.decode()
    assert "王主任" in html and staff.username not in html.split("<body")[1].split("sidebar")[0]


def test_requests_to_move_wait_for_the_staff_of_the_community_moved_to(here, there):
    from portal.moves import services as moves

    for _ in range(2):
        moves.request_move(UserFactory(community=there, verified=True), here, "搬到柳林")
    moves.request_move(UserFactory(community=here, verified=True), there, "搬到江滩")

    here_items = dict(items_by_community(staff_user(community=here)))["柳林社区"]
    there_items = dict(items_by_community(staff_user(community=there)))["江滩社区"]

    (here_moves,) = [i for i in here_items if str(i.label) == "Requests to move here"]
    (there_moves,) = [i for i in there_items if str(i.label) == "Requests to move here"]
    assert (here_moves.count, there_moves.count) == (2, 1)
    assert resolve(here_moves.url).url_name == "portal_pending_moves"

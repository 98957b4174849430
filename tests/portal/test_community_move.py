"""Community membership changes only through staff; a vote stays where it was cast."""

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory
from governance.models import Ballot, Participation, Tally
from portal import audit, roles
from portal.factories import UserFactory, staff_user
from portal.models import Notification, User
from portal.moves.models import MoveRequest

pytestmark = pytest.mark.django_db

START = datetime(2026, 1, 5, 2, 0, tzinfo=dt_timezone.utc)  # early in a quarter


class Clock:
    def __init__(self):
        self.now = START

    def to(self, days):
        self.now = START + timedelta(days=days)

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def destination_staff(other_community):
    return staff_user(community=other_community)


def ask_to_move(client, person, to, reason="搬到新租的房子"):
    client.force_login(person)
    return client.post(reverse("move_request"), {"to_community": to.pk, "reason": reason})


def decide(client, staff, move, decision="approve"):
    client.force_login(staff)
    return client.post(reverse("portal_decide_move", args=[move.pk]), {"decision": decision})


# The profile form.


def test_the_profile_form_cannot_change_the_community(client, verified_resident, other_community):
    client.force_login(verified_resident)

    response = client.post(
        reverse("profile"), {"display_name": "新名字", "email": "", "community": other_community.pk}
    )

    assert response.status_code == 302
    verified_resident.refresh_from_db()
    assert verified_resident.display_name == "新名字"
    assert verified_resident.community != other_community
    assert verified_resident.is_verified_resident


def test_a_post_with_only_the_csrf_token_empties_nothing(verified_resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(verified_resident)
    client.get(reverse("profile"))
    token = client.cookies["csrftoken"].value
    before = (verified_resident.display_name, verified_resident.community_id)

    response = client.post(reverse("profile"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    verified_resident.refresh_from_db()
    assert (verified_resident.display_name, verified_resident.community_id) == before


def test_an_empty_name_is_refused_with_a_message(client, verified_resident):
    client.force_login(verified_resident)
    response = client.post(reverse("profile"), {"display_name": "", "email": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["display_name"] == ["请填写其他居民看到的名字。"]
    verified_resident.refresh_from_db()
    assert verified_resident.display_name


# Asking to move and deciding.


def test_a_resident_asks_to_move_and_stays_until_staff_decide(
    client, verified_resident, other_community, destination_staff
):
    home = verified_resident.community
    response = ask_to_move(client, verified_resident, other_community)

    assert response.status_code == 302
    move = MoveRequest.objects.get(person=verified_resident)
    assert (move.from_community, move.to_community, move.status) == (
        home,
        other_community,
        MoveRequest.Status.PENDING,
    )
    verified_resident.refresh_from_db()
    assert verified_resident.community == home and verified_resident.is_verified_resident
    # The page says the request waits; a second request waits for the first.
    assert "正在等待" in client.get(reverse("move_request")).text
    again = ask_to_move(client, verified_resident, other_community)
    assert again.status_code == 200
    assert MoveRequest.objects.filter(person=verified_resident).count() == 1
    # A request without a reason says what is missing.
    other = UserFactory(community=home)
    response = ask_to_move(client, other, other_community, reason="")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]


def test_staff_of_the_destination_approve_a_move(
    client, verified_resident, staff, other_community, destination_staff
):
    ask_to_move(client, verified_resident, other_community)
    move = MoveRequest.objects.get(person=verified_resident)

    # Staff of the community they leave neither see nor decide it.
    client.force_login(staff)
    assert verified_resident.public_name not in client.get("/admin/residents/moves/").text
    assert decide(client, staff, move).status_code == 404

    client.force_login(destination_staff)
    assert verified_resident.public_name in client.get("/admin/residents/moves/").text
    response = decide(client, destination_staff, move)

    assert response.status_code == 302
    person = User.objects.get(pk=verified_resident.pk)
    assert person.community == other_community
    assert not person.is_verified_resident and person.verified_by is None
    assert not person.has_role(roles.VERIFIED_RESIDENT)
    assert person.community_since == move.__class__.objects.get(pk=move.pk).decided_at
    move.refresh_from_db()
    assert (move.status, move.decided_by) == (MoveRequest.Status.APPROVED, destination_staff)
    entry = audit.AuditEntry.objects.get(action=audit.Action.MOVE_RESIDENT)
    assert (entry.actor, entry.person, entry.community) == (
        destination_staff,
        person,
        other_community,
    )
    assert Notification.objects.filter(recipient=person, url=reverse("profile")).exists()
    # Decided once: a second approval changes nothing.
    assert decide(client, destination_staff, move).status_code == 404


def test_staff_decline_a_move(client, verified_resident, other_community, destination_staff):
    home = verified_resident.community
    ask_to_move(client, verified_resident, other_community)
    move = MoveRequest.objects.get(person=verified_resident)

    decide(client, destination_staff, move, "decline")

    move.refresh_from_db()
    verified_resident.refresh_from_db()
    assert move.status == MoveRequest.Status.DECLINED
    assert verified_resident.community == home and verified_resident.is_verified_resident
    assert audit.AuditEntry.objects.filter(action=audit.Action.DECLINE_MOVE).exists()
    assert Notification.objects.filter(recipient=verified_resident).exists()


def test_my_data_and_deletion_of_move_requests(
    verified_resident, other_community, destination_staff
):
    """The person's own requests are in their data and go with their account; a request a
    staff member decided keeps the decision when the staff member's account goes."""
    from portal.moves.services import decline_move, request_move
    from portal.personal_data import portal_data
    from portal.personal_data.services import erase

    move = request_move(verified_resident, other_community, "搬到女儿家附近")
    decline_move(move, destination_staff)
    pending = request_move(verified_resident, other_community, "再试一次")

    mine = portal_data.export(verified_resident)["portal.MoveRequest"].rows
    assert [row["reason"] for row in mine] == ["搬到女儿家附近", "再试一次"]
    decided = portal_data.export(destination_staff)["portal.MoveRequest"].rows
    assert [(row["decided_by_you"], "reason" in row) for row in decided] == [(True, False)]

    erase(destination_staff)
    move.refresh_from_db()
    assert (move.status, move.decided_by) == (MoveRequest.Status.DECLINED, None)
    assert move.decided_at is not None

    person = verified_resident.pk
    erase(verified_resident)
    assert not MoveRequest.objects.filter(pk__in=[move.pk, pending.pk]).exists()
    assert not MoveRequest.objects.filter(person_id=person).exists()


def test_only_a_superuser_moves_a_staff_member(
    client, staff, other_community, destination_staff, superuser
):
    ask_to_move(client, staff, other_community)
    move = MoveRequest.objects.get(person=staff)

    response = decide(client, destination_staff, move)
    assert response.status_code == 302
    assert MoveRequest.objects.get(pk=move.pk).status == MoveRequest.Status.PENDING
    staff.refresh_from_db()
    assert staff.community != other_community

    decide(client, superuser, move)
    staff.refresh_from_db()
    assert staff.community == other_community


def test_residents_cannot_decide_moves(client, verified_resident, other_community):
    ask_to_move(client, verified_resident, other_community)
    move = MoveRequest.objects.get(person=verified_resident)
    neighbour = UserFactory(community=other_community, verified=True)

    response = decide(client, neighbour, move)

    assert response.status_code in (302, 403, 404)
    move.refresh_from_db()
    assert move.status == MoveRequest.Status.PENDING


# Votes and moves.


@pytest.fixture
def sessions(clock, community, other_community):
    """A's session votes from day 20 to 30; B's from day 25 to 35 (same quarter)."""
    index = SessionIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page)
    a = SessionPageFactory(parent=index, community=community, collecting_starts=START)
    b = SessionPageFactory(
        parent=index, community=other_community, collecting_starts=START + timedelta(days=5)
    )
    return MatterFactory(session=a), MatterFactory(session=b)


def vote(client, person, matter, choice):
    client.force_login(person)
    return client.post(
        reverse("governance:vote", args=[matter.pk]), {"choice": choice}, follow=True
    )


def move_and_verify(client, person, to, staff):
    ask_to_move(client, person, to)
    decide(client, staff, MoveRequest.objects.get(person=person, status="pending"))
    client.force_login(staff)
    client.post(reverse("portal_verify_resident", args=[person.pk]))
    person.refresh_from_db()
    assert person.community == to and person.is_verified_resident


def totals(matter):
    tally = Tally.objects.get(matter=matter)
    return tally.online_for, tally.online_against, tally.online_abstain


def test_a_vote_is_not_carried_across_moves(
    client, clock, sessions, verified_resident, staff, other_community, destination_staff
):
    matter_a, matter_b = sessions
    home = verified_resident.community
    clock.to(21)
    vote(client, verified_resident, matter_a, "for")
    assert totals(matter_a) == (1, 0, 0)

    # Moved to B after B's voting opened: no vote there in this session.
    clock.to(26)
    electorate_b = matter_b.session.eligible_voters()
    move_and_verify(client, verified_resident, other_community, destination_staff)
    response = vote(client, verified_resident, matter_b, "for")
    assert not Participation.objects.filter(matter=matter_b).exists()
    assert totals(matter_b) == (0, 0, 0)
    assert "投票开始后" in response.text or response.status_code in (403, 404)

    # Nor is B's turnout counted against them.
    assert matter_b.session.eligible_voters() == electorate_b

    # Back to A: the earlier vote stays as it was, and no second one is cast.
    clock.to(27)
    move_and_verify(client, verified_resident, home, staff)
    vote(client, verified_resident, matter_a, "against")
    assert totals(matter_a) == (1, 0, 0)
    assert list(Ballot.objects.filter(matter=matter_a).values_list("choice", flat=True)) == ["for"]
    participation = Participation.objects.get(matter=matter_a)
    assert (participation.voter, participation.community) == (verified_resident, home)


def test_the_vote_service_refuses_the_ineligible_under_its_lock(
    clock, sessions, verified_resident, other_community, destination_staff
):
    from governance import services
    from portal.moves import services as moves

    matter_a, matter_b = sessions
    clock.to(21)
    move = moves.request_move(verified_resident, other_community, "新工地")
    moves.approve_move(move, destination_staff)

    with pytest.raises(services.NotEligible):  # asked of the service directly, not the view
        services.cast_vote(matter_a, verified_resident, "for")
    verified_resident.refresh_from_db()
    verified_resident.verify(by=destination_staff)
    clock.to(26)
    services.cast_vote(matter_b, verified_resident, "for")  # moved before B's voting opened
    assert totals(matter_b) == (1, 0, 0)


def test_one_communitys_sessions_per_quarter(
    client, clock, sessions, verified_resident, other_community, destination_staff
):
    matter_a, matter_b = sessions
    clock.to(21)
    vote(client, verified_resident, matter_a, "for")
    clock.to(22)  # moved before B's voting opens (day 25), in the same quarter
    move_and_verify(client, verified_resident, other_community, destination_staff)

    clock.to(26)
    response = vote(client, verified_resident, matter_b, "for")

    assert totals(matter_b) == (0, 0, 0)
    assert "本季度" in response.text or response.status_code in (403, 404)


def test_the_session_page_states_who_may_vote(client, sessions):
    matter_a, _matter_b = sessions
    response = client.get(matter_a.session.url)
    assert "投票开始时住在本社区" in response.text

"""Every action through its real URL × every role × every phase: allowed ones take effect,
refused ones change nothing and never answer with a server error."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from governance.models import Ballot, FollowUp, Matter, PhaseEnding, Tally
from portal.discussion.forms import CommentForm

from .conftest import PHASES, ROLES
from .test_rules import EXPECTED


def submit(client, user, session, matter):
    client.post(
        reverse("governance:submit", args=[session.pk]),
        {"title": "新议题", "description": "说明", "category": "safety"},
    )
    return Matter.objects.filter(title="新议题", session=session).exists()


def comment(client, user, session, matter):
    form = CommentForm(matter, user=user)
    data = {field.name: field.value() for field in form.hidden_fields() if field.name != "honeypot"}
    data["comment"] = "我同意。"
    client.post(reverse("comments-post-comment"), data)
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(Matter), object_pk=str(matter.pk)
    ).exists()


def vote(client, user, session, matter):
    client.post(reverse("governance:vote", args=[matter.pk]), {"choice": "for"})
    return Tally.objects.get(matter=matter).online_for == 1 and Ballot.objects.count() == 1


def hands(client, user, session, matter):
    client.post(
        reverse("governance:hands", args=[matter.pk]),
        {"hands_for": 3, "hands_against": 2, "hands_abstain": 1},
    )
    return Tally.objects.get(matter=matter).hands_recorded_at is not None


def follow_up(client, user, session, matter):
    client.post(
        reverse("governance:follow_up", args=[matter.pk]),
        {"status": "planned", "note": "已安排。", "response": "采纳。"},
    )
    return FollowUp.objects.filter(matter=matter).exists()


def end_phase(client, user, session, matter):
    client.post(reverse("governance:end_phase", args=[session.pk]), {"reason": "提前结束"})
    return PhaseEnding.objects.filter(session=session).exists()


def results(client, user, session, matter):
    response = client.get(reverse("governance:results_json", args=[session.pk]))
    assert response.status_code in (200, 403)
    return response.status_code == 200


ACTIONS = {
    "submit": (submit, "governance.submit_matter"),
    "comment": (comment, "governance.comment_matter"),
    "vote": (vote, "governance.vote_matter"),
    "hands": (hands, "governance.count_matter"),
    "follow_up": (follow_up, "governance.follow_up_matter"),
    "end_phase": (end_phase, "governance.end_phase_session"),
    "results": (results, "governance.view_totals_session"),
}


@pytest.fixture
def client(client):
    """The test client, failing the test on any server error."""
    client.raise_request_exception = True
    return client


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_action_matrix(action, role, phase, client, actor, clock, session, matter):
    do, perm = ACTIONS[action]
    _target, roles, phases = EXPECTED[perm]
    clock.to_phase(phase)  # first: a session started at another time may have expired
    user = actor(role)
    if user.is_authenticated:
        client.force_login(user)
    assert do(client, user, session, matter) is (role in roles and phase in phases)


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_triage_matrix(role, phase, client, actor, clock, session):
    """Staff triage in every phase; accepting needs a session collecting or discussing."""
    new = Matter.objects.create(
        community=session.community,
        title="议事箱来信",
        description="…",
        category="other",
        from_suggestion_box=True,
    )
    clock.to_phase(phase)  # first: a session started at another time may have expired
    user = actor(role)
    if user.is_authenticated:
        client.force_login(user)
    client.post(
        reverse("governance:triage_matter", args=[new.pk]),
        {"decision": "accept", "session": session.pk},
    )
    new.refresh_from_db()
    accepted = role == "staff" and phase in {"collecting", "discussion"}
    assert (new.state == "accepted") is accepted
    if role == "staff" and not accepted:
        client.post(
            reverse("governance:triage_matter", args=[new.pk]),
            {"decision": "decline", "reason": "不属于社区事务"},
        )
        new.refresh_from_db()
        assert new.state == "declined"


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_pages_answer_in_every_phase(role, phase, client, actor, clock, session, matter):
    clock.to_phase(phase)  # first: a session started at another time may have expired
    user = actor(role)
    if user.is_authenticated:
        client.force_login(user)
    for url in (
        session.url,
        session.get_parent().url,
        matter.get_absolute_url(),
        reverse("governance:results", args=[session.pk]),
        reverse("governance:follow_up_list", args=[session.pk]),
        reverse("governance:print_session", args=[session.pk]),
        reverse("governance:print_matter", args=[matter.pk]),
        reverse("governance:suggest"),
        reverse("governance:feed_matters"),
        reverse("governance:feed_results_atom"),
    ):
        assert client.get(url).status_code == 200, url


def test_triage_queue_lists_only_the_staffs_own_community(client, session, staff, other_staff):
    Matter.objects.create(
        community=session.community, title="本社区来信", description="…", category="other"
    )
    client.force_login(other_staff)
    assert "本社区来信" not in client.get(reverse("governance:triage")).text
    client.force_login(staff)
    assert "本社区来信" in client.get(reverse("governance:triage")).text

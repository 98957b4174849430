import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from governance import services
from governance.factories import MatterFactory
from governance.models import Electorate, SessionPage, Tally
from governance.results import session_results
from portal.factories import UserFactory


@pytest.fixture
def voters(community, opens_at):
    """Ten residents verified before the session opened."""
    return [
        UserFactory(community=community, verified=True, verified_at=opens_at - timedelta(days=1))
        for _ in range(10)
    ]


def vote(matter, voters, choices):
    for voter, choice in zip(voters, choices, strict=False):
        services.cast_vote(matter, voter, choice)


@pytest.mark.parametrize(
    ("choices", "hands", "outcome"),
    [
        (["for", "for", "against"], None, "adopted"),  # 3 of 10 voted ≥ 20% quorum, 2/3 for
        (["for", "against"], None, "not_adopted"),  # exactly half is not more than half
        (["for"], None, "no_quorum"),  # 1 of 10 < 20%
        (["for", "abstain", "abstain"], None, "adopted"),  # abstentions count for quorum only
        (["for"], (0, 3, 0), "not_adopted"),  # in-person counts join the online ones
        ([], (2, 0, 0), "adopted"),
    ],
)
def test_decision_rule(session, voters, choices, hands, outcome):
    matter = MatterFactory(session=session)
    vote(matter, voters, choices)
    if hands:
        tally = Tally.objects.get(matter=matter)
        tally.hands_for, tally.hands_against, tally.hands_abstain = hands
        services.record_hands(tally, None)
    (result,) = session_results(session)
    assert result.eligible == 10
    assert result.outcome == outcome


@pytest.fixture
def decided(clock, session, voters):
    clock.to_phase("results")
    matter = MatterFactory(session=session, title="垃圾清运")
    vote(matter, voters, ["for", "for", "for", "against", "abstain"])
    tally = Tally.objects.get(matter=matter)
    tally.hands_for, tally.hands_against, tally.hands_abstain = 7, 2, 1
    services.record_hands(tally, None)
    return matter


def test_results_page_shows_counts_chart_and_outcome(client, decided, session):
    page = client.get(reverse("governance:results", args=[session.pk])).text
    assert "<svg" in page and "<table" in page
    assert "垃圾清运" in page
    for number in (">3<", ">7<", ">10<"):  # for: online, in person, together
        assert number in page


def test_results_json(client, decided, session):
    data = json.loads(client.get(reverse("governance:results_json", args=[session.pk])).content)
    (row,) = data["matters"]
    assert row["online"] == {"for": 3, "against": 1, "abstain": 1}
    assert row["in_person"] == {"for": 7, "against": 2, "abstain": 1}
    assert row["total"] == {"for": 10, "against": 3, "abstain": 2}
    assert row["outcome"] == "adopted"


def test_results_csv(client, decided, session):
    response = client.get(reverse("governance:results_csv", args=[session.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0]["title"] == "垃圾清运"
    assert (rows[0]["total_for"], rows[0]["in_person_against"], rows[0]["outcome"]) == (
        "10",
        "2",
        "adopted",
    )


def test_totals_are_hidden_while_voting_unless_the_session_shows_them(
    client, clock, session, voters
):
    clock.to_phase("voting")
    matter = MatterFactory(session=session)
    vote(matter, voters, ["for"])
    assert client.get(reverse("governance:results_json", args=[session.pk])).status_code == 403
    assert "<svg" not in client.get(matter.get_absolute_url()).text
    session.show_running_totals = True
    session.save_revision().publish()
    assert client.get(reverse("governance:results_json", args=[session.pk])).status_code == 200


# Turnout is measured against the electorate as it was when voting ended.


def results_json(client, session):
    return json.loads(client.get(reverse("governance:results_json", args=[session.pk])).content)


def verify_newcomers(community, count, staff=None):
    """``count`` residents who arrive and are verified now (the clock's now)."""
    for _ in range(count):
        UserFactory(community=community).verify(staff)


@pytest.mark.parametrize("asked_before", [True, False], ids=["results-seen", "results-unseen"])
def test_residents_verified_after_voting_do_not_change_the_outcome(
    client, clock, session, voters, community, asked_before
):
    clock.to_phase("voting")
    matter = MatterFactory(session=session)
    vote(matter, voters, ["for", "for", "against"])  # 3 of 10 voted: quorum (20%) met
    clock.to_phase("results")
    if asked_before:
        before = results_json(client, session)
        assert before["eligible"] == 10
        assert before["matters"][0]["outcome"] == "adopted"
    verify_newcomers(community, 40)  # today's count would make it 3 of 50: no quorum
    clock.to_phase("follow_up")
    after = results_json(client, session)
    assert after["eligible"] == 10
    (row,) = after["matters"]
    assert (row["eligible"], row["turnout"], row["outcome"]) == (10, 0.3, "adopted")
    (result,) = session_results(session)
    assert result.outcome == "adopted"
    assert f"{result.turnout:.0%}" in client.get(matter.get_absolute_url()).text


def test_a_voter_who_moved_away_still_counts(client, clock, session, voters, other_community):
    clock.to_phase("voting")
    matter = MatterFactory(session=session)
    vote(matter, voters, ["for", "for", "against"])
    voters[0].community = other_community
    voters[0].save()
    clock.to_phase("results")
    assert results_json(client, session)["eligible"] == 10


def test_ending_voting_early_freezes_the_electorate_then(
    client, clock, session, voters, community, staff
):
    clock.to_phase("voting")
    matter = MatterFactory(session=session)
    vote(matter, voters, ["for", "for", "against"])
    client.force_login(staff)
    client.post(reverse("governance:end_phase", args=[session.pk]), {"reason": "会议已举手表决"})
    session = SessionPage.objects.get(pk=session.pk)
    assert session.phase().key == "results"
    assert Electorate.objects.get(session=session).eligible == 10
    clock.now += timedelta(hours=1)  # still before the session's own voting end date
    verify_newcomers(community, 40, staff)
    assert results_json(client, session)["eligible"] == 10
    assert results_json(client, session)["matters"][0]["outcome"] == "adopted"


def test_while_voting_runs_the_base_is_todays_verified_residents(clock, session, voters, community):
    clock.to_phase("voting")
    assert session.eligible_voters() == 10
    verify_newcomers(community, 5)
    assert SessionPage.objects.get(pk=session.pk).eligible_voters() == 15
    assert not Electorate.objects.exists()


def test_moving_the_end_of_voting_counts_again(clock, session, voters, community):
    clock.to_phase("results")
    assert session.eligible_voters() == 10
    verify_newcomers(community, 5)
    # Staff move the end of voting later, past the newcomers' verification.
    session.voting_ends = clock.now + timedelta(hours=1)
    session.follow_up_starts = clock.now + timedelta(days=10)
    session.save_revision().publish()
    clock.now += timedelta(hours=2)
    assert SessionPage.objects.get(pk=session.pk).eligible_voters() == 15


def test_results_page_says_the_count_is_as_of_the_end_of_voting(client, clock, session, voters):
    clock.to_phase("results")
    MatterFactory(session=session)
    page = client.get(reverse("governance:results", args=[session.pk])).text
    ended = timezone.localtime(session.voting_ends).strftime("%Y-%m-%d %H:%M")
    with translation.override("zh-hans"):
        expected = gettext(
            "%(eligible)s verified residents could vote when voting ended (%(ended)s). "
            "Quorum %(quorum)s%%; adopted when more than %(share)s%% of for and against "
            "votes are for."
        ) % {"eligible": 10, "ended": ended, "quorum": 20, "share": 50}
    assert expected in page


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_results_csv_cells_never_run_as_formulas(client, decided, session, start):
    title = f'{start}HYPERLINK("http://example.com","点击")'
    decided.title = title
    decided.save()
    response = client.get(reverse("governance:results_csv", args=[session.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[1][1] == "'" + title
    assert rows[1][3] == "3"  # numbers stay numbers
    assert not any(
        cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row
    )

"""No page, feed, export or dump of the database links a person to how they voted."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError, connection, models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.snippets.models import get_snippet_models

from governance import services
from governance.factories import MatterFactory
from governance.models import Ballot, Matter, Participation, Tally, ballot_token
from portal.factories import UserFactory


@pytest.mark.parametrize("phase", ["voting", "results", "follow_up"])
def test_voter_names_appear_nowhere(client, clock, session, staff, phase):
    clock.to_phase("voting")
    matter = MatterFactory(session=session)
    voters = [
        UserFactory(community=session.community, verified=True, display_name=f"秘密投票人{i}")
        for i in range(3)
    ]
    for voter, choice in zip(voters, ["for", "against", "abstain"], strict=True):
        services.cast_vote(matter, voter, choice)
    clock.to_phase(phase)
    urls = [
        session.url,
        matter.get_absolute_url(),
        reverse("governance:results", args=[session.pk]),
        reverse("governance:results_csv", args=[session.pk]),
        reverse("governance:results_json", args=[session.pk]),
        reverse("governance:follow_up_list", args=[session.pk]),
        reverse("governance:print_session", args=[session.pk]),
        reverse("governance:print_matter", args=[matter.pk]),
        reverse("governance:feed_matters"),
        reverse("governance:feed_results"),
    ]
    for viewer in (None, voters[1], staff):
        if viewer:
            client.force_login(viewer)
        for url in urls:
            text = client.get(url).content.decode()
            for voter in voters:
                if voter != viewer:
                    assert voter.display_name not in text, url
                    assert voter.phone not in text, url


def test_votes_are_not_an_admin_snippet():
    assert not {Ballot, Participation} & set(get_snippet_models())


def test_a_vote_describes_itself_without_voter_or_choice(matter, verified_resident):
    services.cast_vote(matter, verified_resident, "against")
    for row in (Ballot.objects.get(), Participation.objects.get()):
        text = str(row)
        assert verified_resident.public_name not in text and "against" not in text


# A dump of the database alone ----------------------------------------------------------------
# What an attacker holding every row of both tables (and, on PostgreSQL, the rows' physical
# addresses and transaction ids) tries: join on any shared column, or line the ballots up with
# the participations by id, time, insertion order (rowid) or physical order (ctid).

VOTERS = 40


def _vote_many(matter, count=VOTERS):
    """``count`` verified residents vote; returns {voter: choice}. The choices follow a
    pattern, so that lining the ballots up in voting order would recover it."""
    pattern = ["for", "for", "against", "abstain", "for", "against"]
    voters = [UserFactory(community=matter.community, verified=True) for _ in range(count)]
    cast = {}
    for i, voter in enumerate(voters):
        cast[voter] = pattern[i % len(pattern)]
        services.cast_vote(matter, voter, cast[voter])
    return cast


def _rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _orderings(matter):
    """(name, voter ids in that order, ballot ids in that order) for every ordering tried."""
    p_table, b_table = Participation._meta.db_table, Ballot._meta.db_table
    orders = {
        "primary key": "id",
        "no ORDER BY (as a dump lists them)": None,
    }
    if connection.vendor == "postgresql":
        orders["physical order (ctid)"] = "ctid"
        orders["transaction id (xmin)"] = "xmin::text::bigint, ctid"
    for name, order in orders.items():
        suffix = f" ORDER BY {order}" if order else ""
        voters = _rows(f"SELECT voter_id FROM {p_table} WHERE matter_id = %s{suffix}", [matter.pk])
        ballots = [
            Ballot._meta.pk.to_python(pk)
            for pk in _rows(f"SELECT id FROM {b_table} WHERE matter_id = %s{suffix}", [matter.pk])
        ]
        yield name, voters, ballots
    participations = Participation.objects.filter(matter=matter)
    ballots = Ballot.objects.filter(matter=matter)
    yield (
        "voter id, and the token made from it",
        list(participations.order_by("voter").values_list("voter", flat=True)),
        list(ballots.order_by("token").values_list("pk", flat=True)),
    )
    by_day = participations.order_by("voted_on", "pk")
    yield (
        "day voted, then id",
        list(by_day.values_list("voter", flat=True)),
        list(Ballot.objects.filter(matter=matter).order_by("pk").values_list("pk", flat=True)),
    )


def _truth(matter, voters):
    """Which ballot is whose: computable only with the key, which the dump does not hold."""
    ballot_of = {b.token: b.pk for b in Ballot.objects.filter(matter=matter)}
    return {voter.pk: ballot_of[ballot_token(voter.pk, matter.pk)] for voter in voters}


def _rank_correlation(first, second):
    n = len(first)
    rank = {value: i for i, value in enumerate(second)}
    d2 = sum((i - rank[value]) ** 2 for i, value in enumerate(first))
    return 1 - 6 * d2 / (n * (n * n - 1))


def test_the_two_tables_share_no_column_but_the_matter():
    ballot = {f.column for f in Ballot._meta.concrete_fields}
    participation = {f.column for f in Participation._meta.concrete_fields}
    assert ballot & participation == {"id", "matter_id"}
    assert isinstance(Ballot._meta.pk, models.UUIDField)  # random: says nothing of when
    assert not any(
        isinstance(f, models.DateField | models.DateTimeField | models.ForeignKey)
        and (not isinstance(f, models.ForeignKey) or f.related_model is not Matter)
        for f in Ballot._meta.concrete_fields
    )
    assert not any(isinstance(f, models.DateTimeField) for f in Participation._meta.fields)


def test_a_dump_cannot_line_the_ballots_up_with_the_voters(clock, session):
    clock.to_phase("voting")
    matter = MatterFactory(session=session)
    cast = _vote_many(matter)
    truth = _truth(matter, cast)
    # The key does link them (so this test can tell): each ballot holds its voter's choice.
    assert all(Ballot.objects.get(pk=truth[v.pk]).choice == c for v, c in cast.items())
    voter_ids = {v.pk for v in cast}
    ballot_values = set(Ballot.objects.filter(matter=matter).values_list("token", flat=True)) | {
        str(pk) for pk in Ballot.objects.values_list("pk", flat=True)
    }
    assert not {str(i) for i in voter_ids} & ballot_values  # no voter id anywhere in a ballot
    for name, voters, ballots in _orderings(matter):
        assert sorted(voters) == sorted(voter_ids) and len(ballots) == VOTERS, name
        # Pair the i-th voter with the i-th ballot: right no more often than by chance
        # (one pair on average; eight or more happens about once in 100,000 runs).
        right = sum(truth[voter] == ballot for voter, ballot in zip(voters, ballots, strict=True))
        assert right < 8, f"{name}: {right} of {VOTERS} ballots linked to their voters"
        order = [truth[voter] for voter in voters]
        assert abs(_rank_correlation(order, ballots)) < 0.7, name


@pytest.mark.skipif(connection.vendor != "sqlite", reason="rowid is SQLite's")
def test_sqlite_ballots_have_no_rowid(matter, verified_resident):
    """``WITHOUT ROWID``: the rows lie in the order of their random keys. A migration that
    rebuilds the table (Django does on SQLite to alter it) must keep that."""
    services.cast_vote(matter, verified_resident, "for")
    with pytest.raises(OperationalError), connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {Ballot._meta.db_table}")


def test_when_voting_ends_the_ballots_are_put_back_in_random_order(client, clock, session):
    clock.to_phase("voting")
    matters = [MatterFactory(session=session) for _ in range(2)]
    for matter in matters:
        _vote_many(matter, 12)
    before = set(Ballot.objects.values_list("pk", flat=True))
    choices = sorted(Ballot.objects.values_list("matter", "token", "choice"))
    clock.to_phase("results")
    client.get(reverse("governance:results", args=[session.pk]))  # counts the electorate
    assert not before & set(Ballot.objects.values_list("pk", flat=True))  # all new keys
    assert sorted(Ballot.objects.values_list("matter", "token", "choice")) == choices
    if connection.vendor == "postgresql":  # one transaction wrote them all
        assert len(set(_rows(f"SELECT xmin::text FROM {Ballot._meta.db_table}"))) == 1
    for matter in matters:
        tally = Tally.objects.get(matter=matter)
        assert tally.online_for + tally.online_against + tally.online_abstain == 12


def test_a_deleted_account_leaves_its_ballots_counted_and_unlinked(matter, community):
    voters = [UserFactory(community=community, verified=True) for _ in range(3)]
    for voter, choice in zip(voters, ["for", "against", "against"], strict=True):
        services.cast_vote(matter, voter, choice)
    gone = voters[1]
    gone_id, token = gone.pk, ballot_token(gone.pk, matter.pk)
    gone.delete()
    assert not Participation.objects.filter(voter_id=gone_id).exists()
    assert not Ballot.objects.filter(token=token).exists()  # not even the key finds it
    assert sorted(Ballot.objects.values_list("choice", flat=True)) == ["against", "against", "for"]
    tally = Tally.objects.get(matter=matter)
    assert (tally.online_for, tally.online_against, tally.online_abstain) == (1, 2, 0)


def test_with_another_key_a_vote_stays_counted_and_cannot_be_changed(
    client, clock, matter, verified_resident, settings
):
    clock.to_phase("voting")
    client.force_login(verified_resident)
    url = reverse("governance:vote", args=[matter.pk])
    client.post(url, {"choice": "for"})
    settings.YISHI_BALLOT_KEY = "another-key"
    response = client.post(url, {"choice": "against"}, follow=True)
    assert response.status_code == 200
    with translation.override("zh-hans"):
        message = gettext(
            "Your earlier vote on this matter is counted, but it can no longer be changed."
        )
        assert message in response.text
    tally = Tally.objects.get(matter=matter)
    assert (tally.online_for, tally.online_against) == (1, 0)
    assert Ballot.objects.get(matter=matter).choice == "for"


def test_production_refuses_to_start_without_a_ballot_key():
    env = {k: v for k, v in os.environ.items() if k != "YISHI_BALLOT_KEY"}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="yishi.example.org",
    )
    code = "import django; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "Set the YISHI_BALLOT_KEY environment variable" in result.stderr

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Site

from governance import services
from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory
from governance.models import Ballot, Participation, Tally, ballot_token
from portal.factories import CommunityFactory, UserFactory


def totals(matter):
    tally = Tally.objects.get(matter=matter)
    return tally.online_for, tally.online_against, tally.online_abstain


def test_vote_and_change_it_keeps_one_vote_and_right_totals(
    client, clock, matter, verified_resident
):
    clock.to_phase("voting")
    client.force_login(verified_resident)
    url = reverse("governance:vote", args=[matter.pk])
    client.post(url, {"choice": "for"})
    assert totals(matter) == (1, 0, 0)
    response = client.post(url, {"choice": "against"}, follow=True)
    assert totals(matter) == (0, 1, 0)
    assert Participation.objects.filter(matter=matter).count() == 1
    assert Ballot.objects.filter(matter=matter).count() == 1
    with translation.override("zh-hans"):
        assert gettext("Your vote is saved. You may change it until voting ends.") in response.text
    client.post(url, {"choice": "against"})  # a replay changes nothing
    assert totals(matter) == (0, 1, 0)


def test_vote_after_the_phase_ends_is_refused_with_a_message(
    client, clock, matter, verified_resident
):
    clock.to_phase("voting")
    client.force_login(verified_resident)
    url = reverse("governance:vote", args=[matter.pk])
    client.post(url, {"choice": "for"})
    clock.to_phase("results")
    client.force_login(verified_resident)
    response = client.post(url, {"choice": "against"}, follow=True)
    assert response.status_code == 200
    assert totals(matter) == (1, 0, 0)


@pytest.mark.parametrize("choice", ["", "yes", "<script>", "for' OR 1=1"])
def test_bad_choice_is_a_message_not_a_500(client, clock, matter, verified_resident, choice):
    clock.to_phase("voting")
    client.force_login(verified_resident)
    response = client.post(reverse("governance:vote", args=[matter.pk]), {"choice": choice})
    assert response.status_code == 302
    assert not Participation.objects.exists() and not Ballot.objects.exists()
    assert totals(matter) == (0, 0, 0)


def test_one_vote_per_person_is_a_database_constraint(matter, verified_resident, community):
    services.cast_vote(matter, verified_resident, "for")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(matter=matter, voter=verified_resident, community=community)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(
            matter=matter, token=ballot_token(verified_resident.pk, matter.pk), choice="against"
        )


def test_totals_match_the_votes_after_many_changes(matter, community):
    voters = [UserFactory(community=community, verified=True) for _ in range(6)]
    for i, voter in enumerate(voters):
        services.cast_vote(matter, voter, ["for", "against", "abstain"][i % 3])
    for voter in voters[:3]:
        services.cast_vote(matter, voter, "for")
    counted = {
        c: Ballot.objects.filter(matter=matter, choice=c).count()
        for c in ("for", "against", "abstain")
    }
    assert totals(matter) == (counted["for"], counted["against"], counted["abstain"]) == (4, 1, 1)


def matter_open_for_voting():
    """A matter whose voting is open now, for tests whose threads can't share a patched clock
    (the session's dates move instead)."""
    index = SessionIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page)
    session = SessionPageFactory(
        parent=index,
        community=CommunityFactory(),
        collecting_starts=timezone.now() - timedelta(days=25),
    )
    return MatterFactory(session=session)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
def test_concurrent_double_clicks_make_exactly_one_vote():
    """Twenty requests at once, each on its own connection, for one person and one matter."""
    matter = matter_open_for_voting()
    voter = UserFactory(community=matter.community, verified=True)
    url = reverse("governance:vote", args=[matter.pk])
    barrier = threading.Barrier(20)
    statuses, errors = [], []

    def click(choice):
        try:
            client = Client()
            client.force_login(voter)
            barrier.wait()
            statuses.append(client.post(url, {"choice": choice}).status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(["for", "against"][i % 2],)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert statuses == [302] * 20
    assert Participation.objects.filter(matter=matter, voter=voter).count() == 1
    assert Ballot.objects.filter(matter=matter).count() == 1
    vote = Ballot.objects.of(voter, matter)
    expected = (1, 0, 0) if vote.choice == "for" else (0, 1, 0)
    assert totals(matter) == expected


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
def test_concurrent_voters_on_one_matter_keep_the_totals_equal_to_the_votes():
    """Twenty people vote at once on one matter, then all change their minds at once."""
    matter = matter_open_for_voting()
    voters = [UserFactory(community=matter.community, verified=True) for _ in range(20)]
    url = reverse("governance:vote", args=[matter.pk])
    errors = []

    def wave(choices):
        barrier = threading.Barrier(len(voters))

        def click(voter, choice):
            try:
                client = Client()
                client.force_login(voter)
                barrier.wait()
                assert client.post(url, {"choice": choice}).status_code == 302
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=click, args=pair) for pair in zip(voters, choices, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    wave(["for"] * 12 + ["against"] * 8)
    assert totals(matter) == (12, 8, 0)
    wave(["against"] * 5 + ["abstain"] * 15)
    assert not errors
    assert Participation.objects.filter(matter=matter).count() == 20
    assert Ballot.objects.filter(matter=matter).count() == 20
    assert totals(matter) == (0, 5, 15)
    # Newcomers' ballots are stirred in with others while those others change their minds.
    voters[10:] = [UserFactory(community=matter.community, verified=True) for _ in range(10)]
    wave(["for"] * 20)
    assert not errors
    assert Ballot.objects.filter(matter=matter).count() == 30
    assert totals(matter) == (20, 0, 10)
    mine = [Ballot.objects.of(voter, matter).choice for voter in voters]
    assert mine == ["for"] * 20


@pytest.mark.parametrize("running_totals", [False, True])
def test_a_vote_empties_the_page_cache_only_when_totals_are_public(
    client, clock, matter, verified_resident, running_totals
):
    from django.core.cache import cache

    from portal import caching

    matter.session.show_running_totals = running_totals
    matter.session.save_revision().publish()
    clock.to_phase("voting")
    results = reverse("governance:results", args=[matter.session.pk])
    before = client.get(results).text  # now cached for anonymous readers
    version = cache.get(caching.VERSION_KEY)
    voter = Client()
    voter.force_login(verified_resident)
    voter.post(reverse("governance:vote", args=[matter.pk]), {"choice": "for"})
    assert (cache.get(caching.VERSION_KEY) != version) is running_totals
    # With public running totals, anonymous readers see the new total at once.
    assert (client.get(results).text != before) is running_totals

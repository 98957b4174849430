"""Personal pages kept per person (portal.caching.cache_for_user), on the matter page: a
resident's own vote, others' comments and phase changes always show at once."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from governance.models import Ballot
from portal.discussion import services as discussion
from portal.factories import UserFactory


@pytest.fixture
def voting(clock, matter):
    clock.to_phase("voting")
    return matter


def reader(user):
    client = Client()
    client.force_login(user)
    return client


def read(client, matter):
    """GET the matter page; the first read sets the CSRF cookie, so that page is not kept."""
    return client.get(reverse("governance:matter", args=[matter.pk]))


def cached(response):
    return response.get("X-Page-Cache") == "hit"


def test_a_second_read_by_the_same_person_is_served_from_their_cache(
    voting, verified_resident, django_assert_max_num_queries
):
    client = reader(verified_resident)
    read(client, voting)
    first = read(client, voting)
    with django_assert_max_num_queries(3):  # the session's user and their roles
        again = read(client, voting)
    assert not cached(first) and cached(again)
    assert again.content == first.content


def test_nobody_gets_another_persons_page(voting, verified_resident, other_verified_resident):
    mine = reader(verified_resident)
    read(mine, voting)
    read(mine, voting)
    theirs = reader(other_verified_resident)
    read(theirs, voting)
    page = read(theirs, voting)
    assert not cached(page)
    assert other_verified_resident.public_name in page.text
    assert verified_resident.public_name not in page.text


def test_ones_own_vote_shows_at_once(voting, verified_resident):
    client = reader(verified_resident)
    read(client, voting)
    read(client, voting)
    url = reverse("governance:vote", args=[voting.pk])
    for choice in ("for", "against"):
        client.post(url, {"choice": choice})
        client.cookies.pop("messages", None)  # read the page as on a later visit
        page = read(client, voting)
        assert not cached(page)
        assert Ballot.objects.of(verified_resident, voting).choice == choice
        checked = re.findall(r'<input[^>]*name="choice" value="(\w+)"[^>]*checked>', page.text)
        assert checked == [choice]


def test_another_persons_comment_shows_at_once(voting, verified_resident, community):
    client = reader(verified_resident)
    read(client, voting)
    read(client, voting)
    discussion.add_comment(voting, UserFactory(community=community), "我也赞成这个议题")
    page = read(client, voting)
    assert not cached(page) and "我也赞成这个议题" in page.text


def test_a_phase_change_shows_at_once(clock, voting, verified_resident):
    client = reader(verified_resident)
    read(client, voting)
    assert cached(read(client, voting)) is False
    assert cached(read(client, voting)) is True
    clock.to_phase("results")
    assert not cached(read(client, voting))


def test_staff_always_get_a_fresh_page(voting, staff):
    client = reader(staff)
    for _ in range(3):
        assert not cached(read(client, voting))


def test_off_at_zero_seconds(voting, verified_resident, settings):
    settings.YISHI_PAGE_CACHE_SECONDS = 0
    client = reader(verified_resident)
    for _ in range(3):
        assert not cached(read(client, voting))

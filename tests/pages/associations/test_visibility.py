"""Members-only minutes stay with members: on pages, in lists and in feeds."""

import pytest
from django.urls import reverse

from pages.associations.models import SiteType
from portal.discussion.services import can_comment
from tests.factories.associations import AssociationPageFactory, MinutesFactory

from .conftest import login


@pytest.fixture
def records(association):
    return {
        "public": MinutesFactory(association=association, title="公开的纪要"),
        "members": MinutesFactory(association=association, title="会员才能看", members_only=True),
        "draft": MinutesFactory(association=association, title="还没写完", draft=True),
    }


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        ("anonymous", {"public"}),
        ("resident", {"public"}),
        ("other_leader", {"public"}),
        ("member", {"public", "members"}),
        ("leader", {"public", "members", "draft"}),
        ("staff", {"public", "members", "draft"}),
    ],
)
@pytest.mark.parametrize("where", ["page", "list"])
def test_who_sees_which_minutes(client, association, users, records, role, seen, where):
    login(client, users[role])
    url = (
        association.url
        if where == "page"
        else reverse("associations:minutes_list", args=[association.pk])
    )
    html = client.get(url).content.decode()
    shown = {key for key, record in records.items() if record.title in html}
    expected = seen - {"draft"} if where == "list" else seen
    assert shown == expected


@pytest.mark.parametrize(
    "url",
    [
        lambda a: reverse("associations:feed_rss"),
        lambda a: reverse("associations:feed_atom"),
        lambda a: reverse("associations:association_feed_rss", args=[a.pk]),
        lambda a: reverse("associations:association_feed_atom", args=[a.pk]),
    ],
    ids=["all-rss", "all-atom", "one-rss", "one-atom"],
)
def test_feeds_carry_public_minutes_only(client, association, member, records, url):
    client.force_login(member)  # even a member's feed reader gets public minutes only
    response = client.get(url(association))
    assert response.status_code == 200
    body = response.content.decode()
    assert "公开的纪要" in body
    assert "会员才能看" not in body and "还没写完" not in body


def test_association_feed_has_only_its_own_minutes(client, association, other_association):
    MinutesFactory(association=association, title="本协会")
    MinutesFactory(association=other_association, title="别的协会")
    body = client.get(reverse("associations:association_feed_rss", args=[association.pk])).content
    assert "本协会" in body.decode() and "别的协会" not in body.decode()


@pytest.mark.parametrize(
    ("role", "may_comment"),
    [
        ("anonymous", False),
        ("resident", False),
        ("other_leader", False),
        ("member", True),
        ("leader", True),
        ("staff", True),
    ],
)
def test_members_comment_on_published_minutes(users, records, role, may_comment):
    from django.contrib.auth.models import AnonymousUser

    user = users[role] or AnonymousUser()
    assert can_comment(user, records["public"]) is may_comment
    assert can_comment(user, records["members"]) is may_comment
    assert can_comment(user, records["draft"]) is False


def test_index_groups_and_filters_by_site_type(client, association_index, community):
    AssociationPageFactory(
        parent=association_index,
        community=community,
        title="工地协会甲",
        site_type=SiteType.CONSTRUCTION_SITE,
    )
    AssociationPageFactory(
        parent=association_index,
        community=community,
        title="小区协会乙",
        site_type=SiteType.COMPOUND,
    )
    html = client.get(association_index.url).content.decode()
    assert "工地协会甲" in html and "小区协会乙" in html
    html = client.get(association_index.url + "?type=compound").content.decode()
    assert "小区协会乙" in html and "工地协会甲" not in html

"""Covenant clauses and association minutes on the search page, the suggestions and the admin.

Who may find what is decided at query time: only the clauses of each covenant's version
in force; published minutes only, members-only ones for the association's members and
the community's staff.
"""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from governance.covenant.factories import CovenantPageFactory, make_version
from governance.covenant.models import CovenantVersion
from tests.factories.associations import MembershipFactory, MinutesFactory

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    return client.get(reverse("search"), {"q": q, **params})


def sections(response):
    return {section.group.key: section for section in response.context["sections"]}


def titles(response, key):
    found = sections(response)
    return [hit.title for hit in found[key].hits] if key in found else []


def suggestions(client, q):
    return client.get(reverse("search_suggest"), {"q": q}).json()["suggestions"]


# Covenant clauses ---------------------------------------------------------------------------


@pytest.fixture
def covenant(search_backend, community):
    home = Site.objects.get(is_default_site=True).root_page
    return CovenantPageFactory(parent=home, community=community, slug="gongyue")


@pytest.fixture
def versions(covenant):
    """Version 1 (superseded), version 2 (in force), a draft and a draft open for comments."""
    today, now = timezone.localdate(), timezone.now()
    v1 = make_version(
        covenant,
        [(None, "安全", "夜间安静时段", "晚上十点以后不要大声喧哗，噪音扰民要劝阻。")],
        effective_date=today - timedelta(days=400),
    )
    clause = v1.rows[0].clause
    v2 = make_version(
        covenant,
        [(clause, "安全", "夜间安静时段", "晚上十点以后保持安静，建筑工地夜间施工要提前告知。")],
        effective_date=today - timedelta(days=10),
    )
    make_version(covenant, [(clause, "安全", "夜间安静时段", "草稿：工地施工改为九点停工。")])
    make_version(
        covenant,
        [(clause, "安全", "夜间安静时段", "征求意见稿：工地施工八点停工。")],
        consultation=(now - timedelta(days=1), now + timedelta(days=10)),
    )
    return v1, v2


def test_a_clause_in_force_is_found_with_its_snippet_and_link(client, versions):
    _v1, v2 = versions

    response = search(client, "建筑工地")

    clauses = sections(response)["clauses"]
    assert [hit.title for hit in clauses.hits] == ["夜间安静时段"]
    assert clauses.hits[0].url == v2.rows[0].clause.get_absolute_url()
    assert "<mark>建筑工地</mark>" in clauses.hits[0].snippet
    assert client.get(clauses.hits[0].url).status_code == 200


def test_superseded_and_draft_versions_are_never_found(client, versions, superuser):
    for user in (None, superuser):
        if user:
            client.force_login(user)
        assert titles(search(client, "噪音"), "clauses") == []  # only in version 1
        assert titles(search(client, "停工"), "clauses") == []  # only in the drafts
        assert titles(search(client, "施工"), "clauses") == ["夜间安静时段"]  # once, from v2
        assert suggestions(client, "夜间") == ["夜间安静时段"]


def test_a_version_coming_into_force_replaces_the_old_one_without_reindexing(
    client, covenant, versions
):
    v1, v2 = versions
    v2.effective_date = timezone.localdate() + timedelta(days=5)  # not yet in force
    v2.save()

    assert titles(search(client, "噪音"), "clauses") == ["夜间安静时段"]
    assert titles(search(client, "建筑工地"), "clauses") == []


def test_clauses_of_an_unpublished_covenant_page_are_never_found(client, covenant, versions):
    covenant.unpublish()
    assert titles(search(client, "建筑工地"), "clauses") == []


def test_the_type_filter_shows_only_clauses(client, versions):
    MinutesFactory(title="讨论建筑工地噪音", discussion="建筑工地的事")

    response = search(client, "建筑工地", type="clauses")

    assert list(sections(response)) == ["clauses"]
    assert response.context["chosen"].key == "clauses"
    page = response.content.decode()
    assert 'type=clauses" aria-current="page">' in page
    assert 'type=minutes">' in page  # the other types stay one tap away
    assert titles(search(client, "建筑工地", type="minutes"), "minutes") == ["讨论建筑工地噪音"]


# Minutes ----------------------------------------------------------------------------------


@pytest.fixture
def minutes(search_backend, community):
    """Public, members-only and draft minutes of one association of ``community``."""
    members_only = MinutesFactory(
        title="内部例会纪要",
        discussion="会费的事只在会员中商量。",
        members_only=True,
        association__community=community,
    )
    association = members_only.association
    public = MinutesFactory(
        title="三月例会", discussion="会议纪要贴在北门公告栏。", association=association
    )
    MinutesFactory(
        title="草稿纪要", discussion="还没发布的纪要。", draft=True, association=association
    )
    return public, members_only


def test_minutes_are_found_by_a_word_inside_their_text_with_a_snippet(client, minutes):
    public, _members_only = minutes

    response = search(client, "纪要", type="minutes")

    assert titles(response, "minutes") == ["三月例会"]
    hit = sections(response)["minutes"].hits[0]
    assert hit.url == public.get_absolute_url()
    assert "<mark>纪要</mark>" in hit.snippet


def test_a_non_member_never_finds_members_only_minutes(client, minutes, resident, leader):
    _public, members_only = minutes
    community = members_only.association.community
    other = MinutesFactory(title="别的协会", association__community=community)
    MembershipFactory(association=other.association, user=leader)
    for user in (None, resident, leader):  # signed out, a resident, another association's leader
        if user:
            client.force_login(user)
        assert titles(search(client, "纪要"), "minutes") == ["三月例会"]
        assert titles(search(client, "会费"), "minutes") == []
        assert titles(search(client, "会费", type="minutes"), "minutes") == []
        assert suggestions(client, "内部") == []
        assert "内部例会纪要" not in search(client, "纪要").content.decode()


def test_members_and_staff_find_members_only_minutes(client, minutes, staff):
    _public, members_only = minutes
    member = MembershipFactory(association=members_only.association).user
    for user in (member, staff):
        client.force_login(user)
        assert titles(search(client, "会费"), "minutes") == ["内部例会纪要"]
        assert suggestions(client, "内部") == ["内部例会纪要"]


def test_draft_minutes_never_appear_even_for_their_leader(client, minutes, superuser):
    _public, members_only = minutes
    leader = MembershipFactory(association=members_only.association, role="leader").user
    for user in (None, leader, superuser):
        if user:
            client.force_login(user)
        assert "草稿纪要" not in titles(search(client, "纪要"), "minutes")
        assert titles(search(client, "发布"), "minutes") == []
        assert "草稿纪要" not in suggestions(client, "草稿")


def test_minutes_unpublished_after_indexing_disappear_at_once(client, minutes):
    public, _members_only = minutes
    assert titles(search(client, "公告栏"), "minutes") == ["三月例会"]

    public.status = public.Status.DRAFT
    public.save()

    assert titles(search(client, "公告栏"), "minutes") == []


# The demo, on the site and in the Wagtail admin ---------------------------------------------


def test_the_demo_finds_clauses_and_minutes_and_the_admin_finds_its_pages(client, search_backend):
    """The issue's words in the admin's page search (which matches page titles as the user
    types) and in the covenant versions' listing; 纪要 on the site here, and in the admin's
    minutes listing in test_demo_search.py."""
    call_command("load_demo", stdout=io.StringIO())

    assert "公约" in sections(search(client, "公约", type="clauses"))["clauses"].hits[0].snippet
    minutes = sections(search(client, "纪要", type="minutes"))["minutes"].hits
    assert any("<mark>纪要</mark>" in hit.snippet for hit in minutes)

    client.force_login(get_user_model().objects.filter(is_superuser=True).first())
    for word in ["公约", "议事", "青春期", "建筑工地"]:
        response = client.get("/admin/pages/search/", {"q": word})
        assert response.status_code == 200
        found = [page.specific for page in response.context["pages"]]
        assert found, word
        for page in found:  # 建筑工地: the construction site's association, by its kind
            assert word in page.title or word in getattr(page, "site_type_labels", str)(), page
    response = client.get("/admin/pages/search/", {"q": "建筑工地"})
    assert "滨江花园工地务工人员协会" in [page.title for page in response.context["pages"]]

    # The covenant's versions are snippets: the admin's listing searches their text.
    response = client.get(reverse("wagtailsnippets_covenant_covenantversion:list"), {"q": "公约"})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == CovenantVersion.objects.count()


# Places on the page ---------------------------------------------------------------------------


def test_superseded_versions_never_take_the_places_of_the_clause_in_force(client, covenant):
    """Five superseded versions rank higher (shorter text) than the one in force: the
    overview (3 per type) still shows the one in force."""
    today = timezone.localdate()
    clause = None
    for age in (600, 500, 400, 300, 200, 10):
        text = "楼道里不要堆放杂物。"
        if age == 10:
            text += "楼道是大家进出和消防的通道，自行车、纸箱和旧家具都请放到指定地点。"
        when = today - timedelta(days=age)
        version = make_version(covenant, [(clause, "安全", "楼道堆物", text)], effective_date=when)
        clause = version.rows[0].clause

    response = search(client, "杂物")

    assert [hit.url for hit in sections(response)["clauses"].hits] == [clause.get_absolute_url()]


def test_members_only_minutes_never_take_the_places_of_public_ones(client, search_backend):
    """Signed out: four members-only records come first in the index, the public one shows."""
    first = MinutesFactory(title="会费例会", discussion="会费收支。", members_only=True)
    for _ in range(3):
        MinutesFactory(
            title="会费例会",
            discussion="会费收支。",
            members_only=True,
            association=first.association,
        )
    MinutesFactory(title="公开的会费说明", discussion="会费收支。", association=first.association)

    assert titles(search(client, "会费收支"), "minutes") == ["公开的会费说明"]

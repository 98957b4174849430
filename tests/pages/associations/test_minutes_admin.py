"""Association minutes in the Wagtail admin: read-only, and only the staff's own community's.

Leaders post minutes on the site; superusers and community staff find and read them in the
admin (searched by the site's jieba backend), linked to the site. Staff of community A are
tried against community B's minutes in the listing, its search and the inspect view.
"""

from datetime import date

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from modelsearch.backends import get_search_backend
from wagtail.admin.search import admin_search_areas

from pages.associations.models import Minutes
from portal.factories import UserFactory, school_staff_user, staff_user
from tests.factories.associations import AssociationPageFactory, MinutesFactory

INDEX = "/admin/minutes/"
# The admin's search: the sidebar box searches pages and offers the other search areas.
SEARCH = "/admin/pages/search/"


@pytest.fixture(autouse=True)
def search_backend(settings, tmp_path):
    """The Whoosh backend with its index in a fresh directory (saving minutes indexes them)."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "portal.search.backend", "PATH": tmp_path / "search_index"},
    }
    return get_search_backend()


@pytest.fixture
def other_community_association(association_index, other_community):
    return AssociationPageFactory(
        parent=association_index, community=other_community, title="外社区协会"
    )


@pytest.fixture
def records(association, other_association, other_community_association):
    """Community A: published, members-only, draft, a second association; community B: one."""
    return {
        "public": MinutesFactory(
            association=association,
            title="三月例会",
            held_on=date(2026, 3, 5),
            discussion="大家商量了摊位卫生。会议纪要由何姐整理，贴在公告栏。",
        ),
        "members": MinutesFactory(
            association=association,
            title="会费例会",
            held_on=date(2026, 4, 2),
            members_only=True,
            discussion="会费收支。",
        ),
        "draft": MinutesFactory(
            association=association, title="五月例会草稿", held_on=date(2026, 5, 7), draft=True
        ),
        "second": MinutesFactory(
            association=other_association, title="工地安全例会", held_on=date(2026, 2, 1)
        ),
        "other": MinutesFactory(
            association=other_community_association,
            title="外社区例会",
            held_on=date(2026, 6, 1),
            discussion="会议纪要由外社区的秘书整理。",
        ),
    }


def refused(response):
    """Wagtail answers a refused admin request with 403 or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def listed(response):
    assert response.status_code == 200
    return [minutes.title for minutes in response.context["object_list"]]


def test_staff_see_their_own_communitys_minutes_newest_meeting_first(client, staff, records):
    client.force_login(staff)
    response = client.get(INDEX)

    assert listed(response) == ["五月例会草稿", "会费例会", "三月例会", "工地安全例会"]
    page = response.text
    assert "外社区例会" not in page
    # Drafts are marked; every row links to the minutes on the site.
    with translation.override(response.context["LANGUAGE_CODE"]):
        assert f">{Minutes.Status.DRAFT.label}<" in page.replace("\n", "").replace(" ", "")
    for minutes in Minutes.objects.exclude(pk=records["other"].pk):
        assert f'href="{minutes.get_absolute_url()}"' in page
    assert f'href="{records["other"].get_absolute_url()}"' not in page


def test_superusers_see_every_communitys_minutes(client, superuser, records):
    client.force_login(superuser)
    assert "外社区例会" in listed(client.get(INDEX))
    assert len(listed(client.get(INDEX))) == 5


def test_search_finds_a_word_inside_a_longer_phrase_in_the_own_community_only(
    client, staff, superuser, records
):
    client.force_login(staff)
    assert listed(client.get(INDEX, {"q": "纪要"})) == ["三月例会"]
    # The results fragment the listing's search box fetches answers the same.
    assert listed(client.get(f"{INDEX}results/", {"q": "纪要"})) == ["三月例会"]
    assert listed(client.get(INDEX, {"q": "外社区"})) == []

    client.force_login(superuser)
    assert sorted(listed(client.get(INDEX, {"q": "纪要"}))) == ["三月例会", "外社区例会"]


def test_search_keeps_the_explicit_order_and_filters(client, staff, records):
    client.force_login(staff)
    response = client.get(INDEX, {"q": "例会", "ordering": "held_on"})
    assert listed(response) == ["工地安全例会", "三月例会", "会费例会"]  # drafts are not indexed
    response = client.get(INDEX, {"q": "例会", "association": records["second"].association_id})
    assert listed(response) == ["工地安全例会"]


def test_filters_by_association_and_status(client, staff, records, other_association):
    client.force_login(staff)
    assert listed(client.get(INDEX, {"association": other_association.pk})) == ["工地安全例会"]
    assert listed(client.get(INDEX, {"status": "draft"})) == ["五月例会草稿"]
    # Another community's association is not a choice: the filter is refused, not applied.
    response = client.get(INDEX, {"association": records["other"].association_id})
    assert "外社区例会" not in listed(response)
    choices = response.context["filters"].form.fields["association"].queryset
    assert records["other"].association not in choices


def test_inspect_own_minutes_and_never_another_communitys(client, staff, records):
    client.force_login(staff)
    own = records["members"]
    response = client.get(f"{INDEX}inspect/{own.pk}/")
    assert response.status_code == 200
    assert own.discussion in response.text
    assert f'href="{own.get_absolute_url()}"' in response.text

    response = client.get(f"{INDEX}inspect/{records['other'].pk}/")
    assert refused(response)
    assert "外社区" not in client.get(response["Location"]).text


def test_nothing_can_be_added_edited_or_deleted(client, superuser, records):
    client.force_login(superuser)
    pk = records["public"].pk
    for url in (f"{INDEX}new/", f"{INDEX}edit/{pk}/", f"{INDEX}delete/{pk}/"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"title": "改了"}).status_code == 404, url
    for name in ("add", "edit", "delete", "history", "usage", "copy"):
        with pytest.raises(NoReverseMatch):
            reverse(f"minutes:{name}", args=[] if name == "add" else [pk])
    assert Minutes.objects.get(pk=pk).title == "三月例会"
    page = client.get(f"{INDEX}inspect/{pk}/").text
    assert "/edit/" not in page.split('id="main"')[-1] and "/delete/" not in page


@pytest.mark.parametrize("who", ["school_staff", "resident"])
def test_others_are_refused_and_have_no_menu_item(client, who, community, records):
    user = school_staff_user(community=community) if who == "school_staff" else None
    user = user or UserFactory(community=community, verified=True)
    client.force_login(user)
    for url in (INDEX, f"{INDEX}results/", f"{INDEX}inspect/{records['public'].pk}/"):
        response = client.get(url)
        if who == "school_staff":
            assert refused(response), url
        else:  # no admin access at all: Wagtail sends them to its login page
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
    if who == "school_staff":
        dashboard = client.get("/admin/")
        assert dashboard.status_code == 200
        assert INDEX not in dashboard.text
        search = client.get(SEARCH, {"q": "纪要"})
        assert INDEX not in search.text


def test_staff_have_the_menu_item_and_the_admin_search_area(client, staff, records):
    client.force_login(staff)
    dashboard = client.get("/admin/")
    assert INDEX in dashboard.text
    areas = admin_search_areas.search_items_for_request(dashboard.wsgi_request)
    assert [area.url for area in areas if area.name == "minutes"] == [INDEX]


def test_the_admin_search_offers_the_minutes_with_the_same_words(client, superuser, records):
    client.force_login(superuser)

    response = client.get(SEARCH, {"q": "纪要"})

    assert response.status_code == 200
    link = f"{INDEX}?q=%E7%BA%AA%E8%A6%81"  # 纪要, URL-encoded
    assert link in response.text
    assert sorted(listed(client.get(link))) == ["三月例会", "外社区例会"]


def test_staff_of_another_community_see_only_theirs(client, records, other_community):
    client.force_login(staff_user(community=other_community))
    assert listed(client.get(INDEX)) == ["外社区例会"]
    assert refused(client.get(f"{INDEX}inspect/{records['public'].pk}/"))

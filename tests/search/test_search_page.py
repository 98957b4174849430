"""The search page: groups, type filter, pages, suggestions, visibility; the admin search."""

import pytest
from django.urls import reverse
from modelsearch.index import get_indexed_models
from wagtail.models import PageViewRestriction, Site

from governance.factories import MatterFactory
from governance.models import Matter
from pages.models import StandardPage
from portal import caching
from tests.factories.associations import MembershipFactory, MinutesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def add_standard_page(search_backend):
    """Publish a StandardPage under the site's root page (indexed on save)."""
    root = Site.objects.get(is_default_site=True).root_page
    count = iter(range(10_000))

    def add(title, **fields):
        return root.add_child(instance=StandardPage(title=title, slug=f"p{next(count)}", **fields))

    return add


def search(client, q, **params):
    return client.get(reverse("search"), {"q": q, **params})


def section_titles(response, key):
    sections = {section.group.key: section for section in response.context["sections"]}
    return [hit.title for hit in sections[key].hits] if key in sections else []


def test_results_are_grouped_by_type_with_a_highlighted_snippet(client, add_standard_page):
    add_standard_page("社区公告", introduction="幸福社区居民公约将于下月修订，欢迎提出意见。")
    MatterFactory(title="修订居民公约第三条", description="关于公约中停车的规定。")

    response = search(client, "公约")

    assert response.status_code == 200
    assert [s.group.key for s in response.context["sections"]] == ["matters", "pages"]
    assert section_titles(response, "matters") == ["修订居民公约第三条"]
    assert section_titles(response, "pages") == ["社区公告"]
    assert "<mark>公约</mark>" in response.content.decode()


def test_the_type_filter_shows_one_group(client, add_standard_page):
    add_standard_page("议事规则")
    MatterFactory(title="议事会时间调整")

    response = search(client, "议事", type="matters")

    assert [s.group.key for s in response.context["sections"]] == ["matters"]
    assert section_titles(response, "matters") == ["议事会时间调整"]


def test_pagination_within_a_type(client, add_standard_page):
    for n in range(12):
        add_standard_page(f"议事记录 {n}")

    first = search(client, "议事", type="pages")
    second = search(client, "议事", type="pages", page=2)

    assert len(section_titles(first, "pages")) == 10
    assert first.context["next_page"] == 2 and first.context["previous_page"] is None
    assert len(section_titles(second, "pages")) == 2
    assert second.context["next_page"] is None and second.context["previous_page"] == 1
    assert set(section_titles(first, "pages")).isdisjoint(section_titles(second, "pages"))


@pytest.mark.parametrize("params", [{"page": "abc"}, {"page": "-3"}, {"type": "nope"}, {"q": ""}])
def test_bad_parameters_never_fail(client, add_standard_page, params):
    add_standard_page("议事记录")
    response = client.get(reverse("search"), {"q": "议事", "type": "pages", **params})
    assert response.status_code == 200


def test_a_query_failing_as_a_whole_shows_what_its_words_find(client, add_standard_page):
    """Once only suggested (试试：建筑工地); now the results with most of the words show."""
    add_standard_page("建筑工地安全须知")

    response = search(client, "建筑工地噪音")

    assert section_titles(response, "pages") == ["建筑工地安全须知"]
    assert not response.context["all_words"] and response.context["suggestions"] == []


def test_no_results_suggests_a_spelling(client, add_standard_page):
    add_standard_page("Volunteer roster")
    assert "roster" in search(client, "rosterr").context["suggestions"]


def test_suggestions_as_the_user_types(client, add_standard_page):
    add_standard_page("居委会议事规则")
    draft = add_standard_page("居委会内部草稿")
    draft.unpublish()

    data = client.get(reverse("search_suggest"), {"q": "居委"}).json()

    assert data["suggestions"] == ["居委会议事规则"]
    assert client.get(reverse("search_suggest")).json()["suggestions"] == []


def test_the_search_box_links_the_suggestions_script(client):
    page = client.get(reverse("search")).content.decode()
    assert 'data-suggest-url="/search/suggest/"' in page
    assert "js/search-suggest.js" in page


# Visibility -------------------------------------------------------------------------------


def test_unpublished_and_private_pages_never_appear(client, add_standard_page):
    add_standard_page("公开的居民公约")
    add_standard_page("未发布的居民公约").unpublish()
    private = add_standard_page("有密码的居民公约")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert section_titles(search(client, "公约"), "pages") == ["公开的居民公约"]


@pytest.mark.parametrize("state", [Matter.State.NEW, Matter.State.DECLINED])
def test_suggestion_box_and_declined_matters_never_appear(client, search_backend, community, state):
    MatterFactory(title="公开的停车议题")
    MatterFactory(
        title="信箱里的停车议题",
        state=state,
        session=None,
        community=community,
        from_suggestion_box=True,
    )

    assert section_titles(search(client, "停车"), "matters") == ["公开的停车议题"]


def test_a_matter_declined_after_indexing_disappears_at_once(client, search_backend):
    matter = MatterFactory(title="停车位议题")
    assert section_titles(search(client, "停车位"), "matters") == ["停车位议题"]

    Matter.objects.filter(pk=matter.pk).update(state=Matter.State.DECLINED, session=None)
    caching.bump()  # a queryset update sends no signal: not to the index, nor to the page cache

    assert section_titles(search(client, "停车位"), "matters") == []


def test_learning_comments_and_votes_are_never_indexed():
    indexed = {model._meta.label for model in get_indexed_models()}
    never = {
        "training.Enrolment",
        "training.LessonCompletion",
        "training.QuizAttempt",
        "training.Certificate",
        "training.Registration",
        "governance.Participation",
        "governance.Ballot",
        "django_comments_xtd.XtdComment",
        "django_comments.Comment",
    }
    assert indexed.isdisjoint(never)


def test_members_only_minutes_only_for_members(client, search_backend, community):
    minutes = MinutesFactory(title="例会纪要", members_only=True, association__community=community)
    MinutesFactory(title="公开纪要", association=minutes.association)
    member = MembershipFactory(association=minutes.association).user

    assert section_titles(search(client, "纪要"), "minutes") == ["公开纪要"]
    client.force_login(member)
    assert sorted(section_titles(search(client, "纪要"), "minutes")) == ["例会纪要", "公开纪要"]


# The Wagtail admin --------------------------------------------------------------------------


def test_the_admin_page_search_finds_a_word_inside_a_title(client, superuser, add_standard_page):
    add_standard_page("幸福社区居民公约")
    add_standard_page("建筑工地安全须知")
    client.force_login(superuser)

    response = client.get("/admin/pages/search/", {"q": "公约"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "幸福社区居民公约" in content
    assert "建筑工地安全须知" not in content


# Relevance across types, and colloquial queries ----------------------------------------------


def best(response):
    return [(hit.title, str(hit.group.label)) for hit in response.context["best"]]


def test_the_title_that_says_the_query_comes_first_whatever_its_type(client, add_standard_page):
    MatterFactory(title="修订第三条", description="公约里关于停车的规定，公约的第三条要改。")
    add_standard_page("幸福社区居民公约", introduction="大家商量出来的规矩。")
    add_standard_page("办事指南", introduction="办事前请先读公约。")

    response = search(client, "公约")

    assert best(response)[0] == ("幸福社区居民公约", "页面")
    assert {title for title, _label in best(response)} == {
        "幸福社区居民公约",
        "修订第三条",
        "办事指南",
    }
    assert response.context["all_words"]
    html = response.content.decode()
    assert '<span class="badge">议题</span>' in html and '<span class="badge">页面</span>' in html


def test_a_colloquial_query_falls_back_to_results_with_most_of_its_words(client, add_standard_page):
    add_standard_page("只讲疫苗", introduction="疫苗在社区卫生服务中心接种。")
    add_standard_page("免费服务", introduction="孩子可以免费接种国家规定的疫苗。")
    add_standard_page("孩子上学", introduction="孩子上学要办居住证。")
    add_standard_page("停车规定", introduction="晚上不要乱停车。")

    response = search(client, "孩子打疫苗")  # no page says 打

    titles = [title for title, _label in best(response)]
    assert titles[0] == "免费服务"  # both words
    assert set(titles[1:]) == {"只讲疫苗", "孩子上学"}  # one of them
    assert not response.context["all_words"]
    assert "没有同时包含" in response.content.decode()


def test_a_query_whose_words_are_all_found_together_does_not_fall_back(client, add_standard_page):
    add_standard_page("免费服务", introduction="孩子可以免费接种国家规定的疫苗。")
    add_standard_page("孩子上学", introduction="孩子上学要办居住证。")

    response = search(client, "孩子 疫苗")

    assert [title for title, _label in best(response)] == ["免费服务"]
    assert response.context["all_words"]

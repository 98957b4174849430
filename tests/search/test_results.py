"""Running a compiled query (``portal.search.backend.results``): pages, counts, scores, facets,
the time limit."""

import pytest
from modelsearch.backends.base import FilterFieldError
from wagtail.models import Page

from pages.models import StandardPage


def test_count_slicing_and_score(add_page, search_backend):
    pages = [add_page(f"议事 {n}") for n in range(5)]
    ordered = search_backend.search("议事", Page.objects.order_by("-id"), order_by_relevance=False)
    assert [page.pk for page in ordered[1:3]] == [pages[3].pk, pages[2].pk]
    assert ordered[1:3].count() == 2
    assert ordered[4:].count() == 1
    assert ordered[9:].count() == 0
    assert list(ordered[2:2]) == []
    scored = search_backend.search("议事", Page).annotate_score("score")
    assert all(page.score > 0 for page in scored)


def test_relevance_puts_the_better_match_first(db, search_backend):
    root = Page.get_first_root_node()
    for n, (title, introduction) in enumerate(
        [("社区公告", "关于停车位的通知"), ("停车位", "关于社区公告的通知")]
    ):
        root.add_child(instance=StandardPage(title=title, slug=f"p{n}", introduction=introduction))
    # The title weighs more than the introduction.
    results = search_backend.search("停车位", Page)
    assert [page.title for page in results] == ["停车位", "社区公告"]
    assert [page.title for page in search_backend.search("社区公告", Page)] == [
        "社区公告",
        "停车位",
    ]


def test_hits_gone_from_the_database_are_skipped(add_page, search_backend):
    add_page("居民公约")
    index = search_backend.get_index_for_model(Page)
    index._write(
        lambda writer: writer.update_document(
            id="wagtailcore.page:999999",
            pk=999999,
            content_type="wagtailcore.page",
            text_all="居民公约",
        )
    )
    assert [page.title for page in search_backend.search("公约", Page)] == ["居民公约"]
    assert search_backend.search("公约", Page).count() == 2  # counts come from the index


def test_facet(add_page, search_backend):
    pages = [add_page(f"市场 {n}") for n in range(3)]
    pages[0].live = False
    pages[0].save()
    assert dict(search_backend.search("市场", Page).facet("live")) == {True: 2, False: 1}
    never_published = search_backend.search("市场", Page).facet("first_published_at")
    assert dict(never_published) == {None: 3}
    with pytest.raises(FilterFieldError):
        search_backend.search("市场", Page).facet("seo_title")


def test_a_page_of_results_stops_at_the_time_limit(add_page, search_backend, caplog):
    add_page("议事 1")
    add_page("议事 2")
    search_backend.query_time_limit = -1  # a deadline already passed
    assert list(search_backend.search("议事", Page)) == []
    assert "Search stopped" in caplog.text
    assert search_backend.search("议事", Page).count() == 2  # counts are not limited


def test_whooshs_matchers_stop_at_the_time_limit_too(add_page, search_backend, caplog):
    add_page("议事 1")
    search_backend.query_time_limit = -1
    by_id = search_backend.search("议事", Page.objects.order_by("id"), order_by_relevance=False)
    assert list(by_id) == []
    assert "partial results" in caplog.text
    search_backend.query_time_limit = None  # no limit
    assert len(search_backend.search("议事", Page.objects.order_by("id"))) == 1

from modelsearch.query import And, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from wagtail.models import Page

TITLES = ["幸福社区居民公约", "建筑工地夜间施工纪要", "青春期讲座报名", "Residents meeting minutes"]


def titles(results):
    return sorted(result.title for result in results)


def test_chinese_word_inside_a_longer_word_is_found(add_page, search_backend):
    for title in TITLES:
        add_page(title)
    assert titles(search_backend.search("公约", Page)) == ["幸福社区居民公约"]
    assert titles(search_backend.search("工地", Page)) == ["建筑工地夜间施工纪要"]


def test_english_stemming(add_page, search_backend):
    add_page("Residents meeting minutes")
    assert titles(search_backend.search("meetings", Page)) == ["Residents meeting minutes"]


def test_operators(add_page, search_backend):
    for title in TITLES:
        add_page(title)
    both = search_backend.search(PlainText("公约 纪要", operator="and"), Page)
    either = search_backend.search(PlainText("公约 纪要", operator="or"), Page)
    assert titles(both) == []
    assert titles(either) == sorted(["建筑工地夜间施工纪要", "幸福社区居民公约"])
    assert titles(search_backend.search(And([PlainText("公约"), PlainText("居民")]), Page)) == [
        "幸福社区居民公约"
    ]
    assert len(search_backend.search(Or([PlainText("公约"), PlainText("讲座")]), Page)) == 2
    not_covenant = search_backend.search(And([MatchAll(), Not(PlainText("公约"))]), Page)
    assert "幸福社区居民公约" not in titles(not_covenant)


def test_phrase_matches_words_in_order_only(add_page, search_backend):
    add_page("幸福社区居民公约")
    add_page("居民社区活动")
    assert titles(search_backend.search(Phrase("社区居民"), Page)) == ["幸福社区居民公约"]
    assert titles(search_backend.search(Phrase("居民社区"), Page)) == ["居民社区活动"]


def test_fuzzy_tolerates_a_typo(add_page, search_backend):
    add_page("Volunteer roster")
    assert titles(search_backend.search(Fuzzy("rostr"), Page)) == ["Volunteer roster"]


def test_autocomplete(add_page, search_backend):
    add_page("居委会议事规则")
    add_page("Volunteer roster")
    assert titles(search_backend.autocomplete("居委", Page)) == ["居委会议事规则"]
    assert titles(search_backend.autocomplete("volu", Page)) == ["Volunteer roster"]


def test_filters_order_count_slicing_and_score(add_page, search_backend):
    pages = [add_page(f"议事 {n}") for n in range(5)]
    pages[0].live = False
    pages[0].save()
    live = Page.objects.filter(live=True, depth=2)
    assert len(search_backend.search("议事", live)) == 4
    ordered = search_backend.search("议事", Page.objects.order_by("-id"), order_by_relevance=False)
    assert [page.pk for page in ordered] == [page.pk for page in reversed(pages)]
    assert [page.pk for page in ordered[1:3]] == [pages[3].pk, pages[2].pk]
    assert ordered[1:3].count() == 2
    scored = search_backend.search("议事", Page).annotate_score("score")
    assert all(page.score > 0 for page in scored)
    assert (
        search_backend.search("议事", Page.objects.filter(title__startswith="议事 4")).count() == 1
    )


def test_facet(add_page, search_backend):
    pages = [add_page(f"市场 {n}") for n in range(3)]
    pages[0].live = False
    pages[0].save()
    assert dict(search_backend.search("市场", Page).facet("live")) == {True: 2, False: 1}


def test_deleted_page_leaves_the_index(add_page, search_backend):
    page = add_page("流动人口登记")
    search_backend.delete(page)
    assert search_backend.search("流动人口", Page).count() == 0


def test_a_page_of_results_stops_at_the_time_limit(add_page, search_backend, caplog):
    add_page("议事 1")
    add_page("议事 2")
    search_backend.query_time_limit = -1  # a deadline already passed
    assert list(search_backend.search("议事", Page)) == []
    assert "Search stopped" in caplog.text
    assert search_backend.search("议事", Page).count() == 2  # counts are not limited

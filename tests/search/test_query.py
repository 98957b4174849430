"""Compiling modelsearch queries to Whoosh (``portal.search.backend.query``), and what they find."""

import pytest
from modelsearch.backends.base import FilterFieldError, OrderByFieldError
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText, SearchQuery
from wagtail.models import Page
from whoosh import query as wq

from pages.models import StandardPage
from portal.search.analysis import AUTOCOMPLETE_MAX_CHARS
from portal.search.backend.query import (
    WhooshAutocompleteQueryCompiler,
    WhooshSearchQueryCompiler,
    fuzzy_distance,
)

TITLES = ["幸福社区居民公约", "建筑工地夜间施工纪要", "青春期讲座报名", "Residents meeting minutes"]


def titles(results):
    return sorted(result.title for result in results)


def compiled(queryset, query, compiler_class=WhooshSearchQueryCompiler, **kwargs):
    compiler = compiler_class(queryset, query, **kwargs)
    compiler.check()
    return compiler


def restriction(queryset):
    """The zero-score restriction a queryset adds to every query."""
    return compiled(queryset, MatchAll()).get_filter()


# What the compiler builds -----------------------------------------------------


def test_words_are_terms_of_the_combined_column():
    query = compiled(Page.objects.all(), PlainText("公约 表决", operator="and")).get_whoosh_query()
    assert query == wq.And(
        [wq.Or([wq.Term("text_all", "公约")]), wq.Or([wq.Term("text_all", "表决")])]
    )
    either = compiled(Page.objects.all(), PlainText("公约 表决", operator="or")).get_query()
    assert type(either) is wq.Or


def test_fields_name_the_search_field_columns():
    query = compiled(Page.objects.all(), PlainText("公约"), fields=["title"]).get_query()
    assert set(query.iter_all_terms()) == {("t_title", "公约")}


def test_boosts_multiply_down_the_tree():
    query = compiled(Page.objects.all(), Boost(PlainText("公约", boost=2), 3)).get_query()
    (term,) = query.leaves()
    assert term == wq.Term("text_all", "公约", boost=6.0)


def test_a_phrase_is_its_units_at_consecutive_positions():
    query = compiled(Page.objects.all(), Phrase("居民公约")).get_query()
    assert query == wq.Or([wq.Phrase("text_all", ["居民", "公约"])])
    one_word = compiled(Page.objects.all(), Phrase("公约")).get_query()
    assert one_word == wq.Or([wq.Term("text_all", "公约")])


def test_fuzzy_terms_allow_more_edits_in_longer_words():
    assert [fuzzy_distance(word) for word in ("公约", "rostr", "roster", "volunteers")] == [
        0,
        1,
        2,
        2,
    ]
    query = compiled(Page.objects.all(), Fuzzy("rostr")).get_query()
    (term,) = query.leaves()
    assert (type(term), term.text, term.maxdist, term.prefixlength) == (wq.FuzzyTerm, "rostr", 1, 1)


def test_boolean_queries_keep_their_shape():
    query = compiled(
        Page.objects.all(), And([PlainText("公约"), Or([MatchAll(), Not(PlainText("草案"))])])
    ).get_query()
    assert type(query) is wq.And
    assert type(query.subqueries[1]) is wq.Or
    assert query.subqueries[1].subqueries[0] == wq.Every()
    assert type(query.subqueries[1].subqueries[1]) is wq.Not


def test_a_query_type_it_does_not_know_is_refused():
    class Nearby(SearchQuery):
        pass

    with pytest.raises(NotImplementedError):
        compiled(Page.objects.all(), Nearby()).get_query()


def test_filters_are_a_zero_score_restriction_inside_the_query():
    compiler = compiled(Page.objects.filter(live=True), PlainText("公约"))
    assert compiler.get_whoosh_query() == wq.And(
        [compiler.get_query(), wq.ConstantScoreQuery(wq.Term("f_live", "t"), 0.0)]
    )
    assert restriction(Page.objects.all()) is None  # the root's index holds only pages


def test_a_subclass_is_restricted_by_its_content_type():
    assert restriction(StandardPage.objects.all()) == wq.Term("content_type", "pages.standardpage")


def test_lookups_compile_to_whoosh_queries():
    assert restriction(Page.objects.filter(depth__gt=2)) == wq.NumericRange(
        "f_depth", 2, None, startexcl=True
    )
    assert restriction(Page.objects.filter(depth__lte=3)) == wq.NumericRange("f_depth", None, 3)
    assert restriction(Page.objects.filter(id__in=[4, 5])) == wq.Or(
        [wq.NumericRange("f_id", 4, 4), wq.NumericRange("f_id", 5, 5)]
    )
    assert restriction(Page.objects.filter(id__in=[])) is wq.NullQuery
    assert restriction(Page.objects.filter(title__startswith="议")) == wq.Prefix("f_title", "议")
    assert restriction(Page.objects.filter(owner__isnull=True)) == wq.Not(wq.Every("f_owner_id"))
    assert restriction(Page.objects.filter(owner=None)) == wq.Not(wq.Every("f_owner_id"))
    assert restriction(Page.objects.filter(title="公约")) == wq.Term("f_title", "公约")
    assert restriction(Page.objects.exclude(locked=True)) == wq.Not(wq.Term("f_locked", "t"))


def test_a_lookup_the_index_cannot_answer_is_an_error():
    with pytest.raises(FilterFieldError):
        restriction(Page.objects.filter(title__contains="公约"))


def test_ordering_by_filter_fields_sorts_in_the_index_with_the_pk_last():
    compiler = compiled(
        Page.objects.order_by("-first_published_at", "title"),
        PlainText("公约"),
        order_by_relevance=False,
    )
    facets = compiler.get_sort().facets
    assert [(f.fieldname, f.reverse) for f in facets] == [
        ("f_first_published_at", True),
        ("f_title", False),
        ("pk", False),
    ]
    assert compiled(Page.objects.all(), PlainText("公约")).get_sort() is None  # relevance


def test_ordering_by_a_field_not_in_the_index_is_an_error():
    compiler = WhooshSearchQueryCompiler(
        Page.objects.order_by("seo_title"), PlainText("公约"), order_by_relevance=False
    )
    with pytest.raises(OrderByFieldError):
        compiler.check()
        compiler.get_sort()


def test_autocomplete_asks_the_autocomplete_columns_with_word_beginnings():
    long_word = "x" * (AUTOCOMPLETE_MAX_CHARS + 5)
    query = compiled(
        Page.objects.all(), PlainText(f"居委 {long_word}"), WhooshAutocompleteQueryCompiler
    ).get_query()
    terms = set(query.iter_all_terms())
    assert ("a_title", "居委") in terms
    assert ("a_title", long_word[:AUTOCOMPLETE_MAX_CHARS]) in terms
    assert all(field.startswith("a_") for field, _text in terms)
    with pytest.raises(NotImplementedError):
        compiled(Page.objects.all(), Phrase("居委"), WhooshAutocompleteQueryCompiler).get_query()


# What the queries find -----------------------------------------------------------


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


def test_filters_and_ordering(add_page, search_backend):
    pages = [add_page(f"议事 {n}") for n in range(5)]
    pages[0].live = False
    pages[0].save()
    live = Page.objects.filter(live=True, depth=2)
    assert len(search_backend.search("议事", live)) == 4
    ordered = search_backend.search("议事", Page.objects.order_by("-id"), order_by_relevance=False)
    assert [page.pk for page in ordered] == [page.pk for page in reversed(pages)]
    assert (
        search_backend.search("议事", Page.objects.filter(title__startswith="议事 4")).count() == 1
    )
    assert search_backend.search("议事", StandardPage.objects.all()).count() == 0

"""The fast path (scores read straight from the posting lists) agrees with Whoosh's matchers.

Relevance pages and counts of plain, phrase and boolean queries skip Whoosh's matchers
(``portal.search.backend.scoring.fast_top``); these tests run the same compiled queries both
ways, over an index with several segments and deleted documents, with filters.
"""

import math

import pytest
from modelsearch.query import And, Boost, Fuzzy, Or, Phrase, PlainText
from wagtail.models import Page

from pages.models import StandardPage
from portal.search.backend import scoring
from portal.search.backend.query import WhooshSearchQueryCompiler

pytestmark = pytest.mark.django_db

TEXTS = [
    ("居民公约", "幸福社区居民公约第三条：夜间施工要提前告知。"),
    ("议事会纪要", "本季度议事会讨论了居民公约和停车位。会议纪要贴在公告栏。"),
    ("建筑工地噪音", "建筑工地夜间施工噪音影响居民休息，居民公约写明十点以后保持安静。"),
    ("停车位", "小区停车位不足，议事会提出增加车位。"),
    ("青春期课程", "人口学校开设青春期健康课程。"),
    ("公约修订", "修订公约，居民公约公约公约，反复提到公约。"),
    ("市场摊位", "市场摊位费用每月调整，协会统一收取。"),
    ("公告", "社区公告：居民公约全文。"),
]

QUERIES = [
    PlainText("公约"),
    PlainText("居民公约"),
    PlainText("公约 议事会", operator="and"),
    PlainText("公约 停车位", operator="or"),
    Phrase("居民公约"),
    Phrase("夜间施工噪音"),
    Phrase("公约居民"),  # words present, never in this order
    And([PlainText("公约"), Or([PlainText("议事会"), PlainText("施工")])]),
    Boost(PlainText("停车位"), 3.0),
    PlainText("不存在的词"),
]


@pytest.fixture
def pages(search_backend):
    """Pages saved one by one (one segment each), some edited (deleted documents)."""
    root = Page.get_first_root_node()
    saved = []
    for n, (title, intro) in enumerate(TEXTS * 3):
        page = root.add_child(
            instance=StandardPage(title=f"{title} {n}", slug=f"p{n}", introduction=intro)
        )
        saved.append(page)
    for page in saved[::4]:  # an update deletes the old document, in an older segment
        page.introduction += " 公约"
        page.save_revision().publish()
    saved[5].unpublish()
    return saved


def both_ways(queryset, query):
    compiler = WhooshSearchQueryCompiler(queryset, query)
    compiler.check()
    whoosh_query = compiler.get_whoosh_query()
    searcher = search_backend_index(queryset).searcher()
    fast = scoring.fast_top(searcher, whoosh_query, None)
    slow = [(hit.docnum, hit.score) for hit in searcher.search(whoosh_query, limit=None)]
    return fast, slow


def search_backend_index(queryset):
    from modelsearch.backends import get_search_backend

    return get_search_backend().get_index_for_model(queryset.model)


QUERYSETS = {
    "all": lambda: Page.objects.all(),
    "live": lambda: Page.objects.live(),  # a filter
    "standard-live": lambda: StandardPage.objects.live(),  # and a content type
}


def test_same_documents_scores_and_order_as_whoosh(pages):
    reader = search_backend_index(Page.objects.all()).searcher().reader()
    leaves = reader.leaf_readers()
    assert len(leaves) > 1 or reader.has_deletions()  # what the fast path must get right
    for name, queryset in QUERYSETS.items():
        for query in QUERIES:
            fast, slow = both_ways(queryset(), query)
            context = (name, query)

            assert fast is not None, context  # the fast path answers all of these
            assert {doc for doc, _ in fast} == {doc for doc, _ in slow}, context
            # Whoosh's zero-score restriction (ConstantScoreQuery) still adds 1 to every
            # match: the same constant for all, so the order is the same.
            offset = 0.0 if name == "all" else 1.0
            scores = dict(slow)
            for doc, score in fast:
                assert math.isclose(score + offset, scores[doc], rel_tol=1e-5), context
            # Same order, up to ties (scores equal to float precision).
            rounded = [round(score + offset, 5) for _, score in fast]
            assert rounded == sorted(rounded, reverse=True), context
            assert rounded == [round(score, 5) for _, score in slow], context


def test_the_backend_results_match_whoosh_through_the_public_api(
    pages, search_backend, monkeypatch
):
    def run():
        return [
            (
                [page.pk for page in search_backend.search(query, Page.objects.live())[:10]],
                search_backend.search(query, Page.objects.live()).count(),
            )
            for query in QUERIES
        ]

    fast = run()
    monkeypatch.setattr(scoring, "fast_matches", lambda searcher, query, time_limit=None: None)
    slow = run()

    assert [count for _, count in fast] == [count for _, count in slow]
    assert [set(pks) for pks, _ in fast] == [set(pks) for pks, _ in slow]
    assert any(pks for pks, _ in fast)


def test_queries_it_does_not_handle_go_to_whoosh(pages, search_backend):
    from whoosh import query as wq

    searcher = search_backend_index(Page.objects.all()).searcher()
    assert scoring.fast_top(searcher, wq.Every(), 10) is None
    assert scoring.fast_top(searcher, wq.FuzzyTerm("text_all", "公约"), 10) is None
    assert scoring.fast_top(searcher, wq.Not(wq.Term("text_all", "公约")), 10) is None
    # …and the backend still answers them.
    assert search_backend.search(Fuzzy("公约"), Page).count() > 0

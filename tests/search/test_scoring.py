"""The fast path's parts (``portal.search.backend.scoring``), on small Whoosh indexes in memory.

``test_fast_scoring.py`` checks that it agrees with Whoosh's matchers through the backend.
"""

import math

import pytest
from whoosh import fields
from whoosh import query as wq
from whoosh import scoring as whoosh_scoring
from whoosh.filedb.filestore import RamStorage

from portal.search.backend import scoring
from portal.search.backend.scoring import Unsupported, fast_matches, fast_top, plan

SCHEMA = fields.Schema(id=fields.ID(stored=True, unique=True), text=fields.TEXT, kind=fields.ID)


def make_index(*texts, segments=1):
    """An in-memory index of ``texts`` (document n has id ``str(n)``, kind "odd"/"even")."""
    ix = RamStorage().create_index(SCHEMA)
    per_segment = math.ceil(len(texts) / segments)
    for start in range(0, len(texts), per_segment):
        writer = ix.writer()
        for n in range(start, min(start + per_segment, len(texts))):
            writer.add_document(id=str(n), text=texts[n], kind="odd" if n % 2 else "even")
        writer.commit(merge=False)
    return ix


def by_id(searcher, pairs):
    return {searcher.stored_fields(docnum)["id"]: score for docnum, score in pairs}


def test_the_plan_of_what_the_search_page_asks():
    query = wq.And(
        [
            wq.Or([wq.Term("text", "apple", boost=2.0), wq.Phrase("text", ["red", "apple"])]),
            wq.ConstantScoreQuery(wq.Term("kind", "odd"), 0.0),
        ]
    )
    assert plan(query) == (
        "and",
        (
            ("or", (("term", "text", "apple", 2.0), ("phrase", "text", ("red", "apple"), 1.0))),
            ("filter", wq.Term("kind", "odd")),
        ),
    )
    assert plan(wq.NullQuery) == ("none",)


@pytest.mark.parametrize(
    "query",
    [
        wq.Every(),
        wq.FuzzyTerm("text", "apple"),
        wq.Prefix("text", "app"),
        wq.Not(wq.Term("text", "apple")),
        wq.Phrase("text", ["red", "apple"], slop=2),
        wq.And([wq.Term("text", "apple")], boost=2.0),
        wq.Or([wq.Term("text", "apple"), wq.Term("text", "pear")], minmatch=2),
        wq.ConstantScoreQuery(wq.Term("kind", "odd"), 0.0),  # a restriction outside an And
        wq.And([wq.Term("text", "apple"), wq.ConstantScoreQuery(wq.Term("kind", "odd"), 1.0)]),
    ],
)
def test_queries_only_whooshs_matchers_answer(query):
    with pytest.raises(Unsupported):
        plan(query)
    with make_index("red apple").searcher() as searcher:
        assert fast_top(searcher, query, 10) is None


def test_scores_are_whooshs_bm25f():
    ix = make_index("apple", "apple apple pear", "pear plum", "red apple and a long tail of words")
    query = wq.Or([wq.Term("text", "apple"), wq.Term("text", "pear", boost=2.0)])
    with ix.searcher() as searcher:
        fast = by_id(searcher, fast_matches(searcher, query).items())
        slow = {hit["id"]: hit.score for hit in searcher.search(query, limit=None)}
    assert fast.keys() == slow.keys() == {"0", "1", "2", "3"}
    for doc, score in fast.items():
        assert math.isclose(score, slow[doc], rel_tol=1e-6), doc


def test_a_phrase_needs_its_words_at_consecutive_positions():
    ix = make_index("red apple", "apple red", "a red and ripe apple", "red apple red apple")
    with ix.searcher() as searcher:
        found = by_id(searcher, fast_top(searcher, wq.Phrase("text", ["red", "apple"]), None))
    assert set(found) == {"0", "3"}


def test_conjunctions_intersect_and_restrictions_filter():
    ix = make_index("apple pear", "apple pear", "apple", "pear", "apple pear")
    apple_and_pear = wq.And([wq.Term("text", "apple"), wq.Term("text", "pear")])
    even = wq.ConstantScoreQuery(wq.Term("kind", "even"), 0.0)
    with ix.searcher() as searcher:
        assert set(by_id(searcher, fast_top(searcher, apple_and_pear, None))) == {"0", "1", "4"}
        restricted = wq.And([apple_and_pear, even])
        assert set(by_id(searcher, fast_top(searcher, restricted, None))) == {"0", "4"}
        odd = wq.And([wq.Term("text", "apple"), wq.ConstantScoreQuery(wq.Term("kind", "odd"), 0)])
        assert set(by_id(searcher, fast_top(searcher, odd, None))) == {"1"}
        # Only a restriction, nothing to score: Whoosh lists the documents.
        assert fast_top(searcher, wq.And([even]), None) is None


def test_the_best_come_first_ties_in_index_order_within_the_limit():
    ix = make_index("pear", "apple", "apple", "apple apple", "apple", segments=2)
    with ix.searcher() as searcher:
        top = fast_top(searcher, wq.Term("text", "apple"), 3)
        assert [searcher.stored_fields(docnum)["id"] for docnum, _ in top] == ["3", "1", "2"]
        assert top[1][1] == top[2][1]
        assert len(fast_top(searcher, wq.Term("text", "apple"), None)) == 4


def test_deleted_documents_are_never_found():
    ix = make_index("apple", "apple", "apple", segments=3)
    with ix.writer() as writer:
        writer.delete_by_term("id", "1")
    with ix.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) > 1
        found = by_id(searcher, fast_top(searcher, wq.Term("text", "apple"), None))
    assert set(found) == {"0", "2"}


def test_another_weighting_goes_to_whoosh():
    with make_index("apple").searcher(weighting=whoosh_scoring.TF_IDF()) as searcher:
        assert fast_matches(searcher, wq.Term("text", "apple")) is None


def test_past_the_time_limit_a_page_is_empty_and_a_warning_logged(caplog):
    with make_index("apple", "apple pear").searcher() as searcher:
        assert fast_top(searcher, wq.Term("text", "apple"), 10, time_limit=-1) == []
    assert "Search stopped" in caplog.text


def test_restriction_sets_are_cached_per_searcher_within_bounds(monkeypatch):
    monkeypatch.setattr(scoring, "FILTER_CACHE_SIZE", 2)
    ix = make_index(*(["apple"] * 6))
    with ix.searcher() as searcher:
        for n in range(3):
            restricted = wq.And(
                [wq.Term("text", "apple"), wq.ConstantScoreQuery(wq.Term("id", str(n)), 0.0)]
            )
            assert set(by_id(searcher, fast_top(searcher, restricted, None))) == {str(n)}
        cache = searcher._yishi_fast_cache
        kept = [key[2] for key in cache if key[0] == "filter"]
        # At most two sets: the oldest made way for the newest.
        assert kept == [repr(wq.Term("id", "1")), repr(wq.Term("id", "2"))]

    monkeypatch.setattr(scoring, "FILTER_CACHE_SIZE", 32)
    monkeypatch.setattr(scoring, "FILTER_CACHE_DOCS", 4)
    with ix.searcher() as searcher:
        for kind in ("even", "odd"):  # three documents each
            restricted = wq.And(
                [wq.Term("text", "apple"), wq.ConstantScoreQuery(wq.Term("kind", kind), 0.0)]
            )
            assert len(fast_top(searcher, restricted, None)) == 3
        held = [len(v) for k, v in searcher._yishi_fast_cache.items() if k[0] == "filter"]
        assert held == [3]  # 3 + 3 documents exceed the bound: the first set was dropped

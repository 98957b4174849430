"""Relevance pages and counts straight from the posting lists (the fast path).

Whoosh's matchers walk one document at a time through several layers of method
calls, which was most of the time per query. For the queries the search page
asks — terms, phrases, their ``And``/``Or``, and zero-score restrictions
(filters, content types) under an ``And`` — :func:`fast_matches` reads each
term's posting list a block at a time and scores it with Whoosh's own BM25F
(same idf, average field length, ``B``, ``K1``), so the documents, scores and
order are Whoosh's (``tests/search/test_fast_scoring.py`` compares both ways;
Whoosh adds a constant 1 per restriction to every score, which changes no
order). Anything else returns None and is left to Whoosh.

The document set a restriction allows is computed once per searcher (until the
index changes) and kept, within :data:`FILTER_CACHE_SIZE` sets and
:data:`FILTER_CACHE_DOCS` document numbers per searcher.
"""

import heapq
import logging
import time
from collections.abc import Callable
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher, TimeLimit
from whoosh.util.numeric import byte_to_length

logger = logging.getLogger(__name__)

#: Filter document sets kept per searcher (computed once per index change): at most this
#: many sets, holding at most this many document numbers in all (about 30 MB).
FILTER_CACHE_SIZE = 32
FILTER_CACHE_DOCS = 500_000

#: A query as the fast path evaluates it: ``("term", field, text, boost)``,
#: ``("phrase", field, words, boost)``, ``("and"|"or", children)``,
#: ``("filter", whoosh query)`` (a child of "and" only) or ``("none",)``.
Plan = tuple[Any, ...]
#: ``{docnum: score}``.
Scores = dict[int, float]


class Unsupported(Exception):
    """The query has a part only Whoosh's own matchers handle."""


def plan(query: wq.Query) -> Plan:
    """A small tree of the query's parts, or raise :class:`Unsupported`.

    Handles what the search page and ``PlainText``/``Phrase``/``And``/``Or``/``Boost``
    compile to: terms, consecutive phrases, their conjunctions and disjunctions, and
    zero-score restrictions (filters, content types) under a conjunction.
    """
    if query is wq.NullQuery or isinstance(query, wq.qcore._NullQuery):
        return ("none",)
    if type(query) is wq.Term:
        return ("term", query.fieldname, query.text, query.boost)
    if isinstance(query, wq.Term):  # a subclass (fuzzy, prefix…) expands to many terms
        raise Unsupported
    if type(query) is wq.Phrase:
        if query.slop != 1 or not query.words:
            raise Unsupported
        return ("phrase", query.fieldname, tuple(query.words), query.boost)
    if type(query) in (wq.And, wq.Or) and query.boost == 1.0:
        kind = "and" if type(query) is wq.And else "or"
        if kind == "or" and (query.minmatch or query.scale):
            raise Unsupported
        children: list[Plan] = []
        for child in query.subqueries:
            if kind == "and" and type(child) is wq.ConstantScoreQuery and child.score == 0:
                children.append(("filter", child.child))
            else:
                children.append(plan(child))
        return (kind, tuple(children))
    raise Unsupported


class LeafScorer:
    """Evaluates a plan over one segment: ``{segment docnum: score}``.

    Scores are Whoosh's BM25F (same idf, average length and parameters), summed over
    the matching parts as Whoosh's matchers sum them, so the order is the same; but a
    posting list is read a block at a time instead of one document at a time through
    layers of matchers, which is what made pages of common words slow.
    """

    def __init__(
        self,
        searcher: Searcher,
        reader: IndexReader,
        offset: int,
        cache: dict[tuple[Any, ...], Any],
        deadline: float | None = None,
    ) -> None:
        self.searcher = searcher
        self.deadline = deadline
        self.reader = reader
        self.offset = offset
        self.cache = cache
        weighting = searcher.weighting
        self.B, self.K1 = weighting.B, weighting.K1
        self.field_B = weighting._field_B

    def lengths(self, fieldname: str) -> bytes:
        """The segment's field lengths, one byte per document (Whoosh's encoding)."""
        key = ("lengths", id(self.reader), fieldname)
        table = self.cache.get(key)
        if table is None:
            column = self.reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            table = b"" if column is None else column._dbfile.get(column._basepos, column._count)
            self.cache[key] = table
        return table

    def postings(
        self, fieldname: str, text: str, values: bool = False
    ) -> tuple[list[int], list[float], list[bytes]]:
        """``(ids, weights, values)`` of a term in this segment (empty when absent)."""
        field = self.searcher.schema[fieldname]
        try:
            btext = field.to_bytes(text)
        except ValueError:
            return [], [], []
        if (fieldname, btext) not in self.reader:
            return [], [], []
        matcher = self.reader._terms.matcher(fieldname, btext, field.format, scorer=None)
        ids: list[int] = []
        weights: list[float] = []
        vals: list[bytes] = []
        self.check_deadline()
        if hasattr(matcher, "_read_ids"):
            while matcher.is_active():
                if len(ids) % 8192 < 128:  # about every 64 blocks
                    self.check_deadline()
                matcher._read_ids()
                matcher._read_weights()
                ids.extend(matcher._ids)
                weights.extend(matcher._weights)
                if values:
                    matcher._read_values()
                    vals.extend(matcher._values)
                if matcher._lastblock:
                    break
                matcher._next_block()
        else:
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                if values:
                    vals.append(matcher.value())
                matcher.next()
        return ids, weights, vals

    def check_deadline(self) -> None:
        """Raise ``TimeLimit`` if the deadline has passed."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeLimit

    def bm25(self, fieldname: str, text: str, boost: float) -> Callable[[int, float], float]:
        """A function ``(docnum, weight) -> score`` for one term: Whoosh's BM25F."""
        searcher = self.searcher
        idf = searcher.idf(fieldname, text)
        avgfl = searcher.avg_field_length(fieldname) or 1
        B = self.field_B.get(fieldname, self.B)
        K1 = self.K1
        lengths = self.lengths(fieldname)
        count = len(lengths)
        scale = idf * (K1 + 1) * boost
        base = K1 * (1 - B)
        per_length = [K1 * B * byte_to_length(b) / avgfl for b in range(256)]
        default = per_length[0]

        def score(docnum: int, weight: float) -> float:
            norm = per_length[lengths[docnum]] if docnum < count else default
            return scale * weight / (weight + base + norm)

        return score

    def evaluate(self, plan: Plan) -> Scores:
        """The segment's documents matching ``plan``, with their scores."""
        kind = plan[0]
        if kind == "none":
            return {}
        if kind == "term":
            _kind, fieldname, text, boost = plan
            ids, weights, _values = self.postings(fieldname, text)
            if not ids:
                return {}
            bm25 = self.bm25(fieldname, text, boost)
            pairs = zip(ids, weights, strict=True)
            return {docnum: bm25(docnum, weight) for docnum, weight in pairs}
        if kind == "phrase":
            return self._phrase(*plan[1:])
        if kind == "or":
            result: Scores = {}
            for child in plan[1]:
                for docnum, score in self.evaluate(child).items():
                    result[docnum] = result.get(docnum, 0.0) + score
            return result
        # and
        scored = [c for c in plan[1] if c[0] != "filter"]
        filters = [c[1] for c in plan[1] if c[0] == "filter"]
        if not scored:
            raise Unsupported  # a bare filter: every document it allows, unscored
        parts = sorted((self.evaluate(child) for child in scored), key=len)
        result = parts[0]
        for part in parts[1:]:
            result = {d: s + part[d] for d, s in result.items() if d in part}
        for restriction in filters:
            if not result:
                break
            allowed = self.filter_docs(restriction)
            result = {d: s for d, s in result.items() if d in allowed}
        return result

    def _phrase(self, fieldname: str, words: tuple[str, ...], boost: float) -> Scores:
        field = self.searcher.schema[fieldname]
        postings = [self.postings(fieldname, word, values=True) for word in words]
        if any(not ids for ids, _w, _v in postings):
            return {}
        scores = [self.bm25(fieldname, word, boost) for word in words]
        tables = [
            dict(zip(ids, zip(weights, values, strict=True), strict=True))
            for ids, weights, values in postings
        ]
        smallest = min(tables, key=len)
        candidates = [d for d in smallest if all(d in table for table in tables)]
        decode = field.format.decode_positions
        result = {}
        for n, docnum in enumerate(candidates):
            if n % 256 == 255:
                self.check_deadline()
            positions = [set(decode(table[docnum][1])) for table in tables]
            if any(
                all(start + i in positions[i] for i in range(1, len(positions)))
                for start in positions[0]
            ):
                pairs = zip(scores, tables, strict=True)
                result[docnum] = sum(score(docnum, table[docnum][0]) for score, table in pairs)
        return result

    def filter_docs(self, restriction: wq.Query) -> frozenset[int]:
        """The segment's documents a zero-score restriction allows, computed once per index
        state (the searcher is replaced when the index changes)."""
        key = ("filter", id(self.reader), repr(restriction))
        docs = self.cache.get(key)
        if docs is None:
            docs = frozenset(restriction.matcher(self.leaf_searcher()).all_ids())
            filters = [k for k in self.cache if k[0] == "filter"]  # oldest first
            held = sum(len(self.cache[k]) for k in filters) + len(docs)
            while filters and (len(filters) >= FILTER_CACHE_SIZE or held > FILTER_CACHE_DOCS):
                held -= len(self.cache.pop(filters.pop(0)))
            self.cache[key] = docs
        return docs

    def leaf_searcher(self) -> Searcher:
        """The searcher of this segment alone."""
        if self.searcher.is_atomic():
            return self.searcher
        return next(s for s, offset in self.searcher.leaf_searchers() if s.reader() is self.reader)


def fast_matches(
    searcher: Searcher, query: wq.Query, time_limit: float | None = None
) -> Scores | None:
    """``{global docnum: score}`` for ``query``, or None when Whoosh must answer it.

    Raises ``TimeLimit`` after ``time_limit`` seconds."""
    try:
        query_plan = plan(query)
    except Unsupported:
        return None
    if not isinstance(searcher.weighting, BM25F):
        return None
    cache = searcher.__dict__.setdefault("_yishi_fast_cache", {})
    deadline = None if time_limit is None else time.monotonic() + time_limit
    matches = {}
    try:
        for reader, offset in searcher.reader().leaf_readers():
            leaf = LeafScorer(searcher, reader, offset, cache, deadline)
            found = leaf.evaluate(query_plan)
            deleted = reader.deleted_docs_set if reader.has_deletions() else ()
            for docnum, score in found.items():
                if docnum not in deleted:
                    matches[docnum + offset] = score
    except Unsupported:
        return None
    return matches


def fast_top(
    searcher: Searcher, query: wq.Query, limit: int | None, time_limit: float | None = None
) -> list[tuple[int, float]] | None:
    """The ``limit`` best ``(global docnum, score)`` pairs, best first (ties: lower docnum
    first, as Whoosh), or None when Whoosh must answer the query.

    After ``time_limit`` seconds it logs a warning and returns no hits: the pairs are only
    known once every posting list has been read."""
    try:
        matches = fast_matches(searcher, query, time_limit)
    except TimeLimit:
        logger.warning("Search stopped after %s s, no results: %s", time_limit, query)
        return []
    if matches is None:
        return None
    items = matches.items()
    if limit is None:
        return sorted(items, key=lambda item: (-item[1], item[0]))
    return heapq.nsmallest(limit, items, key=lambda item: (-item[1], item[0]))

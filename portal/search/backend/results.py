"""Running a compiled query: pages of objects, counts, facets, the time limit.

A page ordered by relevance and a count go to the fast path
(:mod:`.scoring`) when it handles the query; everything else (ordering by a
field, facets, queries with fuzzy terms, ``Not``, ``MatchAll``) to Whoosh's
matchers, a page stopped after the backend's ``QUERY_TIME_LIMIT``. The hits'
primary keys are then loaded from the queryset, so objects gone from the
database (or filtered out) are skipped.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import models
from modelsearch.backends.base import BaseSearchResults, FilterFieldError
from whoosh.collectors import Collector, WrappingCollector
from whoosh.fields import FieldType
from whoosh.searching import Results, Searcher, TimeLimit

from . import scoring
from .schema import Column

if TYPE_CHECKING:
    from .base import WhooshSearchBackend
    from .query import WhooshSearchQueryCompiler
    from .storage import WhooshIndex

logger = logging.getLogger(__name__)


def facet_value(column: Column, whoosh_field: FieldType, term: bytes) -> Any:
    """The value a filter column's indexed ``term`` stands for."""
    value = whoosh_field.from_bytes(term)
    return value == "t" if column.kind == "bool" else value


class DeadlineCollector(WrappingCollector):
    """Raises ``TimeLimit`` once ``seconds`` have passed, checking the clock every 64 matches.

    Whoosh's own ``TimeLimitCollector`` starts a timer thread per search, which
    costs more than a typical query on a busy machine.
    """

    def __init__(self, child: Collector, seconds: float) -> None:
        super().__init__(child)
        self.seconds = seconds

    def prepare(self, top_searcher: Searcher, q: Any, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.deadline = time.monotonic() + self.seconds

    def collect_matches(self) -> None:
        child = self.child
        for n, sub_docnum in enumerate(child.matches()):
            if n % 64 == 0 and time.monotonic() > self.deadline:
                raise TimeLimit
            child.collect(sub_docnum)


class WhooshSearchResults(BaseSearchResults):
    """The lazy results of one search: sliced, counted, faceted, scored on demand."""

    supports_facet = True
    backend: WhooshSearchBackend
    query_compiler: WhooshSearchQueryCompiler

    def _index(self) -> WhooshIndex:
        return self.backend.get_index_for_model(self.query_compiler.queryset.model)

    def _search(self, limit: int | None, **kwargs: Any) -> Results:
        searcher = self._index().searcher()
        return searcher.search(self.query_compiler.get_whoosh_query(), limit=limit, **kwargs)

    def _search_page(self, limit: int | None, **kwargs: Any) -> Results:
        """Like ``_search``, but stopped after the backend's ``QUERY_TIME_LIMIT``.

        A pathological query (every document matches several common words)
        then answers with the best hits found so far instead of holding a worker.
        """
        time_limit = self.backend.query_time_limit
        if time_limit is None:
            return self._search(limit, **kwargs)
        searcher = self._index().searcher()
        query = self.query_compiler.get_whoosh_query()
        collector = searcher.collector(limit=limit, **kwargs)
        try:
            searcher.search_with_collector(query, DeadlineCollector(collector, time_limit))
        except TimeLimit:
            logger.warning("Search stopped after %s s, partial results: %s", time_limit, query)
        return collector.results()

    def _do_search(self) -> list[models.Model]:
        if self.stop is not None and self.stop <= self.start:
            return []
        sort = self.query_compiler.get_sort()
        if sort is None:  # by relevance: straight from the posting lists when possible
            searcher = self._index().searcher()
            query = self.query_compiler.get_whoosh_query()
            top = scoring.fast_top(searcher, query, self.stop, self.backend.query_time_limit)
            if top is not None:
                hits = [
                    (searcher.stored_fields(docnum)["pk"], score)
                    for docnum, score in top[self.start : self.stop]
                ]
                return self._objects_for(hits)
        # Scores are only worth computing when they order the results or are asked for.
        scored = sort is None or bool(self._score_field)
        results = self._search_page(self.stop, sortedby=sort, scored=scored)
        hits = [(hit["pk"], hit.score) for hit in results[self.start : self.stop]]
        return self._objects_for(hits)

    def _objects_for(self, hits: Sequence[tuple[Any, float | None]]) -> list[models.Model]:
        pks = [pk for pk, _score in hits]
        objects = {str(obj.pk): obj for obj in self.query_compiler.queryset.filter(pk__in=pks)}
        results = []
        for pk, score in hits:
            obj = objects.get(str(pk))
            if obj is None:
                continue  # in the index but gone from the database (or filtered out)
            if self._score_field:
                setattr(obj, self._score_field, score)
            results.append(obj)
        return results

    def _do_count(self) -> int:
        searcher = self._index().searcher()
        matches = scoring.fast_matches(searcher, self.query_compiler.get_whoosh_query())
        total = len(matches) if matches is not None else len(self._search(None, scored=False))
        total -= self.start
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return max(total, 0)

    def facet(self, field_name: str) -> OrderedDict[Any, int]:
        """Count matching documents per value of a FilterField, most frequent first."""
        field = self.query_compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to '
                f"{self.query_compiler.queryset.model.__name__}.search_fields.",
                field_name=field_name,
            )
        column = self.query_compiler.filter_column([field])
        counts: Counter[Any] = Counter()
        results = self._search(None, scored=False)
        matched = set(results.docs())
        reader = results.searcher.reader()
        whoosh_field = results.searcher.schema[column.name]
        with_value: set[int] = set()
        for term in whoosh_field.sortable_terms(reader, column.name):
            docs = matched.intersection(reader.postings(column.name, term).all_ids())
            if docs:
                counts[facet_value(column, whoosh_field, term)] = len(docs)
                with_value |= docs
        if len(matched) > len(with_value):
            counts[None] = len(matched) - len(with_value)
        return OrderedDict(counts.most_common())

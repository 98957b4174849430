"""Compiling a modelsearch query and a queryset into a Whoosh query, restriction and sort.

- **Text**: ``PlainText`` is its analysed words (``and``/``or``), ``Phrase`` the
  units at consecutive positions, ``Fuzzy`` fuzzy terms (edit distance by word
  length), ``And``/``Or``/``Not``/``Boost`` their Whoosh counterparts,
  ``MatchAll`` every document. Without ``fields=`` a word is one term of the
  combined column; with it, an Or over the named SearchFields' columns.
- **Restrictions**: the queryset's filters on FilterFields and, below the root
  model, its content type, And-ed into the query with a zero score
  (:meth:`WhooshSearchQueryCompiler.get_whoosh_query`).
- **Sort**: a Whoosh facet for an ordering by FilterFields, None for relevance.
- **Autocomplete**: leading characters of words against AutocompleteField columns.
"""

from collections.abc import Iterator, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import F, OrderBy, Subquery
from django.db.models.sql import Query
from django.db.models.sql.constants import MULTI, SINGLE
from modelsearch.backends.base import (
    BaseSearchQueryCompiler,
    FilterFieldError,
    OrderByFieldError,
    get_model_root,
)
from modelsearch.index import get_indexed_models
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.query import SearchQuery as ModelsearchQuery
from whoosh import query as wq
from whoosh import sorting
from whoosh.analysis import Analyzer

from ..analysis import AUTOCOMPLETE_MAX_CHARS
from .schema import (
    AUTOCOMPLETE_QUERY_ANALYZER,
    COMBINED,
    PHRASE_ANALYZER,
    TEXT_ANALYZER,
    Column,
    TextColumn,
    analyze,
    clean_scalar,
    columns_for_model,
    dedupe_columns,
    model_label,
)


def fuzzy_distance(word: str) -> int:
    """The edit distance a fuzzy query allows for ``word``: none for two characters or
    fewer, then 1, and 2 from six characters."""
    if len(word) <= 2:
        return 0
    return 1 if len(word) <= 5 else 2


class WhooshSearchQueryCompiler(BaseSearchQueryCompiler):
    """Turns a modelsearch query and a queryset into a Whoosh query plus filter and sort."""

    DEFAULT_OPERATOR = "or"
    HANDLES_ORDER_BY_EXPRESSIONS = True
    _analyzer: Analyzer = TEXT_ANALYZER
    _phrase_analyzer: Analyzer = PHRASE_ANALYZER

    # Columns -----------------------------------------------------------------

    def _tree_models(self) -> list[type[Any]]:
        model = self.queryset.model
        return [m for m in get_indexed_models() if issubclass(m, model)] or [model]

    def text_columns(self) -> Sequence[TextColumn]:
        """The columns to search: the ``fields`` asked for, else the combined column."""
        if self.fields:
            wanted = set(self.fields)
            return [
                column
                for column in columns_for_model(self.queryset.model)
                if column.role == "text"
                and len(column.field_path) == 1
                and column.field_path[0].field_name in wanted
            ]
        if any(
            column.role == "text"
            for model in self._tree_models()
            for column in columns_for_model(model)
        ):
            return [COMBINED]
        return []

    def filter_column(self, field_path: Sequence[Any]) -> Column:
        """The column for a path of search_fields entries ending in a FilterField."""
        for model in self._tree_models():
            for column in columns_for_model(model):
                if column.role == "filter" and column.field_path == tuple(field_path):
                    return column
        raise FilterFieldError(f"No index column for {field_path}")

    # Full-text query ---------------------------------------------------------

    def _terms_query(
        self,
        words: Sequence[str],
        columns: Sequence[TextColumn],
        operator: str,
        boost: float,
        term_class: type[wq.Term] = wq.Term,
    ) -> wq.Query:
        def term(column: TextColumn, word: str) -> wq.Query:
            if term_class is wq.FuzzyTerm:
                return wq.FuzzyTerm(
                    column.name, word, boost=boost, maxdist=fuzzy_distance(word), prefixlength=1
                )
            return term_class(column.name, word, boost=boost)

        if not words or not columns:
            return wq.NullQuery
        per_word = [wq.Or([term(column, word) for column in columns]) for word in words]
        return wq.And(per_word) if operator == "and" else wq.Or(per_word)

    def _phrase_query(self, text: str, columns: Sequence[TextColumn], boost: float) -> wq.Query:
        words = analyze(self._phrase_analyzer, text)
        if not words or not columns:
            return wq.NullQuery
        if len(words) == 1:
            return wq.Or([wq.Term(column.name, words[0], boost=boost) for column in columns])
        return wq.Or([wq.Phrase(column.name, words, boost=boost) for column in columns])

    def compile(
        self, query: ModelsearchQuery, columns: Sequence[TextColumn], boost: float = 1.0
    ) -> wq.Query:
        """The Whoosh query for a modelsearch query over ``columns``."""
        if isinstance(query, MatchAll):
            return wq.Every()
        if isinstance(query, PlainText):
            words = analyze(self._analyzer, query.query_string)
            return self._terms_query(words, columns, query.operator, boost * query.boost)
        if isinstance(query, Phrase):
            return self._phrase_query(query.query_string, columns, boost)
        if isinstance(query, Fuzzy):
            words = analyze(self._phrase_analyzer, query.query_string)
            return self._terms_query(words, columns, query.operator, boost, wq.FuzzyTerm)
        if isinstance(query, And):
            return wq.And([self.compile(q, columns, boost) for q in query.subqueries])
        if isinstance(query, Or):
            return wq.Or([self.compile(q, columns, boost) for q in query.subqueries])
        if isinstance(query, Not):
            return wq.Not(self.compile(query.subquery, columns, boost))
        if isinstance(query, Boost):
            return self.compile(query.subquery, columns, boost * query.boost)
        raise NotImplementedError(
            f"`{type(query).__name__}` is not supported by the Whoosh search backend."
        )

    def get_query(self) -> wq.Query:
        """The full-text part of the query, unrestricted."""
        return self.compile(self.query, self.text_columns())

    # Filters -----------------------------------------------------------------

    def get_filter(self) -> wq.Query | None:
        """Content type restriction and the queryset's filters as one Whoosh query, or None."""
        model = self.queryset.model
        restrictions = [self._get_filters_from_queryset()]
        if model is not get_model_root(model):  # the root's index holds only its own kind
            restrictions.append(wq.Term("content_type", model_label(model)))
        restrictions = [r for r in restrictions if r is not None]
        if not restrictions:
            return None
        return restrictions[0] if len(restrictions) == 1 else wq.And(restrictions)

    def get_whoosh_query(self) -> wq.Query:
        """The full-text query, restricted by ``get_filter()`` (which adds nothing to scores).

        Restricting inside the query lets Whoosh skip through the posting lists,
        where ``searcher.search(filter=...)`` would first list every document the
        filter allows.
        """
        query, restriction = self.get_query(), self.get_filter()
        if restriction is None:
            return query
        return wq.And([query, wq.ConstantScoreQuery(restriction, 0.0)])

    def _resolve_subquery(self, value: Query | Subquery, result_type: str) -> Any:
        db_alias = self.queryset._db or DEFAULT_DB_ALIAS
        query = value.query if isinstance(value, Subquery) else value
        result = query.get_compiler(db_alias).execute_sql(result_type=result_type)
        if result_type == SINGLE:
            return result[0] if result else None
        return [row[0] for chunk in result for row in chunk]

    def _process_lookup(self, field_path: Sequence[Any], lookup: str, value: Any) -> wq.Query:
        column = self.filter_column(field_path)
        if isinstance(value, (Query, Subquery)):
            value = self._resolve_subquery(value, SINGLE if lookup == "exact" else MULTI)
        if lookup == "isnull":
            has_value = wq.Every(column.name)
            return wq.Not(has_value) if value else has_value
        if lookup == "exact":
            if value is None:
                return wq.Not(wq.Every(column.name))
            return exact_query(column, value)
        if lookup == "in":
            return wq.Or([exact_query(column, item) for item in value]) if value else wq.NullQuery
        if lookup in ("startswith", "prefix"):
            return wq.Prefix(column.name, str(value))
        if lookup in ("gt", "gte", "lt", "lte"):
            lower = lookup.startswith("g")
            cleaned = clean_scalar(column.kind, value)
            return range_query(
                column,
                cleaned if lower else None,
                None if lower else cleaned,
                startexcl=lookup == "gt",
                endexcl=lookup == "lt",
            )
        if lookup == "range":
            lower, upper = (clean_scalar(column.kind, item) for item in value)
            return range_query(column, lower, upper)
        raise FilterFieldError(
            f'Cannot apply "{lookup}" lookup on "{column.name}" with the Whoosh search backend.',
            field_name=field_path[-1].field_name,
        )

    def _process_match_none(self) -> wq.Query:
        return wq.NullQuery

    def _connect_filters(
        self, filters: Sequence[wq.Query | None], connector: str, negated: bool
    ) -> wq.Query | None:
        present = [f for f in filters if f is not None]
        if not present:
            return None
        combined = present[0] if len(present) == 1 else None
        if combined is None:
            combined = wq.And(present) if connector == "AND" else wq.Or(present)
        return wq.Not(combined) if negated else combined

    # Sorting -----------------------------------------------------------------

    def get_sort(self) -> sorting.FacetType | None:
        """A Whoosh facet to sort by, or None for relevance."""
        if self.order_by_relevance:
            return None
        facets = [
            sorting.FieldFacet(self.filter_column([field]).name, reverse=reverse)
            for reverse, field in self._sort_fields()
        ]
        if not facets:
            return sorting.FieldFacet("pk", reverse=True)
        return sorting.MultiFacet([*facets, sorting.FieldFacet("pk")])

    def _sort_fields(self) -> Iterator[tuple[bool, Any]]:
        """``(reverse, FilterField)`` pairs from the queryset's ordering.

        ``F("field").asc()``/``.desc()`` sort like the field name (null placement is
        not honoured); other expressions cannot be sorted by in the index and are
        skipped.
        """
        for item in self.queryset.query.order_by:
            if isinstance(item, OrderBy):
                if not isinstance(item.expression, F):
                    continue
                name, reverse = item.expression.name, item.descending
            else:
                name, reverse = item.lstrip("-"), item.startswith("-")
            field = self._get_filterable_field(name)
            if field is None:
                raise OrderByFieldError(
                    f'Cannot sort search results with field "{name}". Please add '
                    f'index.FilterField("{name}") to {self.queryset.model.__name__}.search_fields.',
                    field_name=name,
                )
            yield reverse, field


class WhooshAutocompleteQueryCompiler(WhooshSearchQueryCompiler):
    """Matches the leading characters of words, against AutocompleteField columns."""

    _query_analyzer: Analyzer = AUTOCOMPLETE_QUERY_ANALYZER

    def text_columns(self) -> Sequence[TextColumn]:
        columns = dedupe_columns(
            column
            for model in self._tree_models()
            for column in columns_for_model(model)
            if column.role == "autocomplete"
        )
        if self.fields:
            wanted = set(self.fields)
            columns = [
                column
                for column in columns
                if len(column.field_path) == 1 and column.field_path[0].field_name in wanted
            ]
        return columns

    def compile(
        self, query: ModelsearchQuery, columns: Sequence[TextColumn], boost: float = 1.0
    ) -> wq.Query:
        if isinstance(query, PlainText):
            words = [
                word[:AUTOCOMPLETE_MAX_CHARS]
                for word in analyze(self._query_analyzer, query.query_string)
            ]
            return self._terms_query(words, columns, query.operator, boost)
        if isinstance(query, MatchAll):
            return wq.Every()
        raise NotImplementedError(
            f"`{type(query).__name__}` is not supported for autocomplete queries."
        )


def exact_query(column: Column, value: Any) -> wq.Query:
    """Documents whose ``column`` holds ``value`` (cleaned as the column indexes it)."""
    value = clean_scalar(column.kind, value)
    if column.kind in ("int", "float", "time", "datetime"):
        return range_query(column, value, value)
    if column.kind == "bool":
        return wq.Term(column.name, "t" if value else "f")
    return wq.Term(column.name, value)


def range_query(
    column: Column, start: Any, end: Any, startexcl: bool = False, endexcl: bool = False
) -> wq.Query:
    """Documents whose ``column`` lies between ``start`` and ``end`` (None: unbounded)."""
    if column.kind == "datetime":
        return wq.DateRange(column.name, start, end, startexcl=startexcl, endexcl=endexcl)
    if column.kind == "id":
        return wq.TermRange(column.name, start, end, startexcl=startexcl, endexcl=endexcl)
    return wq.NumericRange(column.name, start, end, startexcl=startexcl, endexcl=endexcl)

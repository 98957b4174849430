"""The backend class modelsearch (and so Wagtail) instantiates from the settings."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from modelsearch.backends.base import BaseSearchBackend, get_model_root

from ..analysis import setup_jieba
from .query import WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from .results import WhooshSearchResults
from .schema import TEXT_ANALYZER, analyze, columns_for_model, dedupe_columns, index_models
from .storage import WhooshIndex, WhooshIndexRebuilder


class WhooshSearchBackend(BaseSearchBackend):
    """Whoosh files on local disk, jieba for Chinese; for one machine."""

    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    rebuilder_class = WhooshIndexRebuilder
    # A full disk or a stuck lock must not stop anyone saving content: failed
    # writes are logged and queued instead (see WhooshIndex._write_or_queue).
    catch_indexing_errors = True

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.path = Path(params.get("PATH") or Path(settings.BASE_DIR) / "var" / "search_index")
        self.index_name: str = params.get("INDEX", "yishi")
        self.rebuild_procs = int(params.get("REBUILD_PROCS", 1))
        #: Seconds a page of results may take before Whoosh stops and returns what it has.
        self.query_time_limit: float | None = params.get("QUERY_TIME_LIMIT", 2.0)
        setup_jieba(self.path if self.path.is_dir() else None)

    def get_index_for_model(self, model: type[models.Model]) -> WhooshIndex:
        return WhooshIndex(self, get_model_root(model))

    def retry_pending(self) -> None:
        """Retry queued writes of every index (e.g. from a periodic task)."""
        for index in self.all_indexes():
            index.retry_pending()

    def related_terms(
        self, query_string: str, model: type[models.Model], limit: int = 5
    ) -> list[str]:
        """Words of ``model``'s index to try instead of ``query_string`` (which found nothing).

        The query's own words that the index holds (a long query may fail only as
        a whole: ``建筑工地噪音`` → ``建筑工地``, ``噪音``), then Whoosh's spelling
        suggestions (edit distance 1) for the words it doesn't hold. Only words
        of at least two characters, and never the query itself.
        """
        searcher = self.get_index_for_model(model).searcher()
        columns = dedupe_columns(
            column
            for indexed in index_models(get_model_root(model))
            for column in columns_for_model(indexed)
            if column.role == "text" and column.name in searcher.schema
        )
        terms = []
        for word in analyze(TEXT_ANALYZER, query_string):
            if len(word) < 2:
                continue
            if any(searcher.doc_frequency(column.name, word) for column in columns):
                terms.append(word)
                continue
            for column in columns:
                terms.extend(searcher.suggest(column.name, word, limit=limit, maxdist=1, prefix=1))
        return list(dict.fromkeys(term for term in terms if term != query_string))[:limit]


SearchBackend = WhooshSearchBackend

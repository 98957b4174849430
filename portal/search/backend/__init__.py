"""A Whoosh search backend for Wagtail/modelsearch that understands Chinese.

Configure it with::

    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "portal.search.backend", "PATH": BASE_DIR / "var" / "search_index"},
    }

modelsearch loads :class:`SearchBackend` from this package. The parts:

- :mod:`.schema`: search_fields to Whoosh columns, documents and the schema; the analyzers.
- :mod:`.storage`: the index directory (generations behind a live link), opening,
  locks, writes, the queue of failed writes, rebuilds.
- :mod:`.query`: modelsearch queries and querysets compiled to Whoosh queries and sorts.
- :mod:`.scoring`: relevance pages and counts straight from the posting lists (BM25F).
- :mod:`.results`: running a compiled query: pages, counts, facets, the time limit.
- :mod:`.highlighting`: excerpts with the query's words marked.
- :mod:`.base`: the backend class.
"""

from .base import SearchBackend, WhooshSearchBackend
from .highlighting import highlight
from .query import WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from .results import WhooshSearchResults
from .schema import columns_for_model
from .storage import WhooshIndex, WhooshIndexRebuilder

__all__ = [
    "SearchBackend",
    "WhooshAutocompleteQueryCompiler",
    "WhooshIndex",
    "WhooshIndexRebuilder",
    "WhooshSearchBackend",
    "WhooshSearchQueryCompiler",
    "WhooshSearchResults",
    "columns_for_model",
    "highlight",
]

"""The site's search backend: ``portal.search.backend`` (Whoosh + jieba), made to lose
nothing and to say so when its files are gone.

- Objects whose indexing failed are queued in the database (``records.PendingReindex``)
  instead of a file beside the index: an unwritable or lost index directory takes that
  file with it. The queue is written again by the next successful write to the index, by
  ``update_index`` and by ``manage.py reindex_pending``.
- Once ``update_index`` has built an index (``records.SearchIndexBuild``), a missing index
  is not silently created again empty, and an index directory without its table of
  contents is not silently overwritten: searches raise ``SearchIndexUnavailable`` (the
  search page answers "being rebuilt", ``portal.search.health`` reports it) and writes
  are queued, until ``update_index`` builds it again. Before the first build (a new site,
  the tests) the index is created on first use, as before.
- A write that fails gives Whoosh's write lock back at once. Whoosh's writer takes the
  lock before it creates its files and, when that fails (a directory it cannot write),
  keeps it until it is garbage-collected: while anything still refers to the failure (a
  logged traceback), every later write in the process would wait for the lock and fail.

Configure with ``"BACKEND": "portal.search.resilient"`` (the default ``SEARCH_BACKEND``).
"""

from modelsearch.backends.base import get_model_root
from whoosh import index as whoosh_index
from whoosh.util.filelock import try_for
from whoosh.writing import LockError

from . import records
from .backend import WhooshSearchBackend
from .backend.storage import (
    WRITE_LOCK_DELAY,
    WRITE_LOCK_TIMEOUT,
    WhooshIndex,
    WhooshIndexRebuilder,
)
from .backend.storage import add_missing_fields as _add_missing_fields


class SearchIndexUnavailable(Exception):
    """The index's files are missing or damaged; ``update_index`` builds it again."""


class ResilientIndex(WhooshIndex):
    def __init__(self, backend, root_model, directory=None):
        super().__init__(backend, root_model, directory=directory)
        if directory is None:
            self.pending = records.DatabaseQueue(self.name)

    def _ensure_link(self):
        if not self.link.exists() and records.was_built(self.name):
            raise SearchIndexUnavailable(f"Search index {self.name} is missing at {self.link}")
        super()._ensure_link()

    def whoosh_index(self):
        if (
            self.directory is None
            and self.link.exists()
            and not whoosh_index.exists_in(str(self.link))
            and records.was_built(self.name)
        ):
            raise SearchIndexUnavailable(f"Search index {self.name} is damaged at {self.link}")
        return super().whoosh_index()

    def _write(self, operation):
        if self._bulk_writer is not None:
            super()._write(operation)
            return
        ix = self.whoosh_index()
        lock = ix.lock("WRITELOCK")
        if not try_for(lock.acquire, timeout=WRITE_LOCK_TIMEOUT, delay=WRITE_LOCK_DELAY):
            raise LockError(f"Search index {self.name} is locked by another writer")
        try:
            writer = ix.writer(_lk=False)
            writer.writelock = lock  # commit() and cancel() give it back
            try:
                _add_missing_fields(writer, self.schema())
                operation(writer)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
        finally:
            if lock.fd is not None:  # the writer failed half-way, still holding it
                lock.release()


class ResilientRebuilder(WhooshIndexRebuilder):
    def finish(self):
        super().finish()
        records.mark_built(self.index.name)


class ResilientSearchBackend(WhooshSearchBackend):
    rebuilder_class = ResilientRebuilder

    def get_index_for_model(self, model):
        return ResilientIndex(self, get_model_root(model))


SearchBackend = ResilientSearchBackend

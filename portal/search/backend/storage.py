"""Where the index lives and how it is written: generations, the live link, locks, the queue.

Layout under the backend's ``PATH``: one Whoosh index per root model (all page
types share ``wagtailcore.Page``'s). Each index is a symbolic link,
``<INDEX>_<app>_<model>``, pointing at a generation directory; a rebuild fills a
new generation and replaces the link in one ``os.replace`` so searches never see
a half-built index. ``<name>.pending.jsonl`` lists objects whose indexing
failed, retried on the next successful write and after every rebuild.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from modelsearch.backends.base import BaseIndex, get_model_root
from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index
from whoosh.searching import Searcher
from whoosh.util.filelock import try_for
from whoosh.writing import IndexWriter

from .schema import build_document, build_schema, document_id, model_label

if TYPE_CHECKING:
    from .base import WhooshSearchBackend

logger = logging.getLogger(__name__)

#: How long a writer waits for another process's write lock before giving up.
WRITE_LOCK_TIMEOUT = 10.0
WRITE_LOCK_DELAY = 0.05

#: What a write does with the writer it is given.
Operation = Callable[[IndexWriter], None]

_open_indexes: dict[str, Index] = {}
_open_indexes_lock = threading.Lock()
# Per thread: {live link: searcher}; Whoosh searchers are not shared between threads,
# nor with a forked child (their open files share offsets with the parent's).
_searchers = threading.local()


def _forget_searchers() -> None:
    global _searchers
    _searchers = threading.local()


os.register_at_fork(after_in_child=_forget_searchers)


def open_whoosh_index(directory: str | os.PathLike[str], schema: Callable[[], Schema]) -> Index:
    """Open (creating if needed, with ``schema()``) the Whoosh index in ``directory``.

    Cached per process.
    """
    directory = os.path.realpath(directory)
    with _open_indexes_lock:
        ix = _open_indexes.get(directory)
        if ix is None:
            if whoosh_index.exists_in(directory):
                ix = whoosh_index.open_dir(directory)
            else:
                os.makedirs(directory, exist_ok=True)
                ix = whoosh_index.create_in(directory, schema())
            _open_indexes[directory] = ix
    return ix


def cached_searcher(key: str, ix: Index) -> Searcher:
    """A searcher on ``ix`` kept for this thread under ``key``, refreshed if the index changed.

    Opening a searcher reads every segment's files, which costs more than most
    queries; keeping it open leaves only a directory listing per query (to see
    whether another process committed).
    """
    cache = _searchers.__dict__.setdefault("by_key", {})
    searcher = cache.get(key)
    # Stale when the link moved to a new generation or another writer committed.
    if searcher is not None and (searcher._ix is not ix or not searcher.up_to_date()):
        searcher.close()
        searcher = None
    if searcher is None:
        searcher = cache[key] = ix.searcher()
    return searcher


class PendingQueue:
    """Objects whose indexing failed, one JSON line each: ``{"model": ..., "pk": ...}``.

    Appends are single small ``O_APPEND`` writes, so processes never interleave
    lines; a drain claims the whole file with ``os.replace`` first.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def record(self, model: type[models.Model], pks: Iterable[Any]) -> None:
        lines = "".join(
            json.dumps({"model": model_label(model), "pk": str(pk)}) + "\n" for pk in pks
        )
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, lines.encode())
        finally:
            os.close(fd)

    def __bool__(self) -> bool:
        return self.path.exists()

    def claim(self) -> dict[type[models.Model], set[str]]:
        """Take every entry out of the queue; returns ``{model: {pk, …}}``."""
        claimed = self.path.with_name(f"{self.path.name}.{uuid.uuid4().hex}")
        try:
            os.replace(self.path, claimed)
        except FileNotFoundError:
            return {}
        entries: dict[str, set[str]] = {}
        try:
            for line in claimed.read_text().splitlines():
                if line.strip():
                    entry = json.loads(line)
                    entries.setdefault(entry["model"], set()).add(entry["pk"])
        finally:
            claimed.unlink()
        return {apps.get_model(label): pks for label, pks in entries.items()}

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class WhooshIndex(BaseIndex):
    """The index holding one root model and its subclasses.

    Bound to the live link by default; the rebuilder binds one to a new
    generation directory and holds a single writer open for the whole build.
    """

    backend: WhooshSearchBackend

    def __init__(
        self,
        backend: WhooshSearchBackend,
        root_model: type[models.Model],
        directory: Path | None = None,
    ) -> None:
        super().__init__(backend)
        self.root_model = root_model
        self.name = f"{backend.index_name}_{model_label(root_model).replace('.', '_')}"
        self.link = backend.path / self.name
        self.directory = directory
        self.extra_models: set[type[models.Model]] = set()
        self.pending = PendingQueue(backend.path / f"{self.name}.pending.jsonl")
        self.rebuild_marker = backend.path / f"{self.name}.rebuilding"
        self._bulk_writer: IndexWriter | None = None

    def get_key(self) -> str:
        return self.name

    def __str__(self) -> str:
        return self.name

    # Opening ---------------------------------------------------------------

    def schema(self) -> Schema:
        return build_schema(self.root_model, self.extra_models)

    def new_generation_dir(self) -> Path:
        return self.backend.path / f"{self.name}.{time.time_ns()}"

    def _ensure_link(self) -> None:
        """Create the first generation and its link, once, under a lock shared by processes."""
        if self.link.exists():
            return
        self.backend.path.mkdir(parents=True, exist_ok=True)
        lock = FileStorage(str(self.backend.path)).lock(f"{self.name}_CREATE")
        if not try_for(lock.acquire, timeout=WRITE_LOCK_TIMEOUT, delay=WRITE_LOCK_DELAY):
            raise TimeoutError(f"Could not create search index {self.name}")
        try:
            if not self.link.exists():
                generation = self.new_generation_dir()
                open_whoosh_index(generation, self.schema)
                _point_link(self.link, generation)
        finally:
            lock.release()

    def whoosh_index(self) -> Index:
        if self.directory is not None:
            return open_whoosh_index(self.directory, self.schema)
        self._ensure_link()
        return open_whoosh_index(self.link, self.schema)

    def searcher(self) -> Searcher:
        """This thread's searcher on the live generation; don't close it."""
        return cached_searcher(str(self.link), self.whoosh_index())

    # Writing ---------------------------------------------------------------

    def _write(self, operation: Operation) -> None:
        """Run ``operation(writer)`` and commit, waiting for other processes' lock."""
        if self._bulk_writer is not None:
            operation(self._bulk_writer)
            return
        ix = self.whoosh_index()
        writer = ix.writer(timeout=WRITE_LOCK_TIMEOUT, delay=WRITE_LOCK_DELAY)
        try:
            add_missing_fields(writer, self.schema())
            operation(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def _write_or_queue(
        self, model: type[models.Model], pks: list[Any], operation: Operation
    ) -> None:
        """Write; on failure log and queue ``pks`` for later. Never raises for a live index."""
        if self.directory is not None:
            self._write(operation)
            return
        try:
            self._write(operation)
        except Exception:
            logger.exception("Search index %s: write failed, queued %d item(s)", self, len(pks))
            self.pending.record(model, pks)
            return
        if self.rebuild_in_progress():
            # The rebuild may have read these rows before they changed: replay after the swap.
            self.pending.record(model, pks)
        elif self.pending:
            self.retry_pending()

    def add_model(self, model: type[models.Model]) -> None:
        self.extra_models.add(model)

    def add_items(self, model: type[models.Model], items: Iterable[models.Model | None]) -> None:
        objects = [item for item in items if item is not None]
        if not objects:
            return
        documents = [build_document(item) for item in objects]

        def operation(writer: IndexWriter) -> None:
            # A rebuild's writer fills an empty generation: nothing to replace.
            rebuilding = writer is self._bulk_writer
            add = writer.add_document if rebuilding else writer.update_document
            for document in documents:
                add(**document)

        self._write_or_queue(type(objects[0]), [item.pk for item in objects], operation)

    def delete_item(self, item: models.Model) -> None:
        self._write_or_queue(
            type(item), [item.pk], lambda writer: writer.delete_by_term("id", document_id(item))
        )

    def retry_pending(self) -> None:
        """Re-index (or remove) every queued object, from the database's current state."""
        for model, pks in self.pending.claim().items():
            objects = list(model.get_indexed_objects().filter(pk__in=pks))
            found = {str(obj.pk) for obj in objects}
            gone = [pk for pk in pks if pk not in found]
            root_label = model_label(get_model_root(model))
            documents = [build_document(obj) for obj in objects]

            def operation(
                writer: IndexWriter,
                documents: list[dict[str, Any]] = documents,
                gone: list[str] = gone,
                root_label: str = root_label,
            ) -> None:
                for document in documents:
                    writer.update_document(**document)
                for pk in gone:
                    writer.delete_by_term("id", f"{root_label}:{pk}")

            try:
                self._write(operation)
            except Exception:
                logger.exception("Search index %s: retry failed, kept in queue", self)
                self.pending.record(model, pks)

    def reset(self) -> None:
        generation = self.new_generation_dir()
        open_whoosh_index(generation, self.schema)
        self.swap_to(generation)

    # Rebuilding ------------------------------------------------------------

    def rebuild_in_progress(self) -> bool:
        try:
            marker = json.loads(self.rebuild_marker.read_text())
        except (FileNotFoundError, ValueError):
            return False
        return _pid_alive(marker["pid"])

    def swap_to(self, generation: Path) -> None:
        previous = os.path.realpath(self.link) if self.link.exists() else None
        _point_link(self.link, generation)
        self._remove_old_generations(keep={os.path.realpath(generation), previous})

    def _remove_old_generations(self, keep: set[str | None]) -> None:
        """Delete generations except the live one and the one just replaced (searches may
        still be reading it)."""
        for path in self.backend.path.glob(f"{self.name}.[0-9]*"):
            if path.is_dir() and str(path.resolve()) not in keep:
                with _open_indexes_lock:
                    _open_indexes.pop(str(path.resolve()), None)
                _remove_tree(path)


def add_missing_fields(writer: IndexWriter, schema: Schema) -> None:
    """Let an index created by an older release accept fields added since."""
    for name in schema.names():
        if name not in writer.schema:
            writer.add_field(name, schema[name])


def _point_link(link: Path, target: Path) -> None:
    tmp = link.with_name(f"{link.name}.link-{uuid.uuid4().hex}")
    os.symlink(os.path.basename(target), tmp)
    os.replace(tmp, link)


def _remove_tree(path: Path) -> None:
    for child in path.iterdir():
        child.unlink()
    path.rmdir()


class WhooshIndexRebuilder:
    """Builds a fresh generation beside the live one, then swaps the link in one step."""

    def __init__(self, index: WhooshIndex) -> None:
        self.index = index
        self.new_index: WhooshIndex | None = None

    def start(self) -> WhooshIndex:
        live = self.index
        live.backend.path.mkdir(parents=True, exist_ok=True)
        # Everything queued so far will be read from the database by this rebuild.
        live.pending.clear()
        generation = live.new_generation_dir()
        live.rebuild_marker.write_text(
            json.dumps({"pid": os.getpid(), "generation": generation.name})
        )
        new_index = WhooshIndex(live.backend, live.root_model, directory=generation)
        self.new_index = new_index
        # With several processes, Whoosh analyses (jieba) in parallel and merges at commit.
        new_index._bulk_writer = new_index.whoosh_index().writer(
            limitmb=128, procs=live.backend.rebuild_procs
        )
        return new_index

    def finish(self) -> None:
        new_index = self.new_index
        writer = None if new_index is None else new_index._bulk_writer
        assert new_index is not None and writer is not None, "start() first"
        assert new_index.directory is not None  # the rebuilder's index is bound to one
        new_index._bulk_writer = None
        add_missing_fields(writer, new_index.schema())
        writer.commit(optimize=True)
        self.index.swap_to(new_index.directory)
        self.index.rebuild_marker.unlink(missing_ok=True)
        self.index.retry_pending()

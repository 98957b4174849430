"""A Whoosh search backend for Wagtail/modelsearch that understands Chinese.

Configure it with::

    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "portal.search.backend", "PATH": BASE_DIR / "var" / "search_index"},
    }

Layout under ``PATH``: one Whoosh index per root model (all page types share
``wagtailcore.Page``'s). Each index is a symbolic link, ``<INDEX>_<app>_<model>``,
pointing at a generation directory; a rebuild fills a new generation and
replaces the link in one ``os.replace`` so searches never see a half-built
index. ``<name>.pending.jsonl`` lists objects whose indexing failed, retried on
the next successful write and after every rebuild.
"""

import datetime
import heapq
import json
import logging
import os
import threading
import time
import uuid
from collections import Counter, OrderedDict
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import F, OrderBy, Subquery
from django.db.models.sql import Query
from django.db.models.sql.constants import MULTI, SINGLE
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    FilterFieldError,
    OrderByFieldError,
    get_model_root,
)
from modelsearch.index import (
    AutocompleteField,
    FilterField,
    Indexed,
    RelatedFields,
    SearchField,
    get_indexed_models,
)
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from whoosh import fields as whoosh_fields
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import scoring, sorting
from whoosh.analysis import RegexTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.collectors import WrappingCollector
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import TimeLimit
from whoosh.util.filelock import try_for
from whoosh.util.numeric import byte_to_length

from .analysis import (
    AUTOCOMPLETE_MAX_CHARS,
    AutocompleteAnalyzer,
    AutocompleteQueryAnalyzer,
    ChineseAnalyzer,
    setup_jieba,
    weighted_text,
)

__all__ = ["SearchBackend", "WhooshSearchBackend", "highlight"]

logger = logging.getLogger(__name__)

#: How long a writer waits for another process's write lock before giving up.
WRITE_LOCK_TIMEOUT = 10.0
WRITE_LOCK_DELAY = 0.05

_INT_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}
_FLOAT_TYPES = {"FloatField", "DecimalField"}
_DATETIME_TYPES = {"DateField", "DateTimeField"}
_BOOLEAN_TYPES = {"BooleanField", "NullBooleanField"}

# Several values of one ID-like field travel as one string joined by this separator.
_VALUE_SEPARATOR = "\x1f"


# ---------------------------------------------------------------------------
# Values: Django field values as Whoosh wants them
# ---------------------------------------------------------------------------


def _filter_kind(internal_type):
    if internal_type in _INT_TYPES:
        return "int"
    if internal_type in _FLOAT_TYPES:
        return "float"
    if internal_type in _DATETIME_TYPES:
        return "datetime"
    if internal_type == "TimeField":
        return "time"
    if internal_type in _BOOLEAN_TYPES:
        return "bool"
    return "id"


def _filter_field_type(kind, sortable):
    if kind == "int":
        return whoosh_fields.NUMERIC(int, bits=64, signed=True, sortable=sortable)
    if kind == "float":
        return whoosh_fields.NUMERIC(float, bits=64, sortable=sortable)
    if kind == "time":
        return whoosh_fields.NUMERIC(int, bits=64, sortable=sortable)
    if kind == "datetime":
        return whoosh_fields.DATETIME(sortable=sortable)
    if kind == "bool":
        return whoosh_fields.BOOLEAN()
    return whoosh_fields.ID(sortable=sortable, analyzer=RegexTokenizer(r"[^\x1f]+"))


def _clean_scalar(kind, value):
    """Convert one Django value to the Python type its Whoosh field indexes."""
    if isinstance(value, models.Model):
        value = value.pk
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "datetime":
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.make_naive(value, datetime.timezone.utc)
            return value
        return datetime.datetime(value.year, value.month, value.day)
    if kind == "time":
        return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + (
            value.microsecond
        )
    if kind == "bool":
        return bool(value)
    return str(value)


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, (models.Manager, models.QuerySet)):
        return list(value.all())
    if isinstance(value, (list, tuple, set)):
        return [item for item in value if item is not None]
    return [value]


def _index_value(kind, values):
    """Shape cleaned values for ``writer.add_document``; None when there is nothing to index."""
    values = [_clean_scalar(kind, value) for value in values]
    if not values:
        return None
    if kind == "id":
        return _VALUE_SEPARATOR.join(values)
    if kind == "bool":
        return values[0]
    return values if len(values) > 1 else values[0]


def _text(value):
    """Flatten a search field value (string, list from StreamField, related objects) to text."""
    if value is None:
        return ""
    if isinstance(value, (models.Manager, models.QuerySet)):
        value = list(value.all())
    if isinstance(value, (list, tuple)):
        return "\n".join(filter(None, (_text(item) for item in value)))
    return str(value)


# ---------------------------------------------------------------------------
# Mapping: search_fields to Whoosh columns and documents
# ---------------------------------------------------------------------------


def model_label(model):
    """``app_label.modelname``, the form used in document ids and content types."""
    return model._meta.label_lower


def _column_prefix(field, model):
    """Qualify fields defined on a subclass, so sibling subclasses never clash."""
    definition_model = field.get_definition_model(model)
    if definition_model is None or definition_model is get_model_root(model):
        return ""
    return definition_model._meta.label_lower.replace(".", "_") + "__"


def _relation_name(field, model):
    return _column_prefix(field, model) + field.field_name


class Column:
    """One Whoosh field fed by a search_fields entry (possibly nested in RelatedFields)."""

    def __init__(self, name, role, field_path, model, kind=None, boost=1.0):
        self.name = name
        self.role = role  # "text", "autocomplete" or "filter"
        self.field_path = field_path
        self.model = model
        self.kind = kind
        self.boost = boost

    @property
    def is_many(self):
        field = self.field_path[-1]
        try:
            return field.get_field(self.model).many_to_many
        except FieldDoesNotExist:  # a method or property
            return False

    def whoosh_field(self):
        if self.role == "text":
            return whoosh_fields.TEXT(analyzer=ChineseAnalyzer(), field_boost=self.boost)
        if self.role == "autocomplete":
            return whoosh_fields.TEXT(analyzer=AutocompleteAnalyzer(), phrase=False)
        sortable = len(self.field_path) == 1 and not self.is_many
        return _filter_field_type(self.kind, sortable)

    def values(self, obj):
        """The raw values this column takes from ``obj``, following relations."""
        return list(_walk(obj, self.field_path))

    def document_value(self, obj):
        values = self.values(obj)
        if self.role == "filter":
            flat = []
            for value in values:
                flat.extend(_as_list(value))
            return _index_value(self.kind, flat)
        text = "\n".join(filter(None, (_text(value) for value in values)))
        return text or None


class CombinedColumn:
    """Every SearchField of a document in one Whoosh field, each token weighted by its field's
    boost: a word is one posting list to search instead of an Or over every column."""

    name = "text_all"
    role = "text"
    boost = 1.0
    field_path = ()

    def whoosh_field(self):
        return whoosh_fields.TEXT(analyzer=ChineseAnalyzer())


COMBINED = CombinedColumn()


def _walk(obj, field_path):
    """Yield the values at the end of ``field_path`` starting from ``obj``."""
    field, rest = field_path[0], field_path[1:]
    if not rest:
        yield field.get_value(obj)
        return
    for related in _as_list(field.get_value(obj)):
        yield from _walk(related, rest)


def _columns_for(model, search_fields, name_prefix="", path=(), boost=1.0):
    for field in search_fields:
        if isinstance(field, RelatedFields):
            related_model = field.get_field(model).related_model
            yield from _columns_for(
                related_model,
                field.fields,
                name_prefix + _relation_name(field, model) + "__",
                (*path, field),
                boost,
            )
            continue
        base = name_prefix + _column_prefix(field, model) + field.get_attname(model)
        field_path = (*path, field)
        if isinstance(field, SearchField):
            yield Column("t_" + base, "text", field_path, model, boost=boost * (field.boost or 1.0))
        elif isinstance(field, AutocompleteField):
            yield Column("a_" + base, "autocomplete", field_path, model)
        elif isinstance(field, FilterField):
            kind = _filter_kind(field.get_type(model))
            yield Column("f_" + base, "filter", field_path, model, kind=kind)


@cache
def columns_for_model(model):
    """All columns of ``model``'s documents, in search_fields order."""
    return tuple(_columns_for(model, model.get_search_fields()))


def content_types(model):
    """The labels a document of ``model`` answers to: its own and its indexed ancestors'."""
    labels = [model_label(model)]
    parent = model.indexed_get_parent()
    while parent is not None:
        labels.append(model_label(parent))
        parent = parent.indexed_get_parent()
    return labels


def document_id(obj):
    return f"{model_label(get_model_root(type(obj)))}:{obj.pk}"


def _pk_kind(model):
    pk = model._meta.pk
    while pk.is_relation:
        pk = pk.target_field
    return _filter_kind(pk.get_internal_type())


def build_document(obj):
    model = type(obj)
    doc = {
        "id": document_id(obj),
        "pk": _clean_scalar(_pk_kind(get_model_root(model)), obj.pk),
        "content_type": " ".join(content_types(model)),
    }
    weighted = []
    for column in columns_for_model(model):
        value = column.document_value(obj)
        if value is not None:
            doc[column.name] = value
            if column.role == "text":
                weighted.append((value, column.boost))
    if weighted:
        doc[COMBINED.name] = weighted_text(weighted)
    return doc


def build_schema(root_model, extra_models=()):
    """The union schema of ``root_model`` and every indexed model inheriting from it."""
    pk_kind = _pk_kind(root_model)
    pk_field = (
        whoosh_fields.NUMERIC(int, bits=64, signed=True, stored=True, sortable=True)
        if pk_kind == "int"
        else whoosh_fields.ID(stored=True, sortable=True)
    )
    schema = whoosh_fields.Schema(
        id=whoosh_fields.ID(unique=True, stored=True),
        pk=pk_field,
        content_type=whoosh_fields.KEYWORD(),
    )
    schema.add(COMBINED.name, COMBINED.whoosh_field())
    for model in {*index_models(root_model), *extra_models}:
        for column in columns_for_model(model):
            if column.name not in schema:
                schema.add(column.name, column.whoosh_field())
    return schema


def index_models(root_model):
    return [model for model in get_indexed_models() if get_model_root(model) is root_model]


# ---------------------------------------------------------------------------
# Storage: generations, the live link, the pending queue
# ---------------------------------------------------------------------------

_open_indexes = {}
_open_indexes_lock = threading.Lock()
# Per thread: {live link: searcher}; Whoosh searchers are not shared between threads,
# nor with a forked child (their open files share offsets with the parent's).
_searchers = threading.local()


def _forget_searchers():
    global _searchers
    _searchers = threading.local()


os.register_at_fork(after_in_child=_forget_searchers)


def _open_whoosh_index(directory, schema):
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


def _cached_searcher(key, ix):
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

    def __init__(self, path):
        self.path = Path(path)

    def record(self, model, pks):
        lines = "".join(
            json.dumps({"model": model_label(model), "pk": str(pk)}) + "\n" for pk in pks
        )
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, lines.encode())
        finally:
            os.close(fd)

    def __bool__(self):
        return self.path.exists()

    def claim(self):
        """Take every entry out of the queue; returns ``{model: {pk, …}}``."""
        claimed = self.path.with_name(f"{self.path.name}.{uuid.uuid4().hex}")
        try:
            os.replace(self.path, claimed)
        except FileNotFoundError:
            return {}
        entries = {}
        try:
            for line in claimed.read_text().splitlines():
                if line.strip():
                    entry = json.loads(line)
                    entries.setdefault(entry["model"], set()).add(entry["pk"])
        finally:
            claimed.unlink()
        return {apps.get_model(label): pks for label, pks in entries.items()}

    def clear(self):
        self.path.unlink(missing_ok=True)


def _pid_alive(pid):
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

    def __init__(self, backend, root_model, directory=None):
        super().__init__(backend)
        self.root_model = root_model
        self.name = f"{backend.index_name}_{model_label(root_model).replace('.', '_')}"
        self.link = backend.path / self.name
        self.directory = directory
        self.extra_models = set()
        self.pending = PendingQueue(backend.path / f"{self.name}.pending.jsonl")
        self.rebuild_marker = backend.path / f"{self.name}.rebuilding"
        self._bulk_writer = None

    def get_key(self):
        return self.name

    def __str__(self):
        return self.name

    # Opening ---------------------------------------------------------------

    def schema(self):
        return build_schema(self.root_model, self.extra_models)

    def new_generation_dir(self):
        return self.backend.path / f"{self.name}.{time.time_ns()}"

    def _ensure_link(self):
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
                _open_whoosh_index(generation, self.schema)
                _point_link(self.link, generation)
        finally:
            lock.release()

    def whoosh_index(self):
        if self.directory is not None:
            return _open_whoosh_index(self.directory, self.schema)
        self._ensure_link()
        return _open_whoosh_index(self.link, self.schema)

    def searcher(self):
        """This thread's searcher on the live generation; don't close it."""
        return _cached_searcher(str(self.link), self.whoosh_index())

    # Writing ---------------------------------------------------------------

    def _write(self, operation):
        """Run ``operation(writer)`` and commit, waiting for other processes' lock."""
        if self._bulk_writer is not None:
            operation(self._bulk_writer)
            return
        ix = self.whoosh_index()
        writer = ix.writer(timeout=WRITE_LOCK_TIMEOUT, delay=WRITE_LOCK_DELAY)
        try:
            _add_missing_fields(writer, self.schema())
            operation(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def _write_or_queue(self, model, pks, operation):
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

    def add_model(self, model):
        self.extra_models.add(model)

    def add_items(self, model, items):
        items = [item for item in items if item is not None]
        if not items:
            return
        documents = [build_document(item) for item in items]

        def operation(writer):
            # A rebuild's writer fills an empty generation: nothing to replace.
            add = writer.add_document if writer is self._bulk_writer else writer.update_document
            for document in documents:
                add(**document)

        self._write_or_queue(type(items[0]), [item.pk for item in items], operation)

    def delete_item(self, item):
        self._write_or_queue(
            type(item), [item.pk], lambda writer: writer.delete_by_term("id", document_id(item))
        )

    def retry_pending(self):
        """Re-index (or remove) every queued object, from the database's current state."""
        for model, pks in self.pending.claim().items():
            objects = list(model.get_indexed_objects().filter(pk__in=pks))
            found = {str(obj.pk) for obj in objects}
            gone = [pk for pk in pks if pk not in found]
            root_label = model_label(get_model_root(model))
            documents = [build_document(obj) for obj in objects]

            def operation(writer, documents=documents, gone=gone, root_label=root_label):
                for document in documents:
                    writer.update_document(**document)
                for pk in gone:
                    writer.delete_by_term("id", f"{root_label}:{pk}")

            try:
                self._write(operation)
            except Exception:
                logger.exception("Search index %s: retry failed, kept in queue", self)
                self.pending.record(model, pks)

    def reset(self):
        generation = self.new_generation_dir()
        _open_whoosh_index(generation, self.schema)
        self.swap_to(generation)

    # Rebuilding ------------------------------------------------------------

    def rebuild_in_progress(self):
        try:
            marker = json.loads(self.rebuild_marker.read_text())
        except (FileNotFoundError, ValueError):
            return False
        return _pid_alive(marker["pid"])

    def swap_to(self, generation):
        previous = os.path.realpath(self.link) if self.link.exists() else None
        _point_link(self.link, generation)
        self._remove_old_generations(keep={os.path.realpath(generation), previous})

    def _remove_old_generations(self, keep):
        """Delete generations except the live one and the one just replaced (searches may
        still be reading it)."""
        for path in self.backend.path.glob(f"{self.name}.[0-9]*"):
            if path.is_dir() and str(path.resolve()) not in keep:
                with _open_indexes_lock:
                    _open_indexes.pop(str(path.resolve()), None)
                _remove_tree(path)


def _add_missing_fields(writer, schema):
    """Let an index created by an older release accept fields added since."""
    for name in schema.names():
        if name not in writer.schema:
            writer.add_field(name, schema[name])


def _point_link(link, target):
    tmp = link.with_name(f"{link.name}.link-{uuid.uuid4().hex}")
    os.symlink(os.path.basename(target), tmp)
    os.replace(tmp, link)


def _remove_tree(path):
    for child in path.iterdir():
        child.unlink()
    path.rmdir()


class WhooshIndexRebuilder:
    """Builds a fresh generation beside the live one, then swaps the link in one step."""

    def __init__(self, index):
        self.index = index
        self.new_index = None

    def start(self):
        live = self.index
        live.backend.path.mkdir(parents=True, exist_ok=True)
        # Everything queued so far will be read from the database by this rebuild.
        live.pending.clear()
        generation = live.new_generation_dir()
        live.rebuild_marker.write_text(
            json.dumps({"pid": os.getpid(), "generation": generation.name})
        )
        self.new_index = WhooshIndex(live.backend, live.root_model, directory=generation)
        # With several processes, Whoosh analyses (jieba) in parallel and merges at commit.
        self.new_index._bulk_writer = self.new_index.whoosh_index().writer(
            limitmb=128, procs=live.backend.rebuild_procs
        )
        return self.new_index

    def finish(self):
        writer = self.new_index._bulk_writer
        self.new_index._bulk_writer = None
        _add_missing_fields(writer, self.new_index.schema())
        writer.commit(optimize=True)
        self.index.swap_to(self.new_index.directory)
        self.index.rebuild_marker.unlink(missing_ok=True)
        self.index.retry_pending()


# ---------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------


def _unique(words):
    return list(dict.fromkeys(words))


def _analyze(analyzer, text):
    return _unique(token.text for token in analyzer(text))


def _fuzzy_distance(word):
    if len(word) <= 2:
        return 0
    return 1 if len(word) <= 5 else 2


class WhooshSearchQueryCompiler(BaseSearchQueryCompiler):
    """Turns a modelsearch query and a queryset into a Whoosh query plus filter and sort."""

    DEFAULT_OPERATOR = "or"
    HANDLES_ORDER_BY_EXPRESSIONS = True
    _analyzer = ChineseAnalyzer()
    _phrase_analyzer = ChineseAnalyzer(units_only=True)

    # Columns -----------------------------------------------------------------

    def _tree_models(self):
        model = self.queryset.model
        return [m for m in get_indexed_models() if issubclass(m, model)] or [model]

    def text_columns(self):
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

    def filter_column(self, field_path):
        """The column for a path of search_fields entries ending in a FilterField."""
        for model in self._tree_models():
            for column in columns_for_model(model):
                if column.role == "filter" and column.field_path == tuple(field_path):
                    return column
        raise FilterFieldError(f"No index column for {field_path}")

    # Full-text query ---------------------------------------------------------

    def _terms_query(self, words, columns, operator, boost, term_class=wq.Term):
        def term(column, word):
            if term_class is wq.FuzzyTerm:
                return wq.FuzzyTerm(
                    column.name, word, boost=boost, maxdist=_fuzzy_distance(word), prefixlength=1
                )
            return term_class(column.name, word, boost=boost)

        if not words or not columns:
            return wq.NullQuery
        per_word = [wq.Or([term(column, word) for column in columns]) for word in words]
        return wq.And(per_word) if operator == "and" else wq.Or(per_word)

    def _phrase_query(self, text, columns, boost):
        words = _analyze(self._phrase_analyzer, text)
        if not words or not columns:
            return wq.NullQuery
        if len(words) == 1:
            return wq.Or([wq.Term(column.name, words[0], boost=boost) for column in columns])
        return wq.Or([wq.Phrase(column.name, words, boost=boost) for column in columns])

    def compile(self, query, columns, boost=1.0):
        if isinstance(query, MatchAll):
            return wq.Every()
        if isinstance(query, PlainText):
            words = _analyze(self._analyzer, query.query_string)
            return self._terms_query(words, columns, query.operator, boost * query.boost)
        if isinstance(query, Phrase):
            return self._phrase_query(query.query_string, columns, boost)
        if isinstance(query, Fuzzy):
            words = _analyze(self._phrase_analyzer, query.query_string)
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

    def get_query(self):
        return self.compile(self.query, self.text_columns())

    # Filters -----------------------------------------------------------------

    def get_filter(self):
        """Content type restriction and the queryset's filters as one Whoosh query, or None."""
        model = self.queryset.model
        restrictions = [self._get_filters_from_queryset()]
        if model is not get_model_root(model):  # the root's index holds only its own kind
            restrictions.append(wq.Term("content_type", model_label(model)))
        restrictions = [r for r in restrictions if r is not None]
        if not restrictions:
            return None
        return restrictions[0] if len(restrictions) == 1 else wq.And(restrictions)

    def get_whoosh_query(self):
        """The full-text query, restricted by ``get_filter()`` (which adds nothing to scores).

        Restricting inside the query lets Whoosh skip through the posting lists,
        where ``searcher.search(filter=...)`` would first list every document the
        filter allows.
        """
        query, restriction = self.get_query(), self.get_filter()
        if restriction is None:
            return query
        return wq.And([query, wq.ConstantScoreQuery(restriction, 0.0)])

    def _resolve_subquery(self, value, result_type):
        db_alias = self.queryset._db or DEFAULT_DB_ALIAS
        query = value.query if isinstance(value, Subquery) else value
        result = query.get_compiler(db_alias).execute_sql(result_type=result_type)
        if result_type == SINGLE:
            return result[0] if result else None
        return [row[0] for chunk in result for row in chunk]

    def _process_lookup(self, field_path, lookup, value):
        column = self.filter_column(field_path)
        if isinstance(value, (Query, Subquery)):
            value = self._resolve_subquery(value, SINGLE if lookup == "exact" else MULTI)
        if lookup == "isnull":
            has_value = wq.Every(column.name)
            return wq.Not(has_value) if value else has_value
        if lookup == "exact":
            if value is None:
                return wq.Not(wq.Every(column.name))
            return _exact(column, value)
        if lookup == "in":
            return wq.Or([_exact(column, item) for item in value]) if value else wq.NullQuery
        if lookup in ("startswith", "prefix"):
            return wq.Prefix(column.name, str(value))
        if lookup in ("gt", "gte", "lt", "lte"):
            lower = lookup.startswith("g")
            cleaned = _clean_scalar(column.kind, value)
            return _range(
                column,
                cleaned if lower else None,
                None if lower else cleaned,
                startexcl=lookup == "gt",
                endexcl=lookup == "lt",
            )
        if lookup == "range":
            lower, upper = (_clean_scalar(column.kind, item) for item in value)
            return _range(column, lower, upper)
        raise FilterFieldError(
            f'Cannot apply "{lookup}" lookup on "{column.name}" with the Whoosh search backend.',
            field_name=field_path[-1].field_name,
        )

    def _process_match_none(self):
        return wq.NullQuery

    def _connect_filters(self, filters, connector, negated):
        filters = [f for f in filters if f is not None]
        if not filters:
            return None
        combined = filters[0] if len(filters) == 1 else None
        if combined is None:
            combined = wq.And(filters) if connector == "AND" else wq.Or(filters)
        return wq.Not(combined) if negated else combined

    # Sorting -----------------------------------------------------------------

    def get_sort(self):
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

    def _sort_fields(self):
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

    _query_analyzer = AutocompleteQueryAnalyzer()

    def text_columns(self):
        columns = _dedupe_columns(
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

    def compile(self, query, columns, boost=1.0):
        if isinstance(query, PlainText):
            words = [
                word[:AUTOCOMPLETE_MAX_CHARS]
                for word in _analyze(self._query_analyzer, query.query_string)
            ]
            return self._terms_query(words, columns, query.operator, boost)
        if isinstance(query, MatchAll):
            return wq.Every()
        raise NotImplementedError(
            f"`{type(query).__name__}` is not supported for autocomplete queries."
        )


def _dedupe_columns(columns):
    return list({column.name: column for column in columns}.values())


def _exact(column, value):
    value = _clean_scalar(column.kind, value)
    if column.kind in ("int", "float", "time", "datetime"):
        return _range(column, value, value)
    if column.kind == "bool":
        return wq.Term(column.name, "t" if value else "f")
    return wq.Term(column.name, value)


def _range(column, start, end, startexcl=False, endexcl=False):
    if column.kind == "datetime":
        return wq.DateRange(column.name, start, end, startexcl=startexcl, endexcl=endexcl)
    if column.kind == "id":
        return wq.TermRange(column.name, start, end, startexcl=startexcl, endexcl=endexcl)
    return wq.NumericRange(column.name, start, end, startexcl=startexcl, endexcl=endexcl)


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


def _facet_value(column, whoosh_field, term):
    value = whoosh_field.from_bytes(term)
    return value == "t" if column.kind == "bool" else value


class _DeadlineCollector(WrappingCollector):
    """Raises ``TimeLimit`` once ``seconds`` have passed, checking the clock every 64 matches.

    Whoosh's own ``TimeLimitCollector`` starts a timer thread per search, which
    costs more than a typical query on a busy machine.
    """

    def __init__(self, child, seconds):
        super().__init__(child)
        self.seconds = seconds

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.deadline = time.monotonic() + self.seconds

    def collect_matches(self):
        child = self.child
        for n, sub_docnum in enumerate(child.matches()):
            if n % 64 == 0 and time.monotonic() > self.deadline:
                raise TimeLimit
            child.collect(sub_docnum)


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    def _index(self):
        return self.backend.get_index_for_model(self.query_compiler.queryset.model)

    def _search(self, limit, **kwargs):
        searcher = self._index().searcher()
        return searcher.search(self.query_compiler.get_whoosh_query(), limit=limit, **kwargs)

    def _search_page(self, limit, **kwargs):
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
            searcher.search_with_collector(query, _DeadlineCollector(collector, time_limit))
        except TimeLimit:
            logger.warning("Search stopped after %s s, partial results: %s", time_limit, query)
        return collector.results()

    def _do_search(self):
        if self.stop is not None and self.stop <= self.start:
            return []
        sort = self.query_compiler.get_sort()
        if sort is None:  # by relevance: straight from the posting lists when possible
            searcher = self._index().searcher()
            query = self.query_compiler.get_whoosh_query()
            top = _fast_top(searcher, query, self.stop, self.backend.query_time_limit)
            if top is not None:
                hits = [
                    (searcher.stored_fields(docnum)["pk"], score)
                    for docnum, score in top[self.start : self.stop]
                ]
                return self._objects_for(hits)
        # Scores are only worth computing when they order the results or are asked for.
        scored = sort is None or bool(self._score_field)
        hits = self._search_page(self.stop, sortedby=sort, scored=scored)
        hits = [(hit["pk"], hit.score) for hit in hits[self.start : self.stop]]
        return self._objects_for(hits)

    def _objects_for(self, hits):
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

    def _do_count(self):
        searcher = self._index().searcher()
        matches = _fast_matches(searcher, self.query_compiler.get_whoosh_query())
        total = len(matches) if matches is not None else len(self._search(None, scored=False))
        total -= self.start
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return max(total, 0)

    def facet(self, field_name):
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
        counts = Counter()
        results = self._search(None, scored=False)
        matched = set(results.docs())
        reader = results.searcher.reader()
        whoosh_field = results.searcher.schema[column.name]
        with_value = set()
        for term in whoosh_field.sortable_terms(reader, column.name):
            docs = matched.intersection(reader.postings(column.name, term).all_ids())
            if docs:
                counts[_facet_value(column, whoosh_field, term)] = len(docs)
                with_value |= docs
        if len(matched) > len(with_value):
            counts[None] = len(matched) - len(with_value)
        return OrderedDict(counts.most_common())


# ---------------------------------------------------------------------------
# Fast scoring: the search page's queries straight from the posting lists
# ---------------------------------------------------------------------------

#: Filter document sets kept per searcher (computed once per index change): at most this
#: many sets, holding at most this many document numbers in all (about 30 MB).
_FILTER_CACHE_SIZE = 32
_FILTER_CACHE_DOCS = 500_000


class _Unsupported(Exception):
    """The query has a part only Whoosh's own matchers handle."""


def _plan(query):
    """A small tree of the query's parts, or raise ``_Unsupported``.

    Handles what the search page and ``PlainText``/``Phrase``/``And``/``Or``/``Boost``
    compile to: terms, consecutive phrases, their conjunctions and disjunctions, and
    zero-score restrictions (filters, content types) under a conjunction.
    """
    if query is wq.NullQuery or isinstance(query, wq.qcore._NullQuery):
        return ("none",)
    if type(query) is wq.Term:
        return ("term", query.fieldname, query.text, query.boost)
    if isinstance(query, wq.Term):  # a subclass (fuzzy, prefix…) expands to many terms
        raise _Unsupported
    if type(query) is wq.Phrase:
        if query.slop != 1 or not query.words:
            raise _Unsupported
        return ("phrase", query.fieldname, tuple(query.words), query.boost)
    if type(query) in (wq.And, wq.Or) and query.boost == 1.0:
        kind = "and" if type(query) is wq.And else "or"
        if kind == "or" and (query.minmatch or query.scale):
            raise _Unsupported
        children = []
        for child in query.subqueries:
            if kind == "and" and type(child) is wq.ConstantScoreQuery and child.score == 0:
                children.append(("filter", child.child))
            else:
                children.append(_plan(child))
        return (kind, tuple(children))
    raise _Unsupported


class _LeafScorer:
    """Evaluates a plan over one segment: ``{segment docnum: score}``.

    Scores are Whoosh's BM25F (same idf, average length and parameters), summed over
    the matching parts as Whoosh's matchers sum them, so the order is the same; but a
    posting list is read a block at a time instead of one document at a time through
    layers of matchers, which is what made pages of common words slow.
    """

    def __init__(self, searcher, reader, offset, cache, deadline=None):
        self.searcher = searcher
        self.deadline = deadline
        self.reader = reader
        self.offset = offset
        self.cache = cache
        weighting = searcher.weighting
        self.B, self.K1 = weighting.B, weighting.K1
        self.field_B = weighting._field_B

    def lengths(self, fieldname):
        key = ("lengths", id(self.reader), fieldname)
        table = self.cache.get(key)
        if table is None:
            column = self.reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            table = b"" if column is None else column._dbfile.get(column._basepos, column._count)
            self.cache[key] = table
        return table

    def postings(self, fieldname, text, values=False):
        """``(ids, weights, values)`` of a term in this segment (empty when absent)."""
        field = self.searcher.schema[fieldname]
        try:
            btext = field.to_bytes(text)
        except ValueError:
            return (), (), ()
        if (fieldname, btext) not in self.reader:
            return (), (), ()
        matcher = self.reader._terms.matcher(fieldname, btext, field.format, scorer=None)
        ids, weights, vals = [], [], []
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

    def check_deadline(self):
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeLimit

    def _bm25(self, fieldname, text, boost):
        """A function ``(docnum, weight) -> score`` for one term."""
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

        def score(docnum, weight):
            norm = per_length[lengths[docnum]] if docnum < count else default
            return scale * weight / (weight + base + norm)

        return score

    def evaluate(self, plan):
        kind = plan[0]
        if kind == "none":
            return {}
        if kind == "term":
            _kind, fieldname, text, boost = plan
            ids, weights, _values = self.postings(fieldname, text)
            if not ids:
                return {}
            score = self._bm25(fieldname, text, boost)
            pairs = zip(ids, weights, strict=True)
            return {docnum: score(docnum, weight) for docnum, weight in pairs}
        if kind == "phrase":
            return self._phrase(*plan[1:])
        if kind == "or":
            result = {}
            for child in plan[1]:
                for docnum, score in self.evaluate(child).items():
                    result[docnum] = result.get(docnum, 0.0) + score
            return result
        # and
        scored = [c for c in plan[1] if c[0] != "filter"]
        filters = [c[1] for c in plan[1] if c[0] == "filter"]
        if not scored:
            raise _Unsupported  # a bare filter: every document it allows, unscored
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

    def _phrase(self, fieldname, words, boost):
        field = self.searcher.schema[fieldname]
        postings = [self.postings(fieldname, word, values=True) for word in words]
        if any(not ids for ids, _w, _v in postings):
            return {}
        scores = [self._bm25(fieldname, word, boost) for word in words]
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

    def filter_docs(self, restriction):
        """The segment's documents a zero-score restriction allows, computed once per index
        state (the searcher is replaced when the index changes)."""
        key = ("filter", id(self.reader), repr(restriction))
        docs = self.cache.get(key)
        if docs is None:
            docs = frozenset(restriction.matcher(self.leaf_searcher()).all_ids())
            filters = [k for k in self.cache if k[0] == "filter"]  # oldest first
            held = sum(len(self.cache[k]) for k in filters) + len(docs)
            while filters and (len(filters) >= _FILTER_CACHE_SIZE or held > _FILTER_CACHE_DOCS):
                held -= len(self.cache.pop(filters.pop(0)))
            self.cache[key] = docs
        return docs

    def leaf_searcher(self):
        if self.searcher.is_atomic():
            return self.searcher
        return next(s for s, offset in self.searcher.leaf_searchers() if s.reader() is self.reader)


def _fast_matches(searcher, query, time_limit=None):
    """``{global docnum: score}`` for ``query``, or None when Whoosh must answer it.

    Raises ``TimeLimit`` after ``time_limit`` seconds."""
    try:
        plan = _plan(query)
    except _Unsupported:
        return None
    if not isinstance(searcher.weighting, scoring.BM25F):
        return None
    cache = searcher.__dict__.setdefault("_yishi_fast_cache", {})
    deadline = None if time_limit is None else time.monotonic() + time_limit
    matches = {}
    try:
        for reader, offset in searcher.reader().leaf_readers():
            leaf = _LeafScorer(searcher, reader, offset, cache, deadline)
            found = leaf.evaluate(plan)
            deleted = reader.deleted_docs_set if reader.has_deletions() else ()
            for docnum, score in found.items():
                if docnum not in deleted:
                    matches[docnum + offset] = score
    except _Unsupported:
        return None
    return matches


def _fast_top(searcher, query, limit, time_limit=None):
    """The ``limit`` best ``(global docnum, score)`` pairs, best first (ties: lower docnum
    first, as Whoosh), or None when Whoosh must answer the query.

    After ``time_limit`` seconds it logs a warning and returns no hits: the pairs are only
    known once every posting list has been read."""
    try:
        matches = _fast_matches(searcher, query, time_limit)
    except TimeLimit:
        logger.warning("Search stopped after %s s, no results: %s", time_limit, query)
        return []
    if matches is None:
        return None
    items = matches.items()
    if limit is None:
        return sorted(items, key=lambda item: (-item[1], item[0]))
    return heapq.nsmallest(limit, items, key=lambda item: (-item[1], item[0]))


# ---------------------------------------------------------------------------
# Backend
# ---------------------------------------------------------------------------


class WhooshSearchBackend(BaseSearchBackend):
    """Whoosh files on local disk, jieba for Chinese; for one machine."""

    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    rebuilder_class = WhooshIndexRebuilder
    # A full disk or a stuck lock must not stop anyone saving content: failed
    # writes are logged and queued instead (see WhooshIndex._write_or_queue).
    catch_indexing_errors = True

    def __init__(self, params):
        super().__init__(params)
        self.path = Path(params.get("PATH") or Path(settings.BASE_DIR) / "var" / "search_index")
        self.index_name = params.get("INDEX", "yishi")
        self.rebuild_procs = int(params.get("REBUILD_PROCS", 1))
        #: Seconds a page of results may take before Whoosh stops and returns what it has.
        self.query_time_limit = params.get("QUERY_TIME_LIMIT", 2.0)
        setup_jieba(self.path if self.path.is_dir() else None)

    def get_index_for_model(self, model):
        return WhooshIndex(self, get_model_root(model))

    def retry_pending(self):
        """Retry queued writes of every index (e.g. from a periodic task)."""
        for index in self.all_indexes():
            index.retry_pending()

    def related_terms(self, query_string, model, limit=5):
        """Words of ``model``'s index to try instead of ``query_string`` (which found nothing).

        The query's own words that the index holds (a long query may fail only as
        a whole: ``建筑工地噪音`` → ``建筑工地``, ``噪音``), then Whoosh's spelling
        suggestions (edit distance 1) for the words it doesn't hold. Only words
        of at least two characters, and never the query itself.
        """
        searcher = self.get_index_for_model(model).searcher()
        columns = _dedupe_columns(
            column
            for indexed in index_models(get_model_root(model))
            for column in columns_for_model(indexed)
            if column.role == "text" and column.name in searcher.schema
        )
        terms = []
        for word in _analyze(_text_analyzer, query_string):
            if len(word) < 2:
                continue
            if any(searcher.doc_frequency(column.name, word) for column in columns):
                terms.append(word)
                continue
            for column in columns:
                terms.extend(searcher.suggest(column.name, word, limit=limit, maxdist=1, prefix=1))
        return list(dict.fromkeys(term for term in terms if term != query_string))[:limit]


SearchBackend = WhooshSearchBackend


# ---------------------------------------------------------------------------
# Highlighting
# ---------------------------------------------------------------------------

_text_analyzer = ChineseAnalyzer()


def highlight(hit_or_text, query, *, fields=None, max_chars=120, tag="mark"):
    """Return a short HTML-safe excerpt of the text with the query's words in ``<mark>``.

    ``hit_or_text`` is a string or a search result (an indexed model instance),
    whose SearchFields (or just ``fields``) give the text. ``query`` is a string
    or a modelsearch query with a ``query_string``. The excerpt is the
    ``max_chars`` window holding the most matches, with "…" where text was cut.
    """
    if isinstance(hit_or_text, str):
        text = hit_or_text
    elif isinstance(hit_or_text, Indexed):
        text = _object_text(hit_or_text, fields)
    else:
        raise TypeError(f"Cannot highlight {type(hit_or_text).__name__}")
    text = " ".join(text.split())
    words = set(_analyze(_text_analyzer, getattr(query, "query_string", str(query))))
    spans = _merge_spans(
        (token.startchar, token.endchar)
        for token in _text_analyzer(text, chars=True)
        if token.text in words
    )
    start, end = _best_window(spans, len(text), max_chars)
    parts = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<{tag}>{escape(text[span_start:span_end])}</{tag}>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text is escaped)


def _object_text(obj, fields):
    return "\n".join(
        _text(column.values(obj)[0])
        for column in columns_for_model(type(obj))
        if column.role == "text"
        and len(column.field_path) == 1
        and (fields is None or column.field_path[0].field_name in fields)
    )


def _merge_spans(spans):
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _best_window(spans, length, max_chars):
    """The ``(start, end)`` window of ``max_chars`` holding most spans, a little context first."""
    if length <= max_chars or not spans:
        return 0, min(length, max_chars)
    context = max_chars // 5
    best = (0, 0)
    for span_start, _ in spans:
        start = max(0, min(span_start - context, length - max_chars))
        inside = sum(1 for s, e in spans if s >= start and e <= start + max_chars)
        if inside > best[0]:
            best = (inside, start)
    return best[1], best[1] + max_chars

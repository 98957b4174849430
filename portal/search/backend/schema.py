"""What the index holds: one Whoosh column per ``search_fields`` entry, plus the combined text.

- **Columns.** Each ``SearchField`` becomes a text column ``t_<name>`` (jieba,
  its boost as the field boost), each ``AutocompleteField`` an n-gram column
  ``a_<name>``, each ``FilterField`` a typed column ``f_<name>``; fields inside
  ``RelatedFields`` are named ``<relation>__<name>``, and fields defined on a
  subclass are prefixed with that subclass, so sibling page types never clash.
- **The combined column** ``text_all`` holds every SearchField of a document,
  each token weighted by its field's boost: a query without ``fields=`` asks one
  posting list per word.
- **Documents.** :func:`build_document` turns an object into the dict a Whoosh
  writer takes; :func:`build_schema` is the union schema of a root model and its
  indexed subclasses.
- **Values.** Django values become the Python types their Whoosh fields index
  (:func:`clean_scalar`); the query compiler cleans filter values the same way.
- **Analyzers.** The ones queries and highlighting read text with, built once.
"""

import datetime
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from modelsearch.backends.base import get_model_root
from modelsearch.index import (
    AutocompleteField,
    FilterField,
    RelatedFields,
    SearchField,
    get_indexed_models,
)
from whoosh import fields as whoosh_fields
from whoosh.analysis import Analyzer, RegexTokenizer

from ..analysis import (
    AutocompleteAnalyzer,
    AutocompleteQueryAnalyzer,
    ChineseAnalyzer,
    weighted_text,
)

#: How a FilterField's values are indexed.
Kind = Literal["int", "float", "datetime", "time", "bool", "id"]
#: What a column is for.
Role = Literal["text", "autocomplete", "filter"]

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

#: Query words, related terms and highlighting: jieba (search mode), lowercased, stemmed.
TEXT_ANALYZER: Analyzer = ChineseAnalyzer()
#: Phrases and fuzzy words: the finest split only, so consecutive positions make the phrase.
PHRASE_ANALYZER: Analyzer = ChineseAnalyzer(units_only=True)
#: Autocomplete queries: whole words, lowercased, unstemmed.
AUTOCOMPLETE_QUERY_ANALYZER: Analyzer = AutocompleteQueryAnalyzer()


def analyze(analyzer: Analyzer, text: str) -> list[str]:
    """The distinct words ``analyzer`` reads in ``text``, in order."""
    return list(dict.fromkeys(token.text for token in analyzer(text)))


# ---------------------------------------------------------------------------
# Values: Django field values as Whoosh wants them
# ---------------------------------------------------------------------------


def filter_kind(internal_type: str) -> Kind:
    """How values of a Django field type (``get_internal_type()``) are indexed."""
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


def _filter_field_type(kind: Kind | None, sortable: bool) -> whoosh_fields.FieldType:
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


def clean_scalar(kind: Kind | None, value: Any) -> Any:
    """Convert one Django value to the Python type its Whoosh field of ``kind`` indexes
    (None, as for ``"id"``: a string)."""
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


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (models.Manager, models.QuerySet)):
        return list(value.all())
    if isinstance(value, (list, tuple, set)):
        return [item for item in value if item is not None]
    return [value]


def _index_value(kind: Kind | None, values: Iterable[Any]) -> Any:
    """Shape cleaned values for ``writer.add_document``; None when there is nothing to index."""
    cleaned = [clean_scalar(kind, value) for value in values]
    if not cleaned:
        return None
    if kind == "id":
        return _VALUE_SEPARATOR.join(cleaned)
    if kind == "bool":
        return cleaned[0]
    return cleaned if len(cleaned) > 1 else cleaned[0]


def flatten_text(value: Any) -> str:
    """Flatten a search field value (string, list from StreamField, related objects) to text."""
    if value is None:
        return ""
    if isinstance(value, (models.Manager, models.QuerySet)):
        value = list(value.all())
    if isinstance(value, (list, tuple)):
        return "\n".join(filter(None, (flatten_text(item) for item in value)))
    return str(value)


# ---------------------------------------------------------------------------
# Columns: search_fields to Whoosh fields
# ---------------------------------------------------------------------------


def model_label(model: type[models.Model]) -> str:
    """``app_label.modelname``, the form used in document ids and content types."""
    return model._meta.label_lower


def _column_prefix(field: Any, model: type[models.Model]) -> str:
    """Qualify fields defined on a subclass, so sibling subclasses never clash."""
    definition_model = field.get_definition_model(model)
    if definition_model is None or definition_model is get_model_root(model):
        return ""
    return definition_model._meta.label_lower.replace(".", "_") + "__"


def _relation_name(field: Any, model: type[models.Model]) -> str:
    return _column_prefix(field, model) + field.field_name


class Column:
    """One Whoosh field fed by a search_fields entry (possibly nested in RelatedFields)."""

    def __init__(
        self,
        name: str,
        role: Role,
        field_path: tuple[Any, ...],
        model: type[models.Model],
        kind: Kind | None = None,
        boost: float = 1.0,
    ) -> None:
        self.name = name
        self.role = role
        #: The search_fields entries from the model to the value (RelatedFields first).
        self.field_path = field_path
        self.model = model
        #: For filter columns: how the values are indexed.
        self.kind = kind
        self.boost = boost

    @property
    def is_many(self) -> bool:
        field = self.field_path[-1]
        try:
            return bool(field.get_field(self.model).many_to_many)
        except FieldDoesNotExist:  # a method or property
            return False

    def whoosh_field(self) -> whoosh_fields.FieldType:
        if self.role == "text":
            return whoosh_fields.TEXT(analyzer=ChineseAnalyzer(), field_boost=self.boost)
        if self.role == "autocomplete":
            return whoosh_fields.TEXT(analyzer=AutocompleteAnalyzer(), phrase=False)
        sortable = len(self.field_path) == 1 and not self.is_many
        return _filter_field_type(self.kind, sortable)

    def values(self, obj: models.Model) -> list[Any]:
        """The raw values this column takes from ``obj``, following relations."""
        return list(_walk(obj, self.field_path))

    def document_value(self, obj: models.Model) -> Any:
        """What the document of ``obj`` holds in this column; None for nothing."""
        values = self.values(obj)
        if self.role == "filter":
            flat: list[Any] = []
            for value in values:
                flat.extend(_as_list(value))
            return _index_value(self.kind, flat)
        text = "\n".join(filter(None, (flatten_text(value) for value in values)))
        return text or None


class CombinedColumn:
    """Every SearchField of a document in one Whoosh field, each token weighted by its field's
    boost: a word is one posting list to search instead of an Or over every column."""

    name = "text_all"
    role: Role = "text"
    boost = 1.0
    field_path: tuple[Any, ...] = ()

    def whoosh_field(self) -> whoosh_fields.FieldType:
        return whoosh_fields.TEXT(analyzer=ChineseAnalyzer())


COMBINED = CombinedColumn()

#: A column a full-text query can ask: one SearchField's, or the combined one.
TextColumn = Column | CombinedColumn


def _walk(obj: Any, field_path: Sequence[Any]) -> Iterator[Any]:
    """Yield the values at the end of ``field_path`` starting from ``obj``."""
    field, rest = field_path[0], field_path[1:]
    if not rest:
        yield field.get_value(obj)
        return
    for related in _as_list(field.get_value(obj)):
        yield from _walk(related, rest)


def _columns_for(
    model: type[models.Model],
    search_fields: Iterable[Any],
    name_prefix: str = "",
    path: tuple[Any, ...] = (),
    boost: float = 1.0,
) -> Iterator[Column]:
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
            kind = filter_kind(field.get_type(model))
            yield Column("f_" + base, "filter", field_path, model, kind=kind)


_columns_by_model: dict[type[models.Model], tuple[Column, ...]] = {}


def columns_for_model(model: type[models.Model]) -> tuple[Column, ...]:
    """All columns of ``model``'s documents, in search_fields order (worked out once)."""
    columns = _columns_by_model.get(model)
    if columns is None:
        columns = _columns_by_model[model] = tuple(_columns_for(model, model.get_search_fields()))
    return columns


def dedupe_columns(columns: Iterable[Column]) -> list[Column]:
    """One column per name (the last one given), in order of first appearance."""
    return list({column.name: column for column in columns}.values())


def index_models(root_model: type[models.Model]) -> list[type[models.Model]]:
    """The indexed models whose documents live in ``root_model``'s index."""
    return [model for model in get_indexed_models() if get_model_root(model) is root_model]


# ---------------------------------------------------------------------------
# Documents and the schema
# ---------------------------------------------------------------------------


def content_types(model: type[models.Model]) -> list[str]:
    """The labels a document of ``model`` answers to: its own and its indexed ancestors'."""
    labels = [model_label(model)]
    parent = model.indexed_get_parent()
    while parent is not None:
        labels.append(model_label(parent))
        parent = parent.indexed_get_parent()
    return labels


def document_id(obj: models.Model) -> str:
    """The unique ``id`` of ``obj``'s document: ``<root model label>:<pk>``."""
    return f"{model_label(get_model_root(type(obj)))}:{obj.pk}"


def _pk_kind(model: type[models.Model]) -> Kind:
    pk = model._meta.pk
    while pk.is_relation:
        pk = pk.target_field
    return filter_kind(pk.get_internal_type())


def build_document(obj: models.Model) -> dict[str, Any]:
    """The fields of ``obj``'s document, as ``writer.add_document(**doc)`` takes them."""
    model = type(obj)
    doc = {
        "id": document_id(obj),
        "pk": clean_scalar(_pk_kind(get_model_root(model)), obj.pk),
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


def build_schema(
    root_model: type[models.Model], extra_models: Iterable[type[models.Model]] = ()
) -> whoosh_fields.Schema:
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

"""The search page's groups of results, as the capabilities declare them.

Each app declares its groups (``SearchGroup(key, label, model labels)`` in its
AppConfig's capability, see ``portal/capabilities.py``): all Page types, or all
other models. The portal knows the apps only by these labels, resolved when first
searched, so it imports none of them. Who may find what is asked of the models:

- ``Model.search_visible(user)``, an optional classmethod, returns the queryset of
  objects ``user`` may find. Without it: ``live().public()`` for pages, the
  indexed objects (``get_indexed_objects()``) for other models.
- A model's ``search_permission`` (e.g. ``"pages.view_minutes"``), if set, is
  also asked of every result: ``user.has_perm(permission, obj)``.
- ``Model.search_queryset(user)``, an optional classmethod, returns the queryset
  the index is asked about (its filters must be on FilterFields), so that
  objects ``user`` may never see don't take the places of those they may.
  It narrows the candidates only; the two checks above still decide.

The index only narrows the candidates; visibility is always decided by the
database and the permission at query time, so an object that has just become
private (or an index that is behind) never shows.
"""

import math
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html
from modelsearch.backends import get_search_backend
from modelsearch.index import Indexed
from modelsearch.query import And, Or, PlainText
from wagtail.models import Page

from portal import capabilities

from .analysis import ChineseAnalyzer
from .backend import columns_for_model, highlight

#: At most this many of a query's words are combined when no result has them all.
MAX_RELAXED_WORDS = 6


@dataclass
class Hit:
    title: str
    url: str
    snippet: str
    group: "SearchGroup" = None
    #: 0 when found with all the query's words, 1 with one word fewer, and so on.
    level: int = 0
    #: How well the title says the query: 0 it is the query, 1 holds it, 2 holds each of
    #: its words, 3 otherwise.
    title_match: int = 3
    score: float = 0.0

    @property
    def rank(self):
        """Sort key across types: most words, then the title, then the index's score."""
        return (self.level, self.title_match, -self.score)


@dataclass
class GroupResults:
    group: "SearchGroup"
    hits: list
    has_more: bool


class SearchGroup:
    def __init__(self, key, label, model_labels, others=()):
        self.key = key
        self.label = label
        self.model_labels = tuple(model_labels)
        self.other_page_labels = tuple(others)  # page types shown in other groups

    def __repr__(self):
        return f"<SearchGroup {self.key}>"

    @cached_property
    def models(self):
        """The group's installed, indexed models."""
        return [
            model
            for model in _installed(self.model_labels)
            if issubclass(model, Indexed) and model.get_search_fields()
        ]

    @cached_property
    def is_pages(self):
        return bool(self.models) and all(issubclass(model, Page) for model in self.models)

    def _page_types(self):
        if self.models == [Page]:  # every page type not shown in another group
            others = [m for m in _installed(self.other_page_labels) if issubclass(m, Page)]
            return Page.objects.not_type(*others)
        return Page.objects.type(*self.models)

    def _searches(self, user):
        """``(queryset to search, model)`` pairs: one search for pages, one per other model."""
        if self.is_pages:
            return [(self._page_types().live().specific(), Page)]
        return [
            (
                model.search_queryset(user)
                if hasattr(model, "search_queryset")
                else model.objects.all(),
                model,
            )
            for model in self.models
        ]

    def visible(self, model, user, objects):
        """The ``objects`` (of ``model``) that ``user`` may find, in the same order."""
        if not objects:
            return []
        if hasattr(model, "search_visible"):
            allowed = model.search_visible(user)
        elif issubclass(model, Page):
            allowed = model.objects.live().public()
        else:
            allowed = model.get_indexed_objects()
        allowed = set(
            allowed.filter(pk__in=[obj.pk for obj in objects]).values_list("pk", flat=True)
        )
        permission = getattr(model, "search_permission", None)
        return [
            obj
            for obj in objects
            if obj.pk in allowed and (permission is None or user.has_perm(permission, obj))
        ]

    def search(self, query, user, request, offset=0, limit=10, levels=None):
        """One page of this group's results for ``user``, highlighted, best first.

        ``levels`` are the modelsearch queries to ask in turn (default: all of the query's
        words); results of an earlier level come first, each result once.
        """
        backend = get_search_backend()
        levels = levels or [PlainText(query, operator="and")]
        wanted = offset + limit + 1
        hits, has_more = [], False
        for queryset, model in self._searches(user):
            found, seen = [], set()
            for level, search_query in enumerate(levels):
                results = backend.search(search_query, queryset).annotate_score("_search_score")
                for obj in results[:wanted]:
                    if obj.pk not in seen:
                        seen.add(obj.pk)
                        obj._search_level = level
                        found.append(obj)
                if len(found) >= wanted:
                    break
            window = found[offset:wanted]
            has_more = has_more or len(window) > limit
            hits.extend(
                _hit(obj, query, request, self) for obj in self.visible(model, user, window[:limit])
            )
        return GroupResults(self, sorted(hits, key=lambda hit: hit.rank), has_more)

    def autocomplete(self, text, user, limit):
        backend = get_search_backend()
        titles = []
        for queryset, model in self._searches(user):
            found = list(backend.autocomplete(text, queryset)[:limit])
            titles.extend(_title(obj) for obj in self.visible(model, user, found))
        return titles


def _installed(labels):
    """The models of ``labels`` whose apps are installed (a label may name a future model)."""
    models = []
    for label in labels:
        try:
            models.append(apps.get_model(label))
        except LookupError:
            continue
    return models


def _title(obj):
    return getattr(obj, "title", None) or str(obj)


def _hit(obj, query, request, group):
    url = obj.get_url(request) if isinstance(obj, Page) else obj.get_absolute_url()
    title = _title(obj)
    return Hit(
        title,
        url,
        _snippet(obj, query),
        group=group,
        level=getattr(obj, "_search_level", 0),
        title_match=_title_match(title, query),
        score=getattr(obj, "_search_score", None) or 0.0,
    )


def _snippet(obj, query):
    """The excerpt of ``obj``'s text around the query's words. Words indexed only so that
    they are found (a method giving a label in every language: ``Market 市场``) are not text
    to show; the ones the query asked for are added after the excerpt, to say why it matched.
    """
    fields, found_by = [], []
    for column in columns_for_model(type(obj)):
        name = column.field_path[0].field_name if column.field_path else None
        if column.role != "text" or name in (None, "title"):
            continue
        if _is_field(type(obj), name):
            fields.append(name)
        else:
            found_by.extend((column.document_value(obj) or "").split())
    snippet = highlight(obj, query, fields=fields or None)
    words = [word.lower() for word in query_words(query)]
    asked = [
        piece
        for piece in dict.fromkeys(found_by)
        if any(word in piece.lower() for word in words) and piece not in snippet
    ]
    if asked:
        return format_html("{} · {}", snippet, highlight(" ".join(asked), query))
    return snippet


def _is_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _title_match(title, query):
    title, query = title.lower(), query.lower()
    if title == query:
        return 0
    if "".join(query.split()) in "".join(title.split()):
        return 1
    words = query_words(query)
    if words and all(word in title for word in words):
        return 2
    return 3


_analyzer = ChineseAnalyzer()


def query_words(query):
    """The words the index reads in ``query`` (jieba for Chinese), each once, in order."""
    return list(dict.fromkeys(token.text for token in _analyzer(query)))


def relaxed_levels(query):
    """Queries to ask when no result holds every word of ``query``: results with most of its
    words first (``孩子打疫苗`` → 孩子 and 疫苗, then either). Single characters (打, 要)
    only count when the query has nothing longer. Empty for a one-word query."""
    words = query_words(query)
    longer = [word for word in words if len(word) > 1]
    candidates = (longer or words)[:MAX_RELAXED_WORDS]
    # Every word was already asked for together unless some were left out above.
    most = len(candidates) if len(candidates) < len(words) else len(candidates) - 1
    fewest = max(1, math.ceil(len(candidates) / 2))
    levels = []
    for size in range(most, fewest - 1, -1):
        groups = [
            And([PlainText(word) for word in combination])
            if size > 1
            else PlainText(combination[0])
            for combination in combinations(candidates, size)
        ]
        levels.append(groups[0] if len(groups) == 1 else Or(groups))
    return levels


def search_groups():
    """The declared groups, in display order, leaving out those with no searchable model."""
    declared = capabilities.search_groups()
    page_labels = [
        label for group in declared for label in group.models if label.lower() != "wagtailcore.page"
    ]
    groups = [
        SearchGroup(group.key, group.label, group.models, others=page_labels) for group in declared
    ]
    return [group for group in groups if group.models]


def related_terms(query, limit=5):
    """Other words to try when ``query`` found nothing, from the indexes of every group."""
    backend = get_search_backend()
    suggest = getattr(backend, "related_terms", None)
    if suggest is None:
        return []
    models = dict.fromkeys(
        model for group in search_groups() for model in ([Page] if group.is_pages else group.models)
    )
    terms = []
    for model in models:
        terms.extend(term for term in suggest(query, model, limit) if term not in terms)
    return terms[:limit]

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

from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from modelsearch.backends import get_search_backend
from modelsearch.index import Indexed
from modelsearch.query import PlainText
from wagtail.models import Page

from portal import capabilities

from .backend import columns_for_model, highlight


@dataclass
class Hit:
    title: str
    url: str
    snippet: str


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

    def search(self, query, user, request, offset=0, limit=10):
        """One page of this group's results for ``user``, highlighted."""
        backend = get_search_backend()
        hits, has_more = [], False
        for queryset, model in self._searches(user):
            found = list(
                backend.search(PlainText(query, operator="and"), queryset)[
                    offset : offset + limit + 1
                ]
            )
            has_more = has_more or len(found) > limit
            hits.extend(
                _hit(obj, query, request) for obj in self.visible(model, user, found[:limit])
            )
        return GroupResults(self, hits, has_more)

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


def _hit(obj, query, request):
    url = obj.get_url(request) if isinstance(obj, Page) else obj.get_absolute_url()
    body_fields = [
        column.field_path[0].field_name
        for column in columns_for_model(type(obj))
        if column.role == "text" and column.field_path[0].field_name != "title"
    ]
    return Hit(_title(obj), url, highlight(obj, query, fields=body_fields or None))


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

"""The community boundary: superusers see everything, everyone else their own community.

Written once, here; listings, lookups, admin views, exports, feeds, search filters and the
moderation queue use it, and nothing else writes "superuser or own community" by hand (a
test greps the tree for it).

A model says once how it reaches its community, as ``community_path`` (a lookup such as
``"covenant__community"``); a model with a ``community`` field needs nothing. Then:

- ``Model.objects.within(user)`` (querysets built on ``BoundaryQuerySet``), or
  ``within(queryset, user)`` for any queryset: the rows of the user's community; every
  row for superusers; none for anyone signed out or without a community.
- ``outside(queryset, user)`` (or ``.outside(user)``): exactly the other rows.
- ``within_generic(queryset, user)``: rows pointing (by a generic relation, such as a
  comment's) at objects in the user's community.
- ``community_id_of(obj)``: the community one object belongs to, read from ids where it
  can, and ``lives_in_community_of(user, obj)``. The rule predicates
  ``portal.rules.is_member_of_community`` and ``in_users_community`` are built on them.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from .second_factor import acts_as_superuser


def community_path(model):
    """The lookup from ``model`` to its community (``model.community_path``, or ``"community"``
    when the model has such a field)."""
    path = getattr(model, "community_path", None)
    if path:
        return path
    try:
        model._meta.get_field("community")
    except FieldDoesNotExist:
        raise ImproperlyConfigured(
            f"{model._meta.label} has no community: give it a community_path "
            '(e.g. community_path = "association__community").'
        ) from None
    return "community"


def has_boundary(model):
    """Whether objects of ``model`` belong to a community at all."""
    try:
        community_path(model)
    except ImproperlyConfigured:
        return False
    return True


def _users_community(user):
    return getattr(user, "community_id", None) if user.is_authenticated else None


def within(queryset, user):
    """The rows of ``queryset`` in ``user``'s community (all of them for a superuser)."""
    if acts_as_superuser(user):
        return queryset
    community = _users_community(user)
    if community is None:
        return queryset.none()
    return queryset.filter(**{community_path(queryset.model): community})


def near(queryset, user):
    """The rows of ``user``'s community when they live in one (as ``within``); every row
    for anyone who lives in none, such as an anonymous reader. For what a page shows
    everyone ("what is happening now"), never for what only members may see."""
    if _users_community(user) is None:
        return queryset
    return within(queryset, user)


def outside(queryset, user):
    """The rows of ``queryset`` that ``within(queryset, user)`` leaves out."""
    if acts_as_superuser(user):
        return queryset.none()
    community = _users_community(user)
    if community is None:
        return queryset
    return queryset.exclude(**{community_path(queryset.model): community})


def within_generic(queryset, user, *, content_type="content_type", object_pk="object_pk"):
    """The rows of ``queryset`` whose generic relation (``content_type``, ``object_pk``)
    points at an object in ``user``'s community, such as comments on matters, clauses and
    minutes. Objects of models without a community are for superusers only."""
    if acts_as_superuser(user):
        return queryset
    condition = Q(pk__in=[])
    content_types = queryset.order_by().values_list(content_type, flat=True).distinct()
    for content_type_id in set(content_types):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not has_boundary(model):
            continue
        pks = within(model._default_manager.all(), user).values_list(
            Cast("pk", CharField(max_length=64))
        )
        condition |= Q(**{content_type: content_type_id, f"{object_pk}__in": pks})
    return queryset.filter(condition)


class BoundaryQuerySet(models.QuerySet):
    """Mix into a model's queryset for ``.within(user)`` and ``.outside(user)``."""

    def within(self, user):
        return within(self, user)

    def outside(self, user):
        return outside(self, user)


def lives_in_community_of(user, obj):
    """Whether ``user`` belongs to the community ``obj`` belongs to (never for superusers
    as such; nor for anyone when ``obj`` belongs to none)."""
    community = community_id_of(obj)
    return community is not None and _users_community(user) == community


def community_id_of(obj):
    """The id of the community ``obj`` belongs to, or ``None``.

    ``obj`` may be a community, anything with a ``community_path`` (followed attribute by
    attribute, the last step read as an id), a ``community`` field, or a ``community``
    property.
    """
    from .models import Community

    if obj is None:
        return None
    if isinstance(obj, Community):
        return obj.pk
    path = getattr(type(obj), "community_path", None)
    if path:
        *hops, last = path.split("__")
        for hop in hops:
            obj = getattr(obj, hop, None)
            if obj is None:
                return None
        return getattr(obj, f"{last}_id")
    if hasattr(obj, "community_id"):
        return obj.community_id
    community = getattr(obj, "community", None)
    return community.pk if community is not None else None

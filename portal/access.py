"""One way for a view to load what it acts on and ask whether the user may.

Every view that takes an id (or a code, or a key) loads the object with ``acts_on`` (or
``get_permitted``); views without an object ask with ``requires``. In that order:

1. The object is looked up in the queryset the view names: a model, a queryset, or a
   function ``(request) → queryset``, which is where a staff-only view narrows through
   the community boundary (``Matter.objects.within(request.user)``).
2. The user must be able to read it: the model's read permission (``read_permission(model)``),
   when the model has one.
3. The user must hold ``perm`` on it (a django-rules permission asked with the object).

An id that does not exist, that does not fit the field (``abc``, ``-1``,
``9223372036854775808``) or names something the user may not read gives one and the same
404. An object the user may read but not act on gives a 403 — or the view's own answer
(``refused=``: a message and a redirect), or a 404 where its very existence is private
(``hide=True``). Someone signed out who could sign in is sent to the login page instead.

Read permissions
----------------
``read_permission(model)`` is ``model.read_permission`` if the model sets it, else
``<app_label>.view_<model_name>``, when django-rules knows that permission. Without one,
what the view's queryset returns is readable (Wagtail pages: live and public ones, which
``can_read`` checks for objects reached without a queryset, such as a commented object).
"""

from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import (
    FieldDoesNotExist,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import connection, models
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.models import Page


def read_permission(model):
    """The permission that says who may read an object of ``model``, or ``None``."""
    perm = getattr(model, "read_permission", None)
    if perm is None:
        perm = f"{model._meta.app_label}.view_{model._meta.model_name}"
    return perm if rules.perm_exists(perm) else None


def can_read(user, obj):
    """Whether ``user`` may read ``obj``, an object reached without a view's queryset.

    Its model's read permission; for a Wagtail page without one, live and public; any
    other object without one is not readable.
    """
    if obj is None:
        return False
    perm = read_permission(type(obj))
    if perm is not None:
        return user.has_perm(perm, obj)
    if isinstance(obj, Page):
        return obj.live and not obj.get_view_restrictions().exists()
    return False


def _queryset(source, request):
    if isinstance(source, type) and issubclass(source, models.Model):
        return source._default_manager.all()
    if isinstance(source, models.QuerySet):
        return source.all()
    return source(request)


def _not_found():
    return Http404(_("This page does not exist or has moved."))


def _fits(model, name, value):
    """Whether ``value`` can be stored in the field ``name`` of ``model`` at all: an integer
    beyond the database's range never names a row (SQLite would raise, not answer)."""
    try:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    except FieldDoesNotExist:
        return True
    while field.is_relation:  # a page's pk is its link to wagtailcore.Page
        field = field.target_field
    internal_type = field.get_internal_type()
    if internal_type not in connection.ops.integer_field_ranges:  # not an integer field
        return True
    low, high = connection.ops.integer_field_range(internal_type)
    number = field.to_python(value)
    return number is None or ((low is None or number >= low) and (high is None or number <= high))


def lookup(queryset, **fields):
    """``queryset.get(**fields)``, with one 404 for anything missing, malformed or out of
    range (``"abc"``, ``-1``, ``9223372036854775808``)."""
    try:
        if not all(_fits(queryset.model, name, value) for name, value in fields.items()):
            raise _not_found()
        return queryset.get(**fields)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError, ValidationError):
        raise _not_found() from None


class _Refused(Exception):
    def __init__(self, obj):
        self.obj = obj


def _check(user, perm, obj, *, read=None, hide=False):
    read = read_permission(type(obj)) if read is None else read
    if read and not user.has_perm(read, obj):
        raise _not_found()
    if perm is not None and not user.has_perm(perm, obj):
        if hide:
            raise _not_found()
        raise _Refused(obj)
    return obj


def _load(request, perm, source, *, read, hide, fields):
    obj = lookup(_queryset(source, request), **fields)
    return _check(request.user, perm, obj, read=read, hide=hide)


def get_permitted(request, perm, source, *, read=None, hide=False, **fields):
    """The object of ``source`` matching ``fields`` that the user may read and holds ``perm``
    on (``None``: reading is enough). 404 or 403 otherwise, as the module says.

    ``read`` replaces the model's read permission (``False``: the queryset alone decides).
    """
    try:
        return _load(request, perm, source, read=read, hide=hide, fields=fields)
    except _Refused:
        raise PermissionDenied from None


def acts_on(source, perm=None, *, lookup="pk", url_kwarg=None, read=None, hide=False, refused=None):
    """Decorate a view taking an id: it is called with the object instead.

    ``@acts_on(Matter, "governance.triage_matter")`` on ``def triage(request, matter)`` for
    the URL ``matters/<int:pk>/triage/``. ``url_kwarg`` names the URL's keyword when it is
    not ``lookup``; ``refused(request, obj)`` answers someone who may read the object but
    not act on it (instead of a 403).
    """
    url_kwarg = url_kwarg or lookup

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            value = kwargs.pop(url_kwarg)
            try:
                obj = _load(request, perm, source, read=read, hide=hide, fields={lookup: value})
            except _Refused as refusal:
                if refused is not None:
                    return refused(request, refusal.obj)
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied from None
            return view(request, obj, *args, **kwargs)

        return wrapped

    return decorator


def requires(perm):
    """Decorate a view without an object: ``perm`` is asked without one. Someone signed out
    is sent to log in; a signed-in user without it gets a 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PermittedObjectMixin:
    """For class-based views with ``get_object`` (Wagtail's admin views): the object they
    load answers to ``object_permission`` as ``acts_on`` would (404 unreadable, 403 not
    permitted)."""

    object_permission = None

    def get_object(self, *args, **kwargs):
        try:
            obj = super().get_object(*args, **kwargs)
        except (ObjectDoesNotExist, ValueError, TypeError, OverflowError, ValidationError):
            raise _not_found() from None
        try:
            return _check(self.request.user, self.object_permission, obj)
        except _Refused:
            raise PermissionDenied from None


def permitted_view(view_class, perm):
    """``view_class`` with ``PermittedObjectMixin`` asking ``perm``."""
    return type(
        view_class.__name__, (PermittedObjectMixin, view_class), {"object_permission": perm}
    )

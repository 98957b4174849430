"""The audit log of staff actions: one call, ``record``, for every action that touches a
person or a decision, reads of personal lists included.

    audit.record(request, Action.READ_MEMBERS, association, count=len(members))
    audit.record(staff, Action.ACCEPT_MATTER, matter, session=session.pk)

The first argument is the request (its user acts, from its address) or the acting user
(services, which have no request: the address is then the current request's, kept by
``AddressMiddleware``, or none for commands and the demo). ``target`` is what was acted on;
a user as target is the person concerned. Entries are append-only; ``purge`` removes those
older than ``YISHI_AUDIT_RETENTION_DAYS`` (at least six months), and nothing else can.
Community staff read their own community's entries in the admin, superusers every entry,
residents none (``portal.view_audit_log``).
"""

from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.utils import timezone

from .models import Action, AuditEntry

__all__ = ["Action", "AddressMiddleware", "AuditEntry", "purge", "record"]

_address = ContextVar("audit_address", default=None)


def client_address(request):
    return request.META.get("REMOTE_ADDR") or None


class AddressMiddleware:
    """Keep the request's client address for entries recorded by services during it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _address.reset(token)


def _community_of(obj):
    from portal.models import Community

    if obj is None or isinstance(obj, Community):
        return obj
    return getattr(obj, "community", None)


def record(
    request_or_actor, action, target=None, *, person=None, community=None, label=None, **extra
):
    """Write one entry: ``request_or_actor`` did ``action`` to ``target``.

    ``person`` is the person concerned when the target is not a user (a comment's author,
    a member); ``community`` defaults to the target's; ``label`` replaces ``str(target)``
    where that would hold a person's name; ``extra`` (JSON) never should either.
    """
    from portal.models import User

    if isinstance(request_or_actor, HttpRequest):
        actor, address = request_or_actor.user, client_address(request_or_actor)
    else:
        actor, address = request_or_actor, _address.get()
    if isinstance(target, User):
        person, target = target, None
    if community is None:
        community = _community_of(target) or _community_of(person)
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        person=person,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=(str(target) if label is None and target is not None else label or "")[:200],
        community=community,
        address=address,
        extra=extra,
    )


def purge(now=None):
    """Delete the entries older than the retention period; return how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.YISHI_AUDIT_RETENTION_DAYS)
    deleted, _by_model = AuditEntry.objects.filter(at__lt=cutoff).delete()
    return deleted

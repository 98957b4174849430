"""Every write about moving between communities (see ``portal.moves``)."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit, roles
from portal.models import User
from portal.notifications import notify
from portal.second_factor import acts_as_superuser

from .models import MoveRequest


def request_move(person, to_community, reason):
    """Ask to move ``person`` to ``to_community``; one request waits at a time."""
    if to_community.pk == person.community_id:
        raise ValidationError(_("You already live in this community."), code="same")
    if MoveRequest.objects.filter(person=person, status=MoveRequest.Status.PENDING).exists():
        raise ValidationError(_("Your earlier request to move is still waiting."), code="pending")
    try:
        with transaction.atomic():
            return MoveRequest.objects.create(
                person=person,
                from_community_id=person.community_id,
                to_community=to_community,
                reason=reason,
            )
    except IntegrityError:  # a second request sent at the same moment
        raise ValidationError(
            _("Your earlier request to move is still waiting."), code="pending"
        ) from None


class StaffMoveNeedsSuperuser(PermissionDenied):
    """Staff powers follow the community a superuser assigns: only one moves staff."""


def _decide(move, by):
    """Lock the person and the request; the request must still be waiting and ``by`` allowed."""
    if not by.has_perm("portal.decide_move", move):
        raise PermissionDenied
    person = User.objects.select_for_update().get(pk=move.person_id)
    move = MoveRequest.objects.select_for_update().get(pk=move.pk)
    if move.status != MoveRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."), code="decided")
    staff_roles = set(person.groups.values_list("name", flat=True)) & set(roles.ADMIN_ROLES)
    if (person.is_superuser or staff_roles) and not acts_as_superuser(by):
        raise StaffMoveNeedsSuperuser
    return person, move


@transaction.atomic
def approve_move(move, by):
    """Move the person: the new community, verified again there, since now; audited and told.

    The person's row stays locked until the move commits, so a vote cast at the same moment
    (the vote service locks it too) sees them either before or after it."""
    person, move = _decide(move, by)
    now = timezone.now()
    person.community = move.to_community
    person.community_since = now
    person.verified_at = None
    person.verified_by = None
    person.save(update_fields=["community", "community_since", "verified_at", "verified_by"])
    person.groups.remove(*Group.objects.filter(name=roles.VERIFIED_RESIDENT))
    move.status, move.decided_at, move.decided_by = MoveRequest.Status.APPROVED, now, by
    move.save(update_fields=["status", "decided_at", "decided_by"])
    audit.record(
        by,
        audit.Action.MOVE_RESIDENT,
        person,
        community=move.to_community,
        from_community=move.from_community_id,
        to_community=move.to_community_id,
        request=move.pk,
    )
    notify(
        [person],
        _(
            "You now belong to %(community)s. Community staff there will verify you again "
            "before you can vote."
        )
        % {"community": move.to_community},
        reverse("profile"),
    )
    return move


@transaction.atomic
def decline_move(move, by):
    person, move = _decide(move, by)
    move.status, move.decided_at, move.decided_by = (
        MoveRequest.Status.DECLINED,
        timezone.now(),
        by,
    )
    move.save(update_fields=["status", "decided_at", "decided_by"])
    audit.record(
        by, audit.Action.DECLINE_MOVE, person, community=move.to_community, request=move.pk
    )
    notify(
        [person],
        _("Staff of %(community)s did not approve your request to move there.")
        % {"community": move.to_community},
        reverse("profile"),
    )
    return move

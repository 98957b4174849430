"""Every write of the associations and the notifications that follow it.

Views ask the permission (``rules``) and validate the input (``forms``) first; what is
written here is written whole or not at all. Notification texts are translated in the
language active when the action happens, as the views did.
"""

from functools import partial

from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.notifications import notify

from .models import Action, Attachment, Decision, Meeting, Membership, Minutes, MinutesRevision


def sync_leader_role(user):
    """Keep the site-wide "association leader" role in step with leading any association."""
    group = Group.objects.get(name=roles.ASSOCIATION_LEADER)
    if user.association_memberships.filter(role=Membership.Role.LEADER).exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)


def _active_members(association):
    return [m.user for m in association.memberships_active().select_related("user")]


# The association's page


def update_association_page(page, user):
    """Publish a leader's changes to the association's page as a new revision.

    The caller asked ``associations.change_associationpage``; leaders have no Wagtail page
    permissions, so Wagtail's own publishing check is skipped."""
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user, skip_permission_checks=True)
    return page


# Membership


def ask_to_join(association, user):
    """Ask (again) to join; the association's leaders are told."""
    membership, _created = Membership.objects.update_or_create(
        association=association,
        user=user,
        defaults={"status": Membership.Status.PENDING, "created_at": timezone.now()},
    )
    leaders = [m.user for m in association.memberships_active().filter(role=Membership.Role.LEADER)]
    notify(
        leaders,
        _("%(name)s asks to join %(association)s.")
        % {"name": user.public_name, "association": association.title},
        reverse("associations:members", args=[association.pk]),
    )
    return membership


@transaction.atomic
def leave(association, user):
    """Leave the association, or withdraw the request to join; a leader loses the role."""
    association.memberships.filter(user=user).delete()
    sync_leader_role(user)


def decide_membership(membership, approve, by):
    """Accept or decline a request to join, and tell the person who asked.

    Returns False, changing nothing, when the request was decided already."""
    if membership.status != Membership.Status.PENDING:
        return False
    membership.status = Membership.Status.ACTIVE if approve else Membership.Status.DECLINED
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.save(update_fields=["status", "decided_at", "decided_by"])
    message = (
        _("You are now a member of %(association)s.")
        if approve
        else _("Your request to join %(association)s was declined.")
    ) % {"association": membership.association.title}
    notify([membership.user], message, membership.association.url)
    return True


@transaction.atomic
def set_role(membership, role, title):
    """Make an active member a leader (with a title) or a member again."""
    membership.role = role
    membership.title = title
    membership.save(update_fields=["role", "title"])
    sync_leader_role(membership.user)
    return membership


# Upcoming meetings


@transaction.atomic
def add_meeting(association, by, *, starts_at, place, topic=""):
    """Announce a meeting on the association's page and to its members."""
    meeting = Meeting.objects.create(
        association=association, starts_at=starts_at, place=place, topic=topic
    )
    notify(
        _active_members(association),
        _("%(association)s meets on %(when)s at %(place)s.")
        % {
            "association": association.title,
            "when": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
            "place": meeting.place,
        },
        association.url,
        exclude=by,
    )
    return meeting


def delete_meeting(meeting):
    meeting.delete()


# Minutes


@transaction.atomic
def save_minutes(
    association,
    user,
    minutes=None,
    *,
    fields,
    attendees,
    matters,
    decisions,
    actions,
    photos=(),
    documents=(),
    remove_files=(),
    publish=False,
):
    """Create or change minutes with their decisions, actions and files: all or nothing.

    ``fields`` are the minutes' own field values; ``decisions`` and ``actions`` the rows
    (dicts of their fields), which replace the old ones as a whole, so saving the same
    input twice, as autosave does, never duplicates anything; ``photos`` and ``documents``
    checked uploads (``uploads.CleanFile``). Changes to published minutes are recorded in
    their history; minutes published now are announced to the members.

    Returns ``(minutes, newly_published)``.
    """
    before = None
    if minutes is not None and minutes.pk:
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if minutes.is_published:
            before = minutes.snapshot()
    else:
        minutes = Minutes()
    for name, value in fields.items():
        setattr(minutes, name, value)
    minutes.association = association
    if minutes.created_by_id is None:
        minutes.created_by = user
    newly_published = publish and not minutes.is_published
    if newly_published:
        minutes.status = Minutes.Status.PUBLISHED
        minutes.published_at = timezone.now()
    minutes.save()
    minutes.attendees.set(attendees)
    minutes.matters.set(matters)
    _replace(minutes.decisions, Decision, decisions)
    _replace(minutes.actions, Action, actions)
    for attachment in remove_files:
        attachment.delete()
        transaction.on_commit(partial(attachment.file.storage.delete, attachment.file.name))
    for kind, files in ((Attachment.Kind.PHOTO, photos), (Attachment.Kind.DOCUMENT, documents)):
        for clean in files:
            Attachment.objects.create(
                minutes=minutes,
                kind=kind,
                file=clean.content,
                name=clean.name,
                content_type=clean.content_type,
                uploaded_by=user,
            )
    if newly_published:
        MinutesRevision.objects.create(minutes=minutes, edited_by=user, published=True)
        notify(
            _active_members(association),
            _("New minutes from %(association)s: %(title)s")
            % {"association": association.title, "title": minutes.title},
            minutes.get_absolute_url(),
            exclude=user,
        )
    elif before is not None:
        after = minutes.snapshot()
        changes = [
            {"field": label, "before": before[label], "after": after[label]}
            for label in after
            if before.get(label) != after[label]
        ]
        if changes:
            MinutesRevision.objects.create(minutes=minutes, edited_by=user, changes=changes)
    return minutes, newly_published


def _replace(manager, model, rows):
    manager.all().delete()
    model.objects.bulk_create(
        model(minutes=manager.instance, position=position, **row)
        for position, row in enumerate(rows)
    )


def delete_minutes(minutes):
    """Delete a draft (the permission allows drafts only)."""
    minutes.delete()

"""The audit log's one model: an append-only entry per staff action (see ``portal.audit``)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """What staff did. The code is stored; the label is what the log shows."""

    VERIFY_RESIDENT = "resident.verify", _("Verified a resident")
    MOVE_RESIDENT = "resident.move", _("Moved a resident to another community")
    RECORD_GUARDIAN_CONSENT = "resident.guardian_consent", _("Recorded a guardian's consent")
    DECLINE_MOVE = "resident.decline_move", _("Declined a request to move here")
    READ_PENDING_RESIDENTS = "resident.read_pending", _("Read the residents waiting to be verified")
    ACCEPT_MATTER = "matter.accept", _("Accepted a matter")
    MERGE_MATTER = "matter.merge", _("Merged a matter")
    DECLINE_MATTER = "matter.decline", _("Declined a matter")
    END_PHASE = "session.end_phase", _("Ended a phase early")
    RECORD_HANDS = "matter.record_hands", _("Entered the in-person counts")
    FOLLOW_UP = "matter.follow_up", _("Published a follow-up")
    EXPORT_RESULTS = "session.export_results", _("Exported the results")
    HIDE_COMMENT = "comment.hide", _("Hid a comment")
    RESTORE_COMMENT = "comment.restore", _("Restored a comment")
    READ_MEMBERS = "association.read_members", _("Read an association's member list")
    APPROVE_MEMBER = "association.approve_member", _("Approved a membership request")
    DECLINE_MEMBER = "association.decline_member", _("Declined a membership request")
    SET_MEMBER_ROLE = "association.set_role", _("Changed a member's role")
    SET_UNIT_LEAD = "unit.set_lead", _("Named a unit's lead or coordinator")
    READ_WORKER_SIGNATURES = "agreement.read_signatures", _("Read who signed an agreement")
    # Recorded with no actor and no person: the account and every link to it are gone.
    ERASE_ACCOUNT = "account.erase", _("An account was deleted at its owner's request")
    READ_CHECKUP_BOOKINGS = "checkup.read_bookings", _("Read a check-up day's bookings")
    MARK_CHECKUP_ATTENDANCE = "checkup.attendance", _("Marked attendance at a check-up")
    RECORD_CHECKUP_NOTICE = "checkup.notice_sent", _("Recorded that a result notice was sent")
    RECORD_SENSITIVE_CONSENT = (
        "resident.sensitive_consent",
        _("Recorded a resident's consent to a use of sensitive information"),
    )
    FILE_HELP_REQUEST = "help.file", _("Filed a request for help for a resident")
    READ_HELP_REQUEST = "help.read", _("Read a request for help")
    SET_HELP_STATUS = "help.status", _("Changed the status of a request for help")
    ASSIGN_HELP_REQUEST = "help.assign", _("Assigned a request for help")


class AuditEntry(models.Model):
    """One staff action: who, what, on whom or what, in which community, when, from where.

    Append-only: saving an existing entry raises, and the admin only lists and shows them.
    Entries go only after ``YISHI_AUDIT_RETENTION_DAYS`` (``portal.audit.purge``). People
    are kept as links (``actor``, ``person``), never as names, so that an erased account
    leaves "a former resident" here too; ``target_label`` names things, never people.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(_("concerning"), max_length=200, blank=True)
    community = models.ForeignKey(
        "portal.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    extra = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["community", "-at"])]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} · {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied(gettext("Audit log entries cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(gettext("Audit log entries cannot be deleted."))

    @property
    def actor_name(self):
        if self.action == Action.ERASE_ACCOUNT:  # asked by the person, whom it must not name
            return gettext("the account's owner")
        return self.actor.public_name if self.actor else gettext("a former staff member")

    @property
    def person_name(self):
        return self.person.public_name if self.person else ""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.boundary import BoundaryQuerySet


class MoveRequest(models.Model):
    """A resident's request to move to another community, and staff's decision on it.

    Its community (``portal.boundary``) is the destination: its staff decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for staff")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="move_requests",
    )
    from_community = models.ForeignKey(
        "portal.Community",
        verbose_name=_("from community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_community = models.ForeignKey(
        "portal.Community",
        verbose_name=_("to community"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    community_path = "to_community"
    objects = BoundaryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="pending"),
                name="portal_one_pending_move_per_person",
            )
        ]
        verbose_name = _("move request")
        verbose_name_plural = _("move requests")

    def __str__(self):
        return gettext("Move to %(community)s") % {"community": self.to_community}

"""What the discussion layer stores beside comments-xtd's own tables (app label ``portal``)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommentModeration(models.Model):
    """A moderator hid or restored a comment: who, when and why."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")

    comment = models.ForeignKey(
        "django_comments_xtd.XtdComment",
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="moderations",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("moderated at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("comment moderation")
        verbose_name_plural = _("comment moderations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="comment_moderation_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.reason}"


class DiscussionFollow(models.Model):
    """A user follows (or has stopped following) the discussion of one object."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_follows"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_pk = models.CharField(max_length=64)
    following = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("discussion follow")
        verbose_name_plural = _("discussion follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_pk"], name="one_follow_per_discussion"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_pk"])]

    def __str__(self):
        return f"{self.user} → {self.content_type_id}:{self.object_pk}"

from django.conf import settings
from django.contrib.auth.models import (
    AbstractUser,
    Group,
    _user_has_module_perms,
    _user_has_perm,
)
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from . import roles
from .second_factor import acts_as_superuser


class Community(models.Model):
    """A residents' committee (社区居委会) and the area it serves."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    street_office = models.CharField(_("street office"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    community_path = "pk"  # a community is its own (portal.boundary)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A resident, leader or staff member. Signs in with a mainland mobile number."""

    phone = models.CharField(
        _("mobile number"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stored in international format, e.g. +8613800138000."),
    )
    phone_verified = models.BooleanField(_("mobile number verified"), default=False)
    display_name = models.CharField(
        _("display name"),
        max_length=30,
        blank=True,
        help_text=_("The name other residents see. At most 30 characters."),
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    community_since = models.DateTimeField(
        _("in this community since"),
        null=True,
        blank=True,
        help_text=_("Set when staff approve a move here; empty for the first community."),
    )
    verified_at = models.DateTimeField(_("verified as resident at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.public_name

    def get_full_name(self):
        """The display name when there is one: Wagtail's admin names users by this
        (revisions, owners, locks) and would otherwise show the user name."""
        return self.display_name or super().get_full_name()

    @property
    def legal_name(self):
        """The name the person gave as their own (first and last name), for documents such
        as certificates; empty when they gave none."""
        return super().get_full_name()

    @property
    def public_name(self):
        """The name shown to other residents: never the phone number."""
        return self.display_name or self.get_full_name() or _("Resident %(id)s") % {"id": self.pk}

    @property
    def is_verified_resident(self):
        return self.verified_at is not None

    def has_role(self, role):
        return self.groups.filter(name=role).exists()

    # A superuser's "may do anything" holds only in a session that passed the second factor
    # (portal.second_factor); otherwise permissions are asked of the backends like anyone's.
    def has_perm(self, perm, obj=None):
        if self.is_active and acts_as_superuser(self):
            return True
        return _user_has_perm(self, perm, obj)

    def has_module_perms(self, app_label):
        if self.is_active and acts_as_superuser(self):
            return True
        return _user_has_module_perms(self, app_label)

    @transaction.atomic
    def verify(self, by):
        """Mark this user as a verified resident of their community, recording who and when."""
        self.verified_at = timezone.now()
        self.verified_by = by
        self.save(update_fields=["verified_at", "verified_by"])
        self.groups.add(Group.objects.get(name=roles.VERIFIED_RESIDENT))
        from . import audit

        audit.record(by, audit.Action.VERIFY_RESIDENT, self)

    def get_absolute_url(self):
        return reverse("profile")


def user_display(user):
    return user.public_name


class PortalImage(AbstractImage):
    """Wagtail's image with alt text for readers who listen rather than look."""

    alt_text = models.CharField(_("alternative text"), max_length=250, blank=True)

    admin_form_fields = Image.admin_form_fields + ("alt_text",)


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class Notification(models.Model):
    """One thing that happened that a user should know about, shown in their notification list."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.message


# The discussion layer's, the audit log's and the accounts' models live in their own modules;
# importing them here registers them.
from .accounts.models import SentCode  # noqa: E402, F401
from .audit.models import AuditEntry  # noqa: E402, F401
from .discussion.models import CommentModeration, DiscussionFollow  # noqa: E402, F401
from .moves.models import MoveRequest  # noqa: E402, F401
from .personal_data.models import PersonalDataExport  # noqa: E402, F401
from .search.records import PendingReindex, SearchIndexBuild  # noqa: E402, F401

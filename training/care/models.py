"""Check-up days and their bookings; requests for help and their steps and documents.

Every row belongs to one community (``portal.boundary``): staff see only their own, and a
booking or a request is private to its person and the staff of that community."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.boundary import BoundaryQuerySet
from portal.storage import private_storage


class CheckupDay(models.Model):
    """A day of free reproductive-health check-ups (康检) at one place, with a fixed number
    of places. Bookings beyond them go on a waiting list."""

    community = models.ForeignKey(
        "portal.Community", verbose_name=_("community"), on_delete=models.CASCADE
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(pgettext_lazy("check-up time", "from"))
    ends_at = models.TimeField(pgettext_lazy("check-up time", "until"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"))
    who_may_come = models.CharField(_("who may come"), max_length=300)
    what_to_bring = models.CharField(_("what to bring"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        ordering = ["date", "starts_at"]
        verbose_name = _("check-up day")
        verbose_name_plural = _("check-up days")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="checkup_day_has_places",
                violation_error_message=_("A check-up day needs at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="checkup_day_ends_after_start",
                violation_error_message=_("A check-up day must end after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.place}"

    def get_absolute_url(self):
        return reverse("care:checkups")

    @property
    def is_upcoming(self):
        return self.cancelled_at is None and self.date > timezone.localdate()

    def confirmed(self):
        return self.bookings.filter(status=Booking.Status.CONFIRMED)

    def places_left(self):
        return max(0, self.capacity - self.confirmed().count())


class Booking(models.Model):
    """A person's place (or place in the queue) on a check-up day. Private to the person and
    the check-up staff; only ever the fact that the result notice was sent is recorded,
    never the result."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Booked")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class NoticeSentBy(models.TextChoices):
        POST = "post", _("By post")
        FAX = "fax", _("By fax")
        ONLINE = "online", _("Through the family-planning information system")
        BY_HAND = "hand", _("Handed over in person")

    day = models.ForeignKey(CheckupDay, on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkup_bookings"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    remind_by_sms = models.BooleanField(_("also remind me by SMS"), default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True)
    notice_sent_on = models.DateField(null=True, blank=True)
    notice_sent_by = models.CharField(max_length=10, choices=NoticeSentBy.choices, blank=True)

    community_path = "day__community"
    objects = BoundaryQuerySet.as_manager()

    class Meta:
        ordering = ["day__date", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["day", "user"], name="one_booking_per_checkup_day")
        ]

    def __str__(self):
        # Never a name: audit labels and admin lists use this.
        return f"{self.day} · #{self.pk}"


class HelpRequest(models.Model):
    """A family's request for help, private to the person, the staff member handling it and
    the community staff of the person's community."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("Children's school enrolment")
        FEES = "fees", _("Fee reduction")
        OTHER = "other", _("Other help")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        NEEDS_INFO = "needs_info", _("Needs more information")
        REFERRED = "referred", _("Referred")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", _("Declined")

    CLOSED = (Status.GRANTED, Status.DECLINED)

    community = models.ForeignKey(
        "portal.Community", verbose_name=_("community"), on_delete=models.CASCADE
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_requests"
    )
    kind = models.CharField(_("what help"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("your situation, in a few words"), max_length=2000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    reason = models.TextField(_("reason or note"), max_length=1000, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Staff who filed it at a service point on the person's behalf.",
    )
    received_at = models.DateTimeField(default=timezone.now)
    status_since = models.DateTimeField(default=timezone.now)

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("request for help")
        verbose_name_plural = _("requests for help")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("care:help_request", args=[self.pk])

    @property
    def is_open(self):
        return self.status not in self.CLOSED


class HelpStep(models.Model):
    """One change of a request's status: when, by whom, with what note."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(max_length=12, choices=HelpRequest.Status.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    community_path = "request__community"

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.request} · {self.get_status_display()}"


def _document_path(instance, filename):
    return f"care/help/{timezone.now():%Y/%m}/{filename}"


class HelpDocument(models.Model):
    """A document sent with a request, kept in private storage and served only through the
    view that checks the reader may see the request."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=_document_path, max_length=200, storage=private_storage)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    community_path = "request__community"

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name

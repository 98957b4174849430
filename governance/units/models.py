"""Units, their responsibility agreements and the joint governance meetings.

- ``Unit``: an employer, market, construction site, landlord, shop… of one community, with
  its lead and coordinators (people with an account, or just a name and a phone).
- ``AgreementTemplate``: one of the three responsibility agreements (三个责任书) with its
  numbered duties, written by staff in the Wagtail admin.
- ``Agreement``: an agreement between named parties, from and to a date, with its duties
  (copied from the template, carried forward on renewal with each duty's identity, so a
  renewal can be compared duty by duty). Its status is computed from the dates and the
  signed record, in one place: ``Agreement.status_on``.
- ``SignedRecord``: that the paper agreement was signed: when, by whom, a photo of it.
- ``WorkerSignature``: a worker signed their unit's agreement in the portal (once).
- ``JointMeeting``: a coordination meeting of the street office, committee, units and
  police, with attendance by body, decisions and follow-up actions.
- ``UnitNotice``: a notice staff sent to chosen units' leads.
"""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from portal.boundary import BoundaryQuerySet
from portal.storage import private_storage

# An agreement is "expiring" this many days before its end date, and its lead is reminded.
EXPIRING_DAYS = 30


class UnitKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    MARKET = "market", _("Market")
    CONSTRUCTION_SITE = "construction_site", _("Construction site")
    LANDLORD = "landlord", _("Landlord")
    SHOP = "shop", _("Shop")
    OTHER = "other", pgettext_lazy("unit kind", "Other")


class UnitQuerySet(BoundaryQuerySet):
    def led_by(self, user):
        """The units ``user`` leads or coordinates (with an account)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(lead=user) | Q(coordinators__user=user)).distinct()


class Unit(models.Model):
    """A unit of the community (单位): part of the community's work, with a named lead."""

    community = models.ForeignKey(
        "portal.Community",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_units",
        help_text=_("When the lead has signed up: they then see this unit's page."),
    )
    lead_name = models.CharField(_("lead's name"), max_length=60, blank=True)
    lead_phone = models.CharField(_("lead's phone"), max_length=20, blank=True)
    people = models.PositiveIntegerField(
        _("migrant workers or tenants"),
        default=0,
        help_text=_("How many migrant workers work here, or how many tenants live here."),
    )
    # A string reference: no import of the pages layer, only a nullable database link.
    association = models.ForeignKey(
        "associations.AssociationPage",
        verbose_name=_("migrant association"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="units_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("units:unit", args=[self.pk])

    @property
    def lead_display(self):
        if self.lead_name:
            return self.lead_name
        return self.lead.public_name if self.lead else ""


class Coordinator(models.Model):
    """Someone the unit named to work with the community besides its lead."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="coordinators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unit_coordinations",
    )
    name = models.CharField(_("name"), max_length=60)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    community_path = "unit__community"

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")

    def __str__(self):
        return self.name


class AgreementKind(models.TextChoices):
    STREET_COMMITTEE = "street_committee", _("Street office and community committee")
    COMMITTEE_UNIT = "committee_unit", _("Community committee and unit or landlord")
    UNIT_WORKERS = "unit_workers", _("Unit and its migrant workers")


class AgreementTemplate(ClusterableModel):
    """One of the three responsibility agreements, with its numbered duties."""

    community = models.ForeignKey(
        "portal.Community",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind of agreement"), max_length=20, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=120)
    preamble = models.TextField(_("preamble"), blank=True)

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")

    def __str__(self):
        return self.title


class TemplateDuty(Orderable):
    template = ParentalKey(AgreementTemplate, on_delete=models.CASCADE, related_name="duties")
    text = models.TextField(_("duty"), max_length=1000)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("duty")
        verbose_name_plural = _("duties")

    def __str__(self):
        return self.text[:60]


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("agreement status", "Draft")
    UPCOMING = "upcoming", _("Signed, not yet in force")
    IN_FORCE = "in_force", _("In force")
    EXPIRING = "expiring", _("Expiring within 30 days")
    EXPIRED = "expired", _("Expired")
    ENDED = "ended", pgettext_lazy("agreement status", "Ended")


class AgreementQuerySet(BoundaryQuerySet):
    """Filters that say the same as ``Agreement.status_on``, for listings and reminders."""

    def signed(self):
        return self.filter(signed__isnull=False)

    def with_status(self, status, today=None):
        today = today or timezone.localdate()
        current = self.signed().filter(ended_on__isnull=True)
        soon = today + timedelta(days=EXPIRING_DAYS)
        return {
            AgreementStatus.DRAFT: self.filter(signed__isnull=True, ended_on__isnull=True),
            AgreementStatus.UPCOMING: current.filter(starts_on__gt=today),
            AgreementStatus.IN_FORCE: current.filter(starts_on__lte=today, ends_on__gt=soon),
            AgreementStatus.EXPIRING: current.filter(
                starts_on__lte=today, ends_on__gte=today, ends_on__lte=soon
            ),
            AgreementStatus.EXPIRED: current.filter(ends_on__lt=today),
            AgreementStatus.ENDED: self.filter(ended_on__isnull=False),
        }[status]


class Agreement(ClusterableModel):
    """A responsibility agreement between two named parties, from one date to another."""

    community = models.ForeignKey(
        "portal.Community",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    template = models.ForeignKey(
        AgreementTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    kind = models.CharField(_("kind of agreement"), max_length=20, choices=AgreementKind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
        help_text=_("The unit or landlord (not for the street office's agreement)."),
    )
    title = models.CharField(_("title"), max_length=120)
    first_party = models.CharField(
        _("first party"), max_length=100, help_text=_("For example: Liulin street office.")
    )
    second_party = models.CharField(_("second party"), max_length=100)
    preamble = models.TextField(_("preamble"), blank=True)
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"))
    ended_on = models.DateField(
        _("ended early on"), null=True, blank=True, editable=False, help_text=""
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
        editable=False,
    )
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = AgreementQuerySet.as_manager()

    read_permission = "units.view_agreement"

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("responsibility agreement")
        verbose_name_plural = _("responsibility agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="units_agreement_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("units:agreement", args=[self.pk])

    @property
    def signed_record(self):
        try:
            return self.signed
        except SignedRecord.DoesNotExist:
            return None

    def status_on(self, today=None):
        """The agreement's status on ``today``: the only place it is computed (the
        queryset's ``with_status`` says the same in SQL)."""
        today = today or timezone.localdate()
        if self.ended_on is not None:
            return AgreementStatus.ENDED
        if self.signed_record is None:
            return AgreementStatus.DRAFT
        if today < self.starts_on:
            return AgreementStatus.UPCOMING
        if today > self.ends_on:
            return AgreementStatus.EXPIRED
        if self.ends_on - today <= timedelta(days=EXPIRING_DAYS):
            return AgreementStatus.EXPIRING
        return AgreementStatus.IN_FORCE

    @property
    def status(self):
        return self.status_on()

    def get_status_display(self):
        return AgreementStatus(self.status).label

    @property
    def is_draft(self):
        return self.status == AgreementStatus.DRAFT

    @property
    def is_current(self):
        """In force (expiring included): workers may sign it."""
        return self.status in (AgreementStatus.IN_FORCE, AgreementStatus.EXPIRING)

    @property
    def is_for_workers(self):
        return self.kind == AgreementKind.UNIT_WORKERS

    @property
    def numbered_duties(self):
        duties = list(self.duties.all())
        for number, duty in enumerate(duties, start=1):
            duty.number = number
        return duties


class AgreementDuty(Orderable):
    """A duty as it reads in one agreement; ``key`` follows it through renewals."""

    agreement = ParentalKey(Agreement, on_delete=models.CASCADE, related_name="duties")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    text = models.TextField(_("duty"), max_length=1000)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "key"], name="units_duty_once"),
        ]

    def __str__(self):
        return self.text[:60]


def _private_path(instance, filename):
    # Unguessable names: files are only ever served through the permission-checked view.
    return (
        f"agreements/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"
    )


class SignedRecord(models.Model):
    """The paper agreement was signed: when, by whom, and a photo of the signed page."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="signed")
    signed_on = models.DateField(_("signed on"))
    signed_by = models.CharField(
        _("signed by"),
        max_length=200,
        help_text=_("Who signed for each party, e.g. 'Wang Fang (committee), Xie Jun (landlord)'."),
    )
    photo = models.FileField(
        _("photo of the signed page"),
        upload_to=_private_path,
        storage=private_storage,
        max_length=200,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    community_path = "agreement__community"

    class Meta:
        verbose_name = _("signed record")

    def __str__(self):
        return f"{self.agreement} · {self.signed_on}"


class WorkerSignature(models.Model):
    """A worker signed their unit's agreement in the portal: once per person per agreement."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="worker_signatures"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agreement_signatures"
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    community_path = "agreement__community"

    class Meta:
        verbose_name = _("worker's signature")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "user"], name="units_one_signature_per_person"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.agreement}"


class Body(models.TextChoices):
    STREET_OFFICE = "street_office", _("Street office")
    COMMITTEE = "committee", _("Community committee")
    UNIT = "unit", _("Unit")
    POLICE = "police", _("Police")
    OTHER = "other", pgettext_lazy("body", "Other")


class JointMeeting(models.Model):
    """A coordination meeting (综合治理) between offices, units and police."""

    community = models.ForeignKey(
        "portal.Community", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    discussion = models.TextField(_("what was said"), blank=True)
    units = models.ManyToManyField(
        Unit, verbose_name=_("units concerned"), blank=True, related_name="meetings"
    )
    agreements = models.ManyToManyField(
        Agreement, verbose_name=_("agreements concerned"), blank=True, related_name="meetings"
    )
    matters = models.ManyToManyField(
        "governance.Matter",
        verbose_name=_("matters concerned"),
        blank=True,
        related_name="joint_meetings",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("joint governance meeting")
        verbose_name_plural = _("joint governance meetings")

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} · {self.title}"

    def get_absolute_url(self):
        return reverse("units:meeting", args=[self.pk])


class Attendance(models.Model):
    """Who came for one body: e.g. police, 2 people, 'Liulin police station'."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="attendance")
    position = models.PositiveSmallIntegerField(default=0)
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    represented_by = models.CharField(_("who came"), max_length=200, blank=True)
    people = models.PositiveSmallIntegerField(_("number of people"), default=1)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.get_body_display()} · {self.represented_by}"


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("decision"), max_length=300)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class FollowUp(models.Model):
    """A follow-up action of a meeting: what, who, by when, and whether it was done."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="follow_ups")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("what is to be done"), max_length=300)
    owner = models.CharField(_("who will do it"), max_length=60, blank=True)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    community_path = "meeting__community"

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class UnitNotice(models.Model):
    """A notice staff sent to chosen units: their leads are told by site notice and SMS."""

    community = models.ForeignKey(
        "portal.Community", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("notice"), max_length=2000)
    units = models.ManyToManyField(Unit, verbose_name=_("units"), related_name="notices")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("notice to units")
        verbose_name_plural = _("notices to units")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("units:notice", args=[self.pk])

"""Migrant associations (流动人口协会): their pages, members, meetings and minutes.

An association is a Wagtail page (editors and search find it like any page);
its members, upcoming meetings and minutes are plain models, written through
``services`` from the phone views in ``views`` and guarded by ``rules``.

The tables keep the names they had when these models lived in the ``pages`` app
(``Meta.db_table``), so moving them lost no row (see ``migrations/0001_initial.py``).
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from pages.models import BasePage
from portal.page_permissions import RulePagePermissionTester
from portal.storage import private_storage


class SiteType(models.TextChoices):
    COMMITTEE = "committee", _("Community committee")
    MARKET = "market", _("Market")
    CONSTRUCTION_SITE = "construction_site", _("Construction site")
    COMPOUND = "compound", _("Residential compound")


class AssociationIndexPage(BasePage):
    """All associations of the community, grouped and filterable by the kind of site."""

    template = "associations/index_page.html"
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["associations.AssociationPage"]
    max_count = 1

    class Meta:
        db_table = "pages_associationindexpage"
        verbose_name = _("association index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        associations = AssociationPage.objects.live().child_of(self).order_by("title")
        site_type = request.GET.get("type")
        if site_type in SiteType.values:
            associations = associations.filter(site_type=site_type)
        by_type = {value: [] for value in SiteType.values}
        for association in associations:
            by_type[association.site_type].append(association)
        context["site_types"] = SiteType.choices
        context["selected_type"] = site_type if site_type in SiteType.values else ""
        context["groups"] = [
            (label, by_type[value]) for value, label in SiteType.choices if by_type[value]
        ]
        return context


class AssociationPage(BasePage):
    """One migrant association: where it meets, who leads it, and its records."""

    community = models.ForeignKey(
        "portal.Community",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="associations",
    )
    site_type = models.CharField(_("site type"), max_length=20, choices=SiteType.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    location_description = models.CharField(
        _("how to find it"),
        max_length=300,
        blank=True,
        help_text=_("For example: the blue gate behind the vegetable market, second floor."),
    )
    meeting_schedule = models.CharField(
        _("meeting schedule"),
        max_length=200,
        blank=True,
        help_text=_("For example: the first Sunday of every month, 7 pm."),
    )
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=40,
        blank=True,
        help_text=_("Shown to members only."),
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("community"),
                FieldPanel("site_type"),
                FieldPanel("address"),
                FieldPanel("location_description"),
                FieldPanel("meeting_schedule"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Association"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("address"),
        # "建筑工地" finds the construction-site associations, on the site and in the admin.
        index.SearchField("site_type_labels"),
        index.AutocompleteField("site_type_labels"),
    ]
    template = "associations/association_page.html"
    parent_page_types = ["associations.AssociationIndexPage"]
    subpage_types = []

    class Meta:
        db_table = "pages_associationpage"
        verbose_name = _("association")
        verbose_name_plural = _("associations")

    def site_type_labels(self):
        """The kind of site in every language of the site, whichever language saved the page."""
        with translation.override(None):
            labels = [str(SiteType(self.site_type).label)] if self.site_type else []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                labels.append(str(SiteType(self.site_type).label) if self.site_type else "")
        return " ".join(dict.fromkeys(filter(None, labels)))

    def permissions_for_user(self, user):
        return AssociationPagePermissionTester(user, self)

    def memberships_active(self):
        return self.memberships.filter(status=Membership.Status.ACTIVE)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context["leaders"] = self.memberships_active().filter(role=Membership.Role.LEADER)
        context["member_count"] = self.memberships_active().count()
        context["meetings"] = self.meetings.filter(starts_at__gte=timezone.now())[:5]
        context["latest_minutes"] = Minutes.objects.visible_to(user, self)[:5]
        context["drafts"] = (
            self.minutes.filter(status=Minutes.Status.DRAFT)
            if user.has_perm("associations.add_minutes", self)
            else []
        )
        context["membership"] = (
            self.memberships.filter(user=user).first() if user.is_authenticated else None
        )
        context["pending_count"] = self.memberships.filter(status=Membership.Status.PENDING).count()
        return context


class AssociationPagePermissionTester(RulePagePermissionTester):
    """Wagtail's page permissions, narrowed so that in the admin too only this
    association's leaders and the community's staff may change its page."""

    permission = "associations.change_associationpage"


class Membership(models.Model):
    """A resident's place in an association: asked, accepted or declined; member or leader."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        LEADER = "leader", _("Leader")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Member")
        DECLINED = "declined", _("Declined")

    association = models.ForeignKey(
        AssociationPage,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="association_memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    title = models.CharField(
        _("title"), max_length=30, blank=True, help_text=_("For leaders, e.g. chair, secretary.")
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

    class Meta:
        db_table = "pages_membership"
        ordering = ["-role", "created_at"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "association"], name="one_membership_per_user"),
            models.CheckConstraint(
                condition=~models.Q(role="leader") | models.Q(status="active"),
                name="leaders_are_active_members",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.association}"

    @property
    def community(self):
        return self.association.community


class Meeting(models.Model):
    """An upcoming meeting, announced on the association's page."""

    association = models.ForeignKey(
        AssociationPage, on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        db_table = "pages_meeting"
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.association} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def community(self):
        return self.association.community


class MinutesQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Minutes.Status.PUBLISHED)

    def public(self):
        return self.published().filter(visibility=Minutes.Visibility.PUBLIC)

    def visible_to(self, user, association):
        """This association's published minutes that ``user`` may read
        (``associations.view_minutes``)."""
        records = self.published().filter(association=association).select_related("association")
        return [record for record in records if user.has_perm("associations.view_minutes", record)]


class Minutes(index.Indexed, models.Model):
    """The record of one meeting (会议纪要): who came, what was said and decided, what next."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Members only")

    association = models.ForeignKey(
        AssociationPage,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="minutes",
    )
    title = models.CharField(_("title"), max_length=120)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(_("number present"), default=0)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members present"),
        blank=True,
        related_name="+",
    )
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    discussion = models.TextField(_("what was said"), blank=True)
    matters = models.ManyToManyField(
        "governance.Matter",
        verbose_name=_("matters discussed"),
        blank=True,
        related_name="minutes",
        help_text=_("Quarterly-session matters this meeting talked about."),
    )
    visibility = models.CharField(
        _("who can read it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = MinutesQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("agenda"),
        index.SearchField("discussion"),
        index.SearchField("place"),
        index.RelatedFields("decisions", [index.SearchField("text")]),
        index.RelatedFields("actions", [index.SearchField("text")]),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("visibility"),
        # The admin's listing narrows (to the staff's community), filters and sorts by these.
        index.RelatedFields("association", [index.FilterField("community")]),
        index.FilterField("association"),
        index.FilterField("held_on"),
    ]
    # The search page asks this of every result: members-only minutes for members and staff.
    search_permission = "associations.view_minutes"
    community_path = "association__community"  # portal.boundary

    class Meta:
        db_table = "pages_minutes"
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting minutes")
        verbose_name_plural = _("meeting minutes")

    def __str__(self):
        return f"{self.association.title} · {self.held_on:%Y-%m-%d} · {self.title}"

    def get_absolute_url(self):
        return reverse("associations:minutes", args=[self.pk])

    @classmethod
    def get_indexed_objects(cls):
        """Drafts never reach the index (minutes unpublished later are dropped at query time)."""
        return cls.objects.filter(status=cls.Status.PUBLISHED)

    @classmethod
    def search_queryset(cls, user):
        """What the search page searches (narrowed inside the index): published minutes; for
        someone signed out, only those for everyone."""
        minutes = cls.objects.filter(status=cls.Status.PUBLISHED)
        if not user.is_authenticated:
            minutes = minutes.filter(visibility=cls.Visibility.PUBLIC)
        return minutes

    @classmethod
    def search_visible(cls, user):
        """Published minutes of live, public associations; drafts never, for anyone (the
        ``associations.view_minutes`` permission then decides members-only ones)."""
        return cls.objects.published().filter(
            association__in=AssociationPage.objects.live().public()
        )

    @property
    def community(self):
        return self.association.community

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def discussion_closed_reason(self, user):
        if not self.is_published:
            return _("Comments open when the minutes are published.")
        return _("Only members of this association can comment.")

    def agenda_items(self):
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    def snapshot(self):
        """Everything a reader sees, as field key → text: what the edit history compares."""
        return {
            "title": self.title,
            "held_on": self.held_on.isoformat(),
            "place": self.place,
            "attendance": str(self.attendance),
            "attendees": ", ".join(sorted(user.public_name for user in self.attendees.all())),
            "agenda": self.agenda,
            "discussion": self.discussion,
            "decisions": "\n".join(
                f"{d.text} ({d.votes_for} : {d.votes_against} : {d.votes_abstain})"
                for d in self.decisions.all()
            ),
            "actions": "\n".join(str(a) for a in self.actions.all()),
            "files": "\n".join(a.name for a in self.attachments.all()),
            "matters": "\n".join(str(m) for m in self.matters.all()),
            "visibility": self.visibility,
        }


# The history's labels for the keys of Minutes.snapshot(), translated when shown.
SNAPSHOT_LABELS = {
    "title": _("title"),
    "held_on": _("date"),
    "place": _("place"),
    "attendance": _("number present"),
    "attendees": _("members present"),
    "agenda": _("agenda"),
    "discussion": _("what was said"),
    "decisions": _("decisions (for : against : abstain)"),
    "actions": _("follow-up actions"),
    "files": _("files"),
    "matters": _("matters discussed"),
    "visibility": _("who can read it"),
}


class Decision(models.Model):
    """A decision taken at the meeting, with its show-of-hands count."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("decision"), max_length=300)
    votes_for = models.PositiveIntegerField(pgettext_lazy("vote choice", "for"), default=0)
    votes_against = models.PositiveIntegerField(pgettext_lazy("vote choice", "against"), default=0)
    votes_abstain = models.PositiveIntegerField(pgettext_lazy("vote choice", "abstain"), default=0)

    class Meta:
        db_table = "pages_decision"
        ordering = ["position", "pk"]

    def __str__(self):
        return _("%(text)s (for %(for)s, against %(against)s, abstain %(abstain)s)") % {
            "text": self.text,
            "for": self.votes_for,
            "against": self.votes_against,
            "abstain": self.votes_abstain,
        }


class Action(models.Model):
    """A follow-up action: what is to be done, by whom."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("who will do it"), max_length=60, blank=True)
    due_on = models.DateField(_("by when"), null=True, blank=True)

    class Meta:
        db_table = "pages_action"
        ordering = ["position", "pk"]

    def __str__(self):
        parts = [self.text, self.owner, self.due_on.isoformat() if self.due_on else ""]
        return " · ".join(part for part in parts if part)


def _attachment_path(instance, filename):
    # Unguessable names: files are only ever linked through the permission-checked view.
    return f"minutes/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Attachment(models.Model):
    """A photo (re-encoded without metadata) or a document attached to minutes."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to=_attachment_path, max_length=200, storage=private_storage)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "pages_attachment"
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("associations:minutes_file", args=[self.minutes_id, self.pk])


class MinutesRevision(models.Model):
    """One edit of published minutes: who, when, and each changed field before and after."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="revisions")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)
    # [{"field": snapshot key, "before": text, "after": text}, ...]; empty when first published.
    changes = models.JSONField(default=list, blank=True)
    published = models.BooleanField(default=False)

    class Meta:
        db_table = "pages_minutesrevision"
        ordering = ["-edited_at", "-pk"]

    def __str__(self):
        return f"{self.minutes} · {self.edited_at:%Y-%m-%d %H:%M}"

    def labelled_changes(self):
        """The changes with translated field labels (and visibility choices), for display."""
        shown = dict(Minutes.Visibility.choices)
        for change in self.changes:
            field = change["field"]
            values = [change["before"], change["after"]]
            if field == "visibility":
                values = [shown.get(value, value) for value in values]
            yield {
                "label": SNAPSHOT_LABELS.get(field, field),
                "before": values[0],
                "after": values[1],
            }


def next_clock_change(now):
    """When an announced meeting starts, leaving the association's upcoming meetings."""
    from portal.caching import next_moment

    return next_moment(Meeting.objects.all(), ["starts_at"], now)

"""The residents' covenant (居民公约): a numbered text that changes in versions.

- ``CovenantPage``: the public page of one community's covenant; it shows the version in force.
- ``Clause``: a clause's stable identity. Discussion, amendments and history hang on it,
  whatever its number, chapter or wording in a given version.
- ``CovenantVersion``: one edition of the text, edited by staff as a snippet. It is a draft,
  then (optionally) open for public consultation for a dated period, then published and
  in force from its effective date. Its text is frozen once consultation opens or it is
  published; a revision is a new version started from it. The lifecycle is declared once,
  in ``phases.py``.
- ``VersionClause``: a clause's chapter, title and text in one version; numbers follow the order.
- ``Adoption``: "I have read and adopt the covenant", one per person per version (database).
- ``Amendment``: a matter of the quarterly session that proposes to change a clause.
"""

import uuid
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.boundary import BoundaryQuerySet, lives_in_community_of
from portal.page_context import SelectorContext

from . import phases


class CovenantPage(SelectorContext, Page):
    """A community's residents' covenant; the page shows the version in force (its context
    comes from ``selectors.covenant_context``)."""

    community = models.ForeignKey(
        "portal.Community", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("community"), FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    template = "governance/covenant/covenant_page.html"

    class Meta:
        verbose_name = _("residents' covenant")

    @cached_property
    def published_versions(self):
        """The published versions (what decides when each is superseded), loaded once."""
        versions = list(self.versions.published())
        for version in versions:
            version.covenant = self
        return versions

    @cached_property
    def version_in_force(self):
        return next((v for v in self.published_versions if v.is_in_force), None)


class Clause(models.Model):
    """A clause's identity across versions (its text lives in ``VersionClause``)."""

    covenant = models.ForeignKey(CovenantPage, on_delete=models.CASCADE, related_name="clauses")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    community_path = "covenant__community"

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")

    def __str__(self):
        text = self.texts.order_by("-version__number").first()
        return text.title if text else str(self.key)

    def get_absolute_url(self):
        return reverse("covenant:clause", args=[self.key])

    @property
    def community(self):
        return self.covenant.community

    def discussion_closed_reason(self, user):
        """Why a signed-in ``user`` may not comment here (asked by the discussion layer)."""
        if not lives_in_community_of(user, self):
            return gettext("Only residents of this community can comment on its covenant.")
        return gettext("Comments are open on clauses in force and on drafts under consultation.")

    @cached_property
    def versions(self):
        """The versions that have a text of this clause, newest first."""
        versions = list(CovenantVersion.objects.filter(clauses__clause=self).order_by("-number"))
        for version in versions:
            version.covenant = self.covenant
        return versions

    def allows(self, action):
        """Whether any version this clause is part of allows ``action`` now (``phases.py``)."""
        return any(version.allows(action) for version in self.versions)


class VersionQuerySet(BoundaryQuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


@dataclass
class Chapter:
    number: int
    title: str
    clauses: list = field(default_factory=list)


class CovenantVersion(ClusterableModel):
    """One edition of the covenant's text."""

    # Its status is the key of its current phase (``phases.py``), e.g. ``"in_force"``.
    DRAFT = phases.DRAFT.key
    CONSULTATION_SCHEDULED = phases.CONSULTATION_SCHEDULED.key
    IN_CONSULTATION = phases.IN_CONSULTATION.key
    CONSULTATION_CLOSED = phases.CONSULTATION_CLOSED.key
    UPCOMING = phases.UPCOMING.key
    IN_FORCE = phases.IN_FORCE.key
    SUPERSEDED = phases.SUPERSEDED.key

    covenant = models.ForeignKey(
        CovenantPage, verbose_name=_("covenant"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version number"), editable=False)
    preamble = models.TextField(_("preamble"), blank=True)
    consultation_opens = models.DateTimeField(
        _("public consultation opens"),
        null=True,
        blank=True,
        help_text=_("Residents may comment on this draft from then. Its text is then frozen."),
    )
    consultation_closes = models.DateTimeField(
        _("public consultation closes"), null=True, blank=True
    )
    effective_date = models.DateField(_("in force from"), null=True, blank=True)
    summary = models.TextField(
        _("summary of changes"), blank=True, help_text=_("What changed and why, in plain words.")
    )
    carries_out = ParentalManyToManyField(
        "governance.Matter",
        verbose_name=_("adopted matters it carries out"),
        blank=True,
        related_name="covenant_versions",
    )
    published_at = models.DateTimeField(_("published at"), null=True, editable=False)
    invitations_sent_at = models.DateTimeField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VersionQuerySet.as_manager()

    community_path = "covenant__community"
    read_permission = "covenant.read_covenantversion"

    class Meta:
        ordering = ["covenant", "-number"]
        verbose_name = _("covenant version")
        verbose_name_plural = _("covenant versions")
        constraints = [
            models.UniqueConstraint(fields=["covenant", "number"], name="covenant_version_number"),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(effective_date__isnull=False),
                name="covenant_published_has_effective_date",
            ),
            models.CheckConstraint(
                condition=Q(consultation_opens__isnull=True)
                | Q(
                    consultation_closes__isnull=False,
                    consultation_closes__gt=models.F("consultation_opens"),
                ),
                name="covenant_consultation_closes_after_opening",
            ),
        ]

    def __str__(self):
        return gettext("Version %(number)s") % {"number": self.number}

    def save(self, *args, **kwargs):
        if self.number is None:
            last = CovenantVersion.objects.filter(covenant_id=self.covenant_id).aggregate(
                n=Max("number")
            )["n"]
            self.number = (last or 0) + 1
        super().save(*args, **kwargs)

    @property
    def community(self):
        return self.covenant.community

    def get_absolute_url(self):
        if self.is_in_force:
            return self.covenant.url
        return reverse("covenant:version", args=[self.pk])

    @cached_property
    def timeline(self):
        published = self.covenant.published_versions if self.published_at else ()
        return phases.timeline(self, published)

    def phase(self, now=None):
        """The current phase (``phases.py``); every question about the version asks it."""
        return self.timeline.current(now)

    def allows(self, action, now=None):
        return self.phase(now).allows(action)

    @property
    def status(self):
        return self.phase().key

    def get_status_display(self):
        return self.phase().label

    @property
    def is_public(self):
        return self.allows(phases.READ)

    @property
    def is_in_force(self):
        return self.phase() == phases.IN_FORCE

    @property
    def is_frozen(self):
        """Once residents can read it, a version's text never changes (as saved, not as
        being edited)."""
        if self.pk is None:
            return False
        saved = CovenantVersion.objects.select_related("covenant").get(pk=self.pk)
        return not saved.allows(phases.EDIT)

    @cached_property
    def rows(self):
        """The clauses in order, each with its ``number`` and ``chapter_number`` in this version.

        Consecutive clauses with the same chapter heading form one chapter.
        """
        rows = list(self.clauses.select_related("clause").order_by("sort_order", "pk"))
        chapter_number, heading = 0, None
        for number, row in enumerate(rows, start=1):
            if row.chapter != heading:
                chapter_number, heading = chapter_number + 1, row.chapter
            row.number, row.chapter_number = number, chapter_number
        return rows

    @cached_property
    def chapters(self):
        chapters = []
        for row in self.rows:
            if not chapters or chapters[-1].number != row.chapter_number:
                chapters.append(Chapter(row.chapter_number, row.chapter))
            chapters[-1].clauses.append(row)
        return chapters

    def previous_published(self):
        return (
            self.covenant.versions.published()
            .filter(number__lt=self.number)
            .order_by("-number")
            .first()
        )


class VersionClause(index.Indexed, Orderable):
    """A clause as it reads in one version.

    Every version's text is indexed (a version's id never changes, so the index
    never goes stale when a version comes into force); the search page only
    looks among, and only shows, the clauses of each covenant's version in force.
    """

    version = ParentalKey(CovenantVersion, on_delete=models.CASCADE, related_name="clauses")
    clause = models.ForeignKey(
        Clause, on_delete=models.CASCADE, related_name="texts", editable=False
    )
    chapter = models.CharField(
        _("chapter"),
        max_length=100,
        help_text=_("Chapter heading without its number, e.g. 'Safety'; numbers follow the order."),
    )
    title = models.CharField(_("clause title"), max_length=100)
    text = models.TextField(_("text"))
    easy_read = models.TextField(
        _("easy-read version"),
        blank=True,
        max_length=600,
        help_text=_(
            "A short version in plain words (short sentences, common characters), shown "
            "first, with a link to the full text."
        ),
    )

    recording = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("recording"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Your own recording of this text (for example in the local dialect; MP3 or "
            "M4A): played instead of the computer's voice."
        ),
    )

    panels = [
        FieldPanel("chapter"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("easy_read"),
        FieldPanel("recording"),
    ]
    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("text"),
        index.SearchField("chapter"),
        index.AutocompleteField("title"),
        index.FilterField("version"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("clause text")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "clause"], name="covenant_clause_once_per_version"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.clause.get_absolute_url()

    @classmethod
    def _in_force(cls):
        """The clause texts of each public covenant's version in force, now."""
        covenants = (
            CovenantPage.objects.live()
            .public()
            .prefetch_related(
                models.Prefetch(
                    "versions",
                    queryset=CovenantVersion.objects.published(),
                    to_attr="published_versions",
                )
            )
        )
        in_force = [covenant.version_in_force for covenant in covenants]
        return cls.objects.filter(version__in=[version.pk for version in in_force if version])

    @classmethod
    def search_queryset(cls, user):
        """What the search page searches: the versions in force (narrowed inside the index)."""
        return cls._in_force()

    @classmethod
    def search_visible(cls, user):
        """Drafts, consultations and superseded versions are never found, by anyone."""
        return cls._in_force()

    def save(self, *args, **kwargs):
        if self.clause_id is None:  # a clause new in this version gets its identity here
            self.clause = Clause.objects.create(covenant_id=self.version.covenant_id)
        super().save(*args, **kwargs)


class Adoption(models.Model):
    """A resident read and adopted one version of the covenant."""

    version = models.ForeignKey(CovenantVersion, on_delete=models.CASCADE, related_name="adoptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="covenant_adoptions"
    )
    adopted_at = models.DateTimeField(_("adopted at"), default=timezone.now)

    class Meta:
        verbose_name = _("adoption")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "user"], name="covenant_one_adoption_per_person_per_version"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.version}"


class Amendment(models.Model):
    """A matter of the quarterly session that proposes to change a clause."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="amendments")
    matter = models.OneToOneField(
        "governance.Matter", on_delete=models.CASCADE, related_name="covenant_amendment"
    )

    class Meta:
        verbose_name = _("amendment")

    def __str__(self):
        return str(self.matter)

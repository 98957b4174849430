"""Quarterly sessions (一事一议), their matters, votes, tallies and follow-up."""

import hashlib
import hmac
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from portal.boundary import BoundaryQuerySet
from portal.page_context import SelectorContext
from portal.phases import Timeline
from portal.storage import private_storage

from . import phases
from .admin_forms import SessionPageForm


class SessionIndexPage(Page):
    """The list of quarterly sessions, newest first."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["governance.SessionPage"]

    class Meta:
        verbose_name = _("quarterly sessions index")

    def permissions_for_user(self, user):
        from .permissions import SessionIndexPagePermissionTester

        return SessionIndexPagePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .selectors import now_items

        sessions = SessionPage.objects.child_of(self).live().order_by("-collecting_starts")
        context["sessions"] = sessions
        context["now_items"] = now_items(request)  # what is open in the sessions today
        return context


class SessionQuerySet(BoundaryQuerySet, PageQuerySet):
    pass


class SessionPage(SelectorContext, Page):
    """One quarterly session of one community: dated phases, rules and the decision rule.

    Its page context comes from ``selectors.session_context``."""

    community = models.ForeignKey(
        "portal.Community", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    introduction = models.TextField(_("introduction"), blank=True, max_length=1000)
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
    rules = RichTextField(_("rules"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    venue = models.CharField(_("venue of the meeting"), max_length=200, blank=True)
    meeting_at = models.DateTimeField(_("time of the meeting"), null=True, blank=True)
    collecting_starts = models.DateTimeField(_("collecting matters starts"))
    discussion_starts = models.DateTimeField(_("discussion starts"))
    voting_starts = models.DateTimeField(_("voting starts"))
    voting_ends = models.DateTimeField(_("voting ends"))
    follow_up_starts = models.DateTimeField(_("follow-up starts"))
    matter_limit = models.PositiveSmallIntegerField(
        _("matters per person"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("How many matters one person may submit to this session."),
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (%)"),
        default=20,
        validators=[MaxValueValidator(100)],
        help_text=_("Minimum turnout among the community's verified residents."),
    )
    adoption_percent = models.PositiveSmallIntegerField(
        _("adoption threshold (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("A matter is adopted when more than this share of for/against votes is for."),
    )
    show_running_totals = models.BooleanField(
        _("show running totals during voting"),
        default=False,
        help_text=_("Off: totals stay hidden until voting ends."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("community"),
        FieldPanel("introduction"),
        FieldPanel("easy_read"),
        FieldPanel("recording"),
        FieldPanel("rules"),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("meeting_at")], heading=_("In-person meeting")
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("collecting_starts"), FieldPanel("discussion_starts")]),
                FieldRowPanel([FieldPanel("voting_starts"), FieldPanel("voting_ends")]),
                FieldPanel("follow_up_starts"),
            ],
            heading=_("Phases"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("matter_limit"),
                FieldPanel("quorum_percent"),
                FieldPanel("adoption_percent"),
                FieldPanel("show_running_totals"),
            ],
            heading=_("Decision rule"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["governance.SessionIndexPage"]
    subpage_types = []
    base_form_class = SessionPageForm

    objects = PageManager.from_queryset(SessionQuerySet)()

    class Meta:
        verbose_name = _("quarterly session")
        verbose_name_plural = _("quarterly sessions")

    def permissions_for_user(self, user):
        from .permissions import SessionPagePermissionTester

        return SessionPagePermissionTester(user, self)

    def clean(self):
        super().clean()
        dates = [getattr(self, name) for name in phases.START_FIELDS.values()]
        if all(dates) and dates != sorted(dates):
            raise ValidationError(_("The phase dates must follow each other in order."))

    @cached_property
    def timeline(self):
        starts = {key: getattr(self, name) for key, name in phases.START_FIELDS.items()}
        ended = {e.phase: e.ended_at for e in self.phase_endings.all()}
        return Timeline(phases.PHASES, starts, ended)

    def phase(self, now=None):
        """The current phase; every permission about this session asks it."""
        return self.timeline.current(now)

    def allows(self, action, now=None):
        return self.phase(now).allows(action)

    def voting_ended_at(self):
        """When voting ended (its date, or when staff ended it early); None while it has not."""
        ends = next(s.ends for s in self.timeline.spans() if s.phase.key == "voting")
        return ends if ends is not None and ends <= timezone.now() else None

    def voting_opened_at(self):
        """When voting opens (or opened: its date, or when staff ended discussion early)."""
        return next(s.starts for s in self.timeline.spans() if s.phase.key == "voting")

    def lived_here_when_voting_opened(self):
        """Users who belonged to their community when this session's voting opened (a move
        approved later waits for the next session: ``services.voting_eligibility``)."""
        opened = self.voting_opened_at()
        if opened is None:
            return models.Q()
        return models.Q(community_since__isnull=True) | models.Q(community_since__lte=opened)

    def eligible_voters(self):
        """How many may vote: the base for turnout and quorum.

        While voting runs, today's verified residents of the community. Once voting has
        ended, the number as of that moment, frozen the first time it is asked, so that
        people verified or moving later never change a finished session's outcome.
        """
        from portal.models import User

        ended = self.voting_ended_at()
        if ended is None:
            return (
                User.objects.filter(community=self.community_id, verified_at__isnull=False)
                .filter(self.lived_here_when_voting_opened())
                .count()
            )
        electorate = Electorate.objects.filter(session=self).first()
        if electorate is None or electorate.voting_ended_at != ended:
            electorate = Electorate.freeze(self, ended)
        return electorate.eligible


class PhaseEnding(models.Model):
    """Staff ended a phase before its date: recorded, and the next phase begins then."""

    session = models.ForeignKey(SessionPage, on_delete=models.CASCADE, related_name="phase_endings")
    phase = models.CharField(
        _("phase"), max_length=20, choices=[(p.key, p.label) for p in phases.PHASES]
    )
    ended_at = models.DateTimeField(_("ended at"), default=timezone.now)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "phase"], name="governance_one_ending_per_phase"
            )
        ]
        verbose_name = _("early end of a phase")

    def __str__(self):
        return f"{phases.BY_KEY[self.phase].label} · {self.ended_at:%Y-%m-%d}"


class Electorate(models.Model):
    """How many could vote in a session, counted as of the moment voting ended.

    Kept beside the page (not on it) so that revisions and copies of the page never
    carry it; recounted only if the end of voting itself moves.
    """

    session = models.OneToOneField(
        SessionPage, on_delete=models.CASCADE, primary_key=True, related_name="electorate"
    )
    eligible = models.PositiveIntegerField(_("eligible voters"))
    voting_ended_at = models.DateTimeField(_("voting ended at"))
    counted_at = models.DateTimeField(_("counted at"), default=timezone.now)

    class Meta:
        verbose_name = _("electorate")

    def __str__(self):
        return f"{self.session_id}: {self.eligible}"

    @classmethod
    def freeze(cls, session, ended):
        """Count the voters of ``session`` as of ``ended``, keep the number, and shuffle the
        session's ballots (``BallotQuerySet.shuffle``).

        Residents of the community verified at or before the end, and anyone who voted
        in the session (they were verified when they voted, even if they moved since).
        """
        from portal.models import User

        verified_then = (
            models.Q(community=session.community_id, verified_at__lte=ended)
            & session.lived_here_when_voting_opened()
        )
        voted = models.Q(
            pk__in=Participation.objects.filter(matter__session=session).values("voter")
        )
        eligible = User.objects.filter(verified_then | voted).distinct().count()
        electorate, _created = cls.objects.update_or_create(
            session=session, defaults={"eligible": eligible, "voting_ended_at": ended}
        )
        # Voting is over: the order of the ballots forgets when each was cast.
        Ballot.objects.filter(matter__session=session).shuffle()
        return electorate


class Matter(index.Indexed, models.Model):
    """A matter (议题) raised by a resident or through the suggestion box.

    Read permission: ``governance.view_matter``; its community: ``community``."""

    class Category(models.TextChoices):
        COVENANT_AMENDMENT = "covenant_amendment", _("Covenant amendment")
        ENVIRONMENT = "environment", _("Environment and sanitation")
        SAFETY = "safety", _("Safety")
        PUBLIC_SERVICES = "public_services", _("Public services")
        HEALTH_FAMILY = "health_family", _("Health and family services")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        NEW = "new", _("Waiting for triage")
        ACCEPTED = "accepted", _("Accepted")
        MERGED = "merged", _("Merged")
        DECLINED = "declined", _("Declined")

    community = models.ForeignKey(
        "portal.Community", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    session = models.ForeignKey(
        SessionPage,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matters",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="governance_matters",
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=3000)
    easy_read = models.TextField(
        _("easy-read version"),
        blank=True,
        max_length=600,
        help_text=_(
            "A short version in plain words (short sentences, common characters), shown "
            "first, with a link to the full text."
        ),
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    photo = models.ImageField(
        _("photo"), upload_to="matters/%Y/%m/", blank=True, storage=private_storage
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW)
    from_suggestion_box = models.BooleanField(_("from the suggestion box"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_matters",
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True, max_length=1000)
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    response = models.TextField(_("official response"), blank=True, max_length=3000)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        # What the admin's listing narrows by before it searches (community, its filters).
        index.FilterField("community"),
        index.FilterField("session"),
        index.FilterField("state"),
        index.FilterField("category"),
        index.FilterField("from_suggestion_box"),
        index.FilterField("created_at"),
    ]

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["session", "state"]),
            models.Index(fields=["community", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="accepted") | models.Q(session__isnull=False),
                name="governance_accepted_matter_has_session",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")),
                name="governance_matter_not_merged_into_itself",
            ),
        ]
        verbose_name = _("matter")
        verbose_name_plural = _("matters")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:matter", args=[self.pk])

    def clean(self):
        super().clean()
        if self.session_id and self.session.community_id != self.community_id:
            raise ValidationError(
                {"session": _("The session must be one of the matter's own community.")}
            )
        if self.merged_into_id and self.merged_into.community_id != self.community_id:
            raise ValidationError(
                {"merged_into": _("A matter can only be merged into one of its own community.")}
            )
        if self.state == self.State.ACCEPTED and not self.session_id:
            raise ValidationError({"session": _("An accepted matter needs a session.")})

    @classmethod
    def get_indexed_objects(cls):
        """Only published matters are searchable; the suggestion box and declined ones never."""
        return cls.objects.filter(state__in=[cls.State.ACCEPTED, cls.State.MERGED])

    @property
    def is_public(self):
        return self.state in (self.State.ACCEPTED, self.State.MERGED)

    def phase(self, now=None):
        return self.session.phase(now) if self.session_id else None

    @property
    def latest_follow_up(self):
        """The newest implementation update (uses prefetched ``follow_ups`` when there)."""
        updates = list(self.follow_ups.all())
        return updates[-1] if updates else None

    def discussion_closed_reason(self, user):
        if self.state != self.State.ACCEPTED or not self.allows(phases.COMMENT):
            return _("Comments are open during the discussion and voting phases.")
        return _("Only residents of this community may comment.")

    def allows(self, action, now=None):
        """Whether the session's current phase allows ``action`` on this accepted matter."""
        return self.state == self.State.ACCEPTED and self.session.allows(action, now)


def ballot_token(voter_id, matter_id):
    """The only link from a person to their ballot: HMAC(YISHI_BALLOT_KEY, "voter|matter").

    The key is a setting, never stored in the database: with the database alone nobody can
    compute a person's token, so nobody can tell which ballot is theirs. The application,
    which holds the key, computes it to let the person see and change their own vote.
    """
    message = f"{voter_id}|{matter_id}".encode()
    return hmac.new(settings.YISHI_BALLOT_KEY.encode(), message, hashlib.sha256).hexdigest()


class Participation(models.Model):
    """That a person voted on a matter, never how: for one vote per person, turnout and the
    electorate. Nothing here points at the ballot, and the ballot points at no one.

    ``community`` is where the vote was cast (it stays if the person moves later);
    ``voted_on`` is the day only, too coarse to match a ballot by time.
    """

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="participations")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey("portal.Community", on_delete=models.PROTECT, related_name="+")
    voted_on = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "voter"], name="governance_one_participation_per_person"
            )
        ]
        verbose_name = _("participation")

    def __str__(self):
        return gettext("Took part in the vote on matter %(pk)s") % {"pk": self.matter_id}


class BallotQuerySet(models.QuerySet):
    def of(self, voter, matter):
        """``voter``'s own ballot on ``matter`` (found through the key), or ``None``."""
        return self.filter(token=ballot_token(voter.pk, matter.pk)).first()

    @transaction.atomic
    def shuffle(self):
        """Take these ballots out and put them back in random order under new random keys,
        in one transaction: afterwards nothing in the rows, not even the order they lie in
        or PostgreSQL's transaction ids, recalls when each was cast. Done once voting ends
        (``Electorate.freeze``); while it runs, ``services.cast_vote`` stirs each new ballot
        in with a few others."""
        rows = list(
            self.select_for_update().order_by("pk").values_list("pk", "matter", "token", "choice")
        )
        for start in range(0, len(rows), 500):
            self.model.objects.filter(pk__in=[row[0] for row in rows[start : start + 500]]).delete()
        secrets.SystemRandom().shuffle(rows)
        self.model.objects.bulk_create(
            self.model(id=uuid.uuid4(), matter_id=matter, token=token, choice=choice)
            for _pk, matter, token, choice in rows
        )


class Ballot(models.Model):
    """One vote's choice, in the ballot box of its matter: no voter, no time, no sequence.

    The primary key is random, so ordering by it says nothing about when a ballot was cast;
    the rows' physical order is kept meaningless too (``services.cast_vote``, and the table
    is ``WITHOUT ROWID`` on SQLite). ``token`` (see ``ballot_token``) is the only link to the
    voter and needs the key, which is not in the database. docs/privacy-threat-model.md says
    what this protects against and what it does not.
    """

    class Choice(models.TextChoices):
        FOR = "for", pgettext_lazy("vote choice", "For")
        AGAINST = "against", pgettext_lazy("vote choice", "Against")
        ABSTAIN = "abstain", pgettext_lazy("vote choice", "Abstain")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="ballots", db_index=False
    )
    token = models.CharField(max_length=64, unique=True)
    choice = models.CharField(max_length=10, choices=Choice.choices)

    objects = BallotQuerySet.as_manager()

    class Meta:
        # The matter's ballots in (random) key order: the ballot box is stirred by ranges of it.
        indexes = [models.Index(fields=["matter", "id"], name="governance_ballot_box")]
        verbose_name = _("ballot")

    def __str__(self):
        return gettext("A ballot on matter %(pk)s") % {"pk": self.matter_id}  # never who or how


class Tally(models.Model):
    """Running totals of a matter: online votes (kept in step with ``Ballot``) and show of hands."""

    matter = models.OneToOneField(
        Matter, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    online_for = models.PositiveIntegerField(default=0)
    online_against = models.PositiveIntegerField(default=0)
    online_abstain = models.PositiveIntegerField(default=0)
    hands_for = models.PositiveIntegerField(_("in person: for"), null=True, blank=True)
    hands_against = models.PositiveIntegerField(_("in person: against"), null=True, blank=True)
    hands_abstain = models.PositiveIntegerField(_("in person: abstain"), null=True, blank=True)
    hands_recorded_at = models.DateTimeField(null=True, blank=True)
    hands_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tally")

    def __str__(self):
        return str(self.matter)


class FollowUp(models.Model):
    """A dated update on how an adopted matter is being carried out."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="follow_ups")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    note = models.TextField(_("update"), max_length=2000)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("follow-up update")
        verbose_name_plural = _("follow-up updates")

    def __str__(self):
        return f"{self.get_status_display()} · {self.created_at:%Y-%m-%d}"

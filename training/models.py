"""The population school: courses and lessons (pages), quizzes, private learning records, classes.

Everything a learner does (enrolments, completions, quiz attempts, certificates, class
registrations) is private to them: none of these models is indexed for search, shown on
another user's page or exposed by any feed or API; staff only see totals.
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    AbstractGroupApprovalTask,
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from .blocks import LessonBlock
from .forms import QuizForm, answer_problems


class LifeStage(models.TextChoices):
    ADOLESCENCE = "adolescence", _("Adolescence")
    NEWLY_MARRIED = "newly_married", _("Newly married")
    PREGNANCY = "pregnancy", _("Pregnancy and childbirth")
    CONTRACEPTION = "contraception", _("Contraception")
    MENOPAUSE = "menopause", _("Menopause")
    POLICY = "policy", _("Policy")


# Course length filter: (value, label, shortest minutes, longest minutes or None).
LENGTHS = [
    ("short", _("Up to 30 minutes"), 0, 30),
    ("medium", _("30 to 60 minutes"), 31, 60),
    ("long", _("Over an hour"), 61, None),
]


class CourseIndexPage(Page):
    """The population school's catalogue: courses grouped by life stage, with filters."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["training.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        courses = CoursePage.objects.live().public().child_of(self).order_by("path")
        stage = request.GET.get("stage", "")
        if stage in LifeStage.values:
            courses = courses.filter(life_stage=stage)
        length = next((item for item in LENGTHS if item[0] == request.GET.get("length")), None)
        if length:
            courses = courses.filter(duration_minutes__gte=length[2])
            if length[3] is not None:
                courses = courses.filter(duration_minutes__lte=length[3])
        by_stage = {}
        for course in courses:
            by_stage.setdefault(course.life_stage, []).append(course)
        context.update(
            stages=LifeStage.choices,
            lengths=[(value, label) for value, label, *_ in LENGTHS],
            selected_stage=stage,
            selected_length=length[0] if length else "",
            # (label, courses, icon): each stage with its picture, for those who read little.
            groups=[
                (label, by_stage[value], f"img/stages/{value}.svg")
                for value, label in LifeStage.choices
                if value in by_stage
            ],
        )
        return context


class CoursePage(Page):
    overview = RichTextField(_("overview"), features=["bold", "italic", "ul", "ol", "link"])
    audience = models.CharField(
        _("audience"), max_length=200, help_text=_("Who the course is for, e.g. young couples.")
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("length in minutes"), help_text=_("About how long all lessons take together.")
    )
    life_stage = models.CharField(_("life stage"), max_length=20, choices=LifeStage.choices)

    content_panels = [
        *Page.content_panels,
        FieldPanel("life_stage"),
        FieldPanel("audience"),
        FieldPanel("duration_minutes"),
        FieldPanel("overview"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("overview"),
        index.SearchField("audience"),
        index.FilterField("life_stage"),
    ]
    parent_page_types = ["training.CourseIndexPage"]
    subpage_types = ["training.LessonPage"]

    class Meta:
        verbose_name = _("course")

    def lessons(self):
        return LessonPage.objects.live().public().child_of(self).order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lessons = list(self.lessons())
        enrolment = Enrolment.for_user(request.user, self)
        done = enrolment.completed_lesson_ids() if enrolment else set()
        context.update(
            lessons=[(lesson, lesson.pk in done) for lesson in lessons],
            enrolment=enrolment,
            classes=self.classes.upcoming(),
        )
        return context


class LessonPage(Page):
    summary = models.TextField(_("summary"), blank=True, max_length=300)
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=10)
    body = StreamField(LessonBlock(), verbose_name=_("body"))
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

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("easy_read"),
        FieldPanel("recording"),
        FieldPanel("duration_minutes"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["training.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    @cached_property
    def course(self):
        """The course this lesson belongs to (its parent page), in one query, once."""
        return CoursePage.objects.ancestor_of(self).get(depth=self.depth - 1)

    def get_quiz(self):
        """The lesson's quiz as published: drafts and changes awaiting approval stay unseen."""
        quizzes = Quiz.objects.live().filter(lesson=self)
        return quizzes.prefetch_related("questions__choices").first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = self.course
        lessons = list(course.lessons())
        position = next((i for i, lesson in enumerate(lessons) if lesson.pk == self.pk), 0)
        enrolment = Enrolment.for_user(request.user, course)
        context.update(
            course=course,
            position=position + 1,
            lesson_count=len(lessons),
            previous_lesson=lessons[position - 1] if position > 0 else None,
            next_lesson=lessons[position + 1] if position + 1 < len(lessons) else None,
            enrolment=enrolment,
            completed=bool(enrolment) and self.pk in enrolment.completed_lesson_ids(),
            quiz=self.get_quiz(),
        )
        return context


class SecondPersonApprovalTask(AbstractGroupApprovalTask):
    """Group approval in which nobody approves their own work: a colleague must.

    Wagtail's own group approval task lets the person who submitted a page approve it
    when they are in the approving group; the school's rule is two people.
    """

    def _is_author(self, obj, user):
        """Whether ``user`` wrote any of what approval would publish: they submitted it,
        wrote the submitted revision, or edited it while it waited for review (a
        reviewer who changes the work is its co-author and needs a colleague too)."""
        state = obj.current_workflow_state
        if not state:
            return False
        task_state = obj.current_workflow_task_state
        if user.pk in {
            state.requested_by_id,
            task_state.revision.user_id if task_state else None,
        }:
            return True
        return obj.revisions.filter(user=user, created_at__gte=state.created_at).exists()

    def get_actions(self, obj, user):
        if self._is_author(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(Q(workflow_state__requested_by=user) | Q(revision__user=user))
        )

    @classmethod
    def get_description(cls):
        return gettext("Members of the chosen groups approve, but never their own changes")

    class Meta:
        verbose_name = _("second-person approval task")
        verbose_name_plural = _("second-person approval tasks")


class QuizQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)


class Quiz(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """A lesson's quiz: passing it completes the lesson.

    Staff edits are saved as revisions and go through the same two-person approval as
    lessons (the workflow is assigned to this model by a data migration): the rows in
    the database are always the published version, which is what learners answer and
    what their answers are scored against.
    """

    lesson = models.OneToOneField(
        LessonPage, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="quiz"
    )
    title = models.CharField(_("title"), max_length=200)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=60,
        help_text=_("The share of questions to get right, in %."),
        validators=[
            MinValueValidator(1, _("The pass mark is a percentage from 1 to 100.")),
            MaxValueValidator(100, _("The pass mark is a percentage from 1 to 100.")),
        ],
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="quiz")

    objects = QuizQuerySet.as_manager()

    base_form_class = QuizForm
    panels = [
        FieldPanel("lesson"),
        FieldPanel("title"),
        FieldPanel("pass_mark"),
        InlinePanel("questions", label=_("Questions"), min_num=1),
    ]

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100),
                name="quiz_pass_mark_percent",
                violation_error_message=_("The pass mark is a percentage from 1 to 100."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        """The same rules as the admin form, for quizzes built in code (demo, imports).

        The admin form checks the questions it is about to save itself (``QuizForm``):
        while it validates, the instance still holds the previous questions.
        """
        super().clean()
        if getattr(self, "_questions_checked_by_form", False):
            return
        questions = list(self.questions.all())
        if not questions:
            raise ValidationError(gettext("Add at least one question."))
        errors = [
            gettext("Question %(number)d: %(problem)s") % {"number": number, "problem": problem}
            for number, question in enumerate(questions, 1)
            for problem in answer_problems(
                question.multiple, [choice.correct for choice in question.choices.all()]
            )
        ]
        if errors:
            raise ValidationError(errors)

    @property
    def version(self):
        """Which published version a learner answers; sent back with their answers."""
        return str(self.live_revision_id or "")


class Question(ClusterableModel, Orderable):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    multiple = models.BooleanField(
        _("several answers are right"),
        default=False,
        help_text=_("Learners tick every right answer."),
    )

    panels = [
        FieldPanel("text"),
        FieldPanel("multiple"),
        InlinePanel("choices", label=_("Answers"), min_num=2),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")

    def __str__(self):
        return self.text


class Choice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("answer"), max_length=200)
    correct = models.BooleanField(_("right answer"), default=False)
    feedback = models.CharField(
        _("feedback"), max_length=300, blank=True, help_text=_("Shown to learners who pick it.")
    )

    panels = [FieldPanel("text"), FieldPanel("correct"), FieldPanel("feedback")]

    class Meta(Orderable.Meta):
        verbose_name = _("answer")

    def __str__(self):
        return self.text


class Enrolment(models.Model):
    """One person taking one course; private to them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")
        ]

    def __str__(self):
        return f"{self.user} · {self.course}"

    @classmethod
    def for_user(cls, user, course):
        if not user.is_authenticated:
            return None
        return cls.objects.filter(user=user, course=course).first()

    def completed_lesson_ids(self):
        if not hasattr(self, "_completed_ids"):
            self._completed_ids = set(self.completions.values_list("lesson_id", flat=True))
        return self._completed_ids

    def course_lessons(self):
        """The course's live lessons in order, loaded once (see ``load_progress``)."""
        if not hasattr(self, "_lessons"):
            self._lessons = list(self.course.lessons())
        return self._lessons

    def progress(self):
        """(lessons done, lessons in the course, percent), counting live lessons only."""
        lesson_ids = {lesson.pk for lesson in self.course_lessons()}
        done = len(lesson_ids & self.completed_lesson_ids())
        total = len(lesson_ids)
        return done, total, round(100 * done / total) if total else 0

    def next_lesson(self):
        """Where to resume: the first lesson not yet completed."""
        done = self.completed_lesson_ids()
        return next((lesson for lesson in self.course_lessons() if lesson.pk not in done), None)

    @classmethod
    def load_progress(cls, enrolments):
        """Load lessons and completions for many enrolments in two queries, whatever their
        number, so a list of them shows progress without a query per enrolment."""
        enrolments = list(enrolments)
        if not enrolments:
            return enrolments
        courses = Q()
        for enrolment in enrolments:
            courses |= Q(path__startswith=enrolment.course.path, depth=enrolment.course.depth + 1)
        lessons = list(
            LessonPage.objects.live()
            .public()
            .filter(courses)
            .order_by("path")
            .only("title", "path", "depth", "url_path")  # not the lesson bodies
        )
        completed = list(
            LessonCompletion.objects.filter(enrolment__in=enrolments).values_list(
                "enrolment_id", "lesson_id"
            )
        )
        for enrolment in enrolments:
            enrolment._lessons = [
                lesson for lesson in lessons if lesson.path.startswith(enrolment.course.path)
            ]
            enrolment._completed_ids = {
                lesson for owner, lesson in completed if owner == enrolment.pk
            }
        return enrolments


class LessonCompletion(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="completions")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson"], name="one_completion_per_lesson"
            )
        ]

    def __str__(self):
        return f"{self.enrolment} · {self.lesson}"


class QuizAttempt(models.Model):
    """A scored try at a quiz; kept so learners see their best result. Private to them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    score = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.quiz}: {self.score}%"


# Letters and digits that are hard to confuse when read aloud or typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_certificate_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class Certificate(models.Model):
    """Proof of a completed course; its code lets anyone check name, course and date."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(max_length=10, unique=True, default=new_certificate_code)
    name = models.CharField(max_length=150)
    course_title = models.CharField(max_length=255)
    issued_on = models.DateField(default=timezone.localdate)

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("training:certificate", args=[self.code])


class ClassQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")


class TrainingClass(models.Model):
    """An in-person class of the population school, with a fixed number of places.

    Unlike lessons and quizzes, a class is not held back for a second staff member's
    approval: it is a timetable entry, not teaching content (what is taught there is the
    linked course, which is reviewed), and its changes must take effect at once — a room
    moved or a class called off on the day cannot wait for a colleague, and people who
    registered must see the schedule that really holds. Each edit is still recorded in
    the admin's history, and the database keeps the places consistent.
    """

    title = models.CharField(_("title"), max_length=200)
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="classes",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"))

    objects = ClassQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="class_has_places",
                violation_error_message=_("A class needs at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="class_ends_after_start",
                violation_error_message=_("A class must end after it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:classes") + f"#class-{self.pk}"

    def clean(self):
        super().clean()
        if self.pk and self.capacity:
            taken = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
            if self.capacity < taken:
                raise ValidationError(
                    {
                        "capacity": gettext(
                            "%(count)d people already have a place: the class needs at least "
                            "that many places."
                        )
                        % {"count": taken}
                    }
                )

    def places_left(self):
        taken = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
        return max(self.capacity - taken, 0)


class Registration(models.Model):
    """A person's place (or place in the queue) in a class; private to them."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "user"], name="one_registration_per_class"
            )
        ]

    def __str__(self):
        return f"{self.training_class} · {self.get_status_display()}"


def next_clock_change(now):
    """When a class starts or ends, leaving the lists of upcoming classes."""
    from portal.caching import next_moment

    return next_moment(TrainingClass.objects.all(), ["starts_at", "ends_at"], now)

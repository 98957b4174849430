"""What the school's pages show: reads only. Writes are in ``services.py``."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.capabilities import NowItem, WorkItem

from .models import CoursePage, Enrolment, Registration, TrainingClass

# Groups of people smaller than this are never shown to staff, so nobody can be singled out.
SMALLEST_GROUP = 5


def learning_totals():
    """``[(course, [(community name, enrolled)])]``: enrolments and completions per course
    (annotated ``enrolled`` and ``completed``), and the breakdown by community without any
    group smaller than ``SMALLEST_GROUP``."""
    courses = CoursePage.objects.live().annotate(
        enrolled=Count("enrolments"),
        completed=Count("enrolments", filter=Q(enrolments__completed_at__isnull=False)),
    )
    rows = []
    for course in courses.order_by("path"):
        by_community = (
            Enrolment.objects.filter(course=course)
            .values("user__community__name")
            .annotate(count=Count("pk"))
            .order_by("user__community__name")
        )
        breakdown = [
            (row["user__community__name"] or _("No community"), row["count"])
            for row in by_community
            if row["count"] >= SMALLEST_GROUP
        ]
        rows.append((course, breakdown))
    return rows


def my_learning(user):
    """``user``'s enrolments with their progress, and their places in upcoming classes."""
    enrolments = Enrolment.load_progress(
        Enrolment.objects.filter(user=user)
        .select_related("course", "certificate")
        .order_by("completed_at", "-enrolled_at")
    )
    registrations = (
        Registration.objects.filter(user=user, training_class__in=TrainingClass.objects.upcoming())
        .select_related("training_class")
        .order_by("training_class__starts_at")
    )
    return enrolments, registrations


def upcoming_classes(user):
    """``[(class, the user's registration status or None)]`` for every upcoming class."""
    upcoming = TrainingClass.objects.upcoming().select_related("course")
    mine = {}
    if user.is_authenticated:
        mine = dict(
            Registration.objects.filter(user=user, training_class__in=upcoming).values_list(
                "training_class_id", "status"
            )
        )
    return [(item, mine.get(item.pk)) for item in upcoming]


def now_items(request):
    """The population school's item for ``portal.capabilities.now_items``: the next class."""
    nxt = TrainingClass.objects.upcoming().first()
    if nxt is None:
        return []
    when = date_format(timezone.localtime(nxt.starts_at), "Y-m-d H:i")
    return [
        NowItem(
            _("Next class: %(title)s") % {"title": nxt.title},
            f"{when} · {nxt.place}",
            nxt.get_absolute_url(),
            _("Register"),
            order=40,
            kind="class",
        )
    ]


def workbench_items(user):
    """What waits for school staff: lessons and quizzes sent for approval (the population
    school belongs to no one community)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import WorkflowState

    from portal.rules import is_school_staff

    from .models import LessonPage, Quiz

    if not is_school_staff(user):
        return []
    kinds = ContentType.objects.get_for_models(LessonPage, Quiz).values()
    waiting = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, content_type__in=kinds
    ).count()
    return [
        WorkItem(_("Lessons and quizzes awaiting approval"), waiting, reverse("wagtailadmin_home"))
    ]

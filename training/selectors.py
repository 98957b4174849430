"""What the school's pages show: reads only. Writes are in ``services.py``."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

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

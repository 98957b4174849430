"""The population school's views: HTTP in and out.

Each view names what it acts on and the permission it needs (``portal.access``); reads
come from ``selectors.py``, writes from ``services.py``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import caching
from portal.access import acts_on, requires
from portal.disclosure import SMALLEST, disclose

from . import selectors, services
from .certificates import certificate_pdf
from .models import (
    Certificate,
    CoursePage,
    Enrolment,
    LessonPage,
    Quiz,
    Registration,
    TrainingClass,
)


def _courses(request):
    return CoursePage.objects.live().public()


def _lessons(request):
    return LessonPage.objects.live().public()


def _quizzes(request):
    return (
        Quiz.objects.live()
        .prefetch_related("questions__choices")
        .filter(lesson__in=LessonPage.objects.live().public())
    )


@require_POST
@acts_on(_courses, "training.enrol_course", url_kwarg="course_id")
def enrol(request, course):
    enrolment = services.enrol(request.user, course)
    messages.success(request, _("You are enrolled. Only you can see your progress."))
    next_lesson = enrolment.next_lesson()
    return redirect(next_lesson.url if next_lesson else course.url)


@require_POST
@acts_on(_lessons, "training.complete_lesson", url_kwarg="lesson_id")
def complete_lesson(request, lesson):
    if lesson.get_quiz() is not None:
        messages.error(request, _("Pass the quiz to complete this lesson."))
        return redirect(lesson.url)
    enrolment = services.complete_lesson(request.user, lesson)
    return _after_completion(request, enrolment, lesson.course)


def _after_completion(request, enrolment, course):
    if enrolment.completed_at:
        messages.success(request, _("Well done: you have completed the course."))
        return redirect(enrolment.certificate.get_absolute_url())
    messages.success(request, _("Lesson completed."))
    next_lesson = enrolment.next_lesson()
    return redirect(next_lesson.url if next_lesson else course.url)


@acts_on(_quizzes, "training.take_quiz", url_kwarg="quiz_id")
def quiz(request, quiz):
    if request.method != "POST":
        return redirect(quiz.lesson.url + "#quiz")
    if request.POST.get("version", "") != quiz.version:
        # A colleague's approval published new questions after this form was shown: the
        # answers were to other questions, so they are neither scored nor recorded.
        messages.warning(
            request, _("This quiz was updated while you were answering. Please answer it again.")
        )
        return redirect(quiz.lesson.url + "#quiz")
    result = services.submit_quiz(request.user, quiz, request.POST)
    # After a pass: how far the course is, and the certificate when this was the last lesson.
    enrolment = Enrolment.for_user(request.user, quiz.lesson.course) if result.passed else None
    return render(
        request,
        "training/quiz_result.html",
        {"quiz": quiz, "result": result, "enrolment": enrolment},
    )


@login_required
@caching.cache_for_user
def my_learning(request):
    enrolments, registrations = selectors.my_learning(request.user)
    return render(
        request,
        "training/my_learning.html",
        {"enrolments": enrolments, "registrations": registrations},
    )


def on_certificate(view):
    """A view of the signed-in user's own certificate named by ``code`` (anyone else's: 404)."""
    return login_required(
        acts_on(Certificate.objects.select_related("enrolment"), lookup="code")(view)
    )


@on_certificate
def certificate(request, certificate):
    return render(request, "training/certificate.html", {"certificate": certificate})


@on_certificate
def certificate_download(request, certificate):
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


def verify(request):
    """Anyone may check a code; only the name, course and date are revealed."""
    code = request.GET.get("code", "").strip().upper()[:20]
    # A code is letters and digits only: anything else (a NUL byte, say) names no certificate.
    found = Certificate.objects.filter(code=code).first() if code.isalnum() else None
    return render(request, "training/verify.html", {"code": code, "found": found})


def classes(request):
    return render(
        request,
        "training/classes.html",
        {"classes": selectors.upcoming_classes(request.user), "Status": Registration.Status},
    )


def _registration_closed(request, training_class):
    messages.error(request, _("This class has begun: registration is closed."))
    return redirect("training:classes")


def on_class(perm):
    """A registration view for the class named by ``class_id`` (closed classes: a message)."""

    def decorator(view):
        return require_POST(
            login_required(
                acts_on(TrainingClass, perm, url_kwarg="class_id", refused=_registration_closed)(
                    view
                )
            )
        )

    return decorator


@on_class("training.register_class")
def register(request, training_class):
    registration = services.register(training_class, request.user)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered. We will remind you the day before."))
    else:
        messages.info(
            request,
            _("The class is full: you are on the waiting list. We will tell you if a place opens."),
        )
    return redirect("training:classes")


@on_class("training.cancel_registration")
def cancel(request, training_class):
    if services.cancel_registration(training_class, request.user):
        messages.success(request, _("Your registration is cancelled."))
    return redirect("training:classes")


@requires("training.see_learning_totals")
def totals(request):
    """Course-level totals for staff, by the small-groups rule (portal.disclosure): no group
    under five is shown, and no total minus its parts gives one away."""
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
        breakdown = {
            row["user__community__name"] or _("No community"): row["count"] for row in by_community
        }
        shown = disclose(course.enrolled, breakdown, {"completed": course.completed})
        rows.append((course, shown.total, shown.parts[1]["completed"], shown.parts[0].items()))
    return render(request, "training/totals.html", {"rows": rows, "smallest_group": SMALLEST})

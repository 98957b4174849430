from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from portal import caching

from . import quizzes
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

# Groups of people smaller than this are never shown to staff, so nobody can be singled out.
SMALLEST_GROUP = 5


def _course(request, course_id):
    return get_object_or_404(CoursePage.objects.live().public(), pk=course_id)


def _lesson(request, lesson_id):
    return get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id)


@require_POST
@permission_required("training.enrol_course")
def enrol(request, course_id):
    course = _course(request, course_id)
    enrolment = Enrolment.enrol(request.user, course)
    messages.success(request, _("You are enrolled. Only you can see your progress."))
    next_lesson = enrolment.next_lesson()
    return redirect(next_lesson.url if next_lesson else course.url)


@require_POST
@permission_required("training.complete_lesson")
def complete_lesson(request, lesson_id):
    lesson = _lesson(request, lesson_id)
    if lesson.get_quiz() is not None:
        messages.error(request, _("Pass the quiz to complete this lesson."))
        return redirect(lesson.url)
    course = lesson.course
    enrolment = Enrolment.enrol(request.user, course)
    enrolment.complete(lesson)
    return _after_completion(request, enrolment, course)


def _after_completion(request, enrolment, course):
    if enrolment.completed_at:
        messages.success(request, _("Well done: you have completed the course."))
        return redirect(enrolment.certificate.get_absolute_url())
    messages.success(request, _("Lesson completed."))
    next_lesson = enrolment.next_lesson()
    return redirect(next_lesson.url if next_lesson else course.url)


@permission_required("training.take_quiz")
def quiz(request, quiz_id):
    quiz = get_object_or_404(
        Quiz.objects.live()
        .prefetch_related("questions__choices")
        .filter(lesson__in=LessonPage.objects.live().public()),
        pk=quiz_id,
    )
    if request.method != "POST":
        return redirect(quiz.lesson.url + "#quiz")
    if request.POST.get("version", "") != quiz.version:
        # A colleague's approval published new questions after this form was shown: the
        # answers were to other questions, so they are neither scored nor recorded.
        messages.warning(
            request, _("This quiz was updated while you were answering. Please answer it again.")
        )
        return redirect(quiz.lesson.url + "#quiz")
    result = quizzes.submit(request.user, quiz, request.POST)
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
    enrolments = Enrolment.load_progress(
        Enrolment.objects.filter(user=request.user)
        .select_related("course", "certificate")
        .order_by("completed_at", "-enrolled_at")
    )
    registrations = (
        Registration.objects.filter(
            user=request.user, training_class__in=TrainingClass.objects.upcoming()
        )
        .select_related("training_class")
        .order_by("training_class__starts_at")
    )
    return render(
        request,
        "training/my_learning.html",
        {"enrolments": enrolments, "registrations": registrations},
    )


def _own_certificate(request, code):
    return get_object_or_404(Certificate, code=code, enrolment__user=request.user)


@login_required
def certificate(request, code):
    certificate = _own_certificate(request, code)
    return render(request, "training/certificate.html", {"certificate": certificate})


@login_required
def certificate_download(request, code):
    certificate = _own_certificate(request, code)
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


def verify(request):
    """Anyone may check a code; only the name, course and date are revealed."""
    code = request.GET.get("code", "").strip().upper()[:20]
    found = Certificate.objects.filter(code=code).first() if code else None
    return render(request, "training/verify.html", {"code": code, "found": found})


def classes(request):
    upcoming = TrainingClass.objects.upcoming().select_related("course")
    mine = {}
    if request.user.is_authenticated:
        mine = dict(
            Registration.objects.filter(user=request.user, training_class__in=upcoming).values_list(
                "training_class_id", "status"
            )
        )
    listed = [(item, mine.get(item.pk)) for item in upcoming]
    return render(
        request, "training/classes.html", {"classes": listed, "Status": Registration.Status}
    )


def _class_action(permission, act):
    """A class registration view: ``act(training_class, user)`` when the permission allows."""

    @require_POST
    @login_required
    def view(request, class_id):
        training_class = get_object_or_404(TrainingClass, pk=class_id)
        if request.user.has_perm(permission, training_class):
            act(request, training_class)
        else:
            messages.error(request, _("This class has begun: registration is closed."))
        return redirect("training:classes")

    return view


def _register(request, training_class):
    registration = training_class.register(request.user)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered. We will remind you the day before."))
    else:
        messages.info(
            request,
            _("The class is full: you are on the waiting list. We will tell you if a place opens."),
        )


def _cancel(request, training_class):
    if training_class.cancel(request.user):
        messages.success(request, _("Your registration is cancelled."))


register = _class_action("training.register_class", _register)
cancel = _class_action("training.cancel_registration", _cancel)


@permission_required("training.see_learning_totals")
def totals(request):
    """Course-level totals for staff; the breakdown by community hides groups under five."""
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
    return render(request, "training/totals.html", {"rows": rows, "smallest_group": SMALLEST_GROUP})

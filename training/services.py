"""What learners and the school do, each in one transaction: enrolling, completing lessons,
quizzes, certificates, class places and reminders. Every write and notification of the
population school goes through here; models hold data, views translate HTTP."""

from datetime import timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.notifications import notify

from . import quizzes
from .models import (
    Certificate,
    Enrolment,
    LessonCompletion,
    QuizAttempt,
    Registration,
    TrainingClass,
)


def enrol(user, course):
    """``user``'s enrolment in ``course``, made on first asking."""
    enrolment, _created = Enrolment.objects.get_or_create(user=user, course=course)
    return enrolment


@transaction.atomic
def complete_lesson(user, lesson):
    """Record ``lesson`` as done (enrolling ``user`` in its course if needed); completing the
    last one finishes the course and issues the certificate. Returns the enrolment."""
    enrolment = enrol(user, lesson.course)
    LessonCompletion.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    enrolment.__dict__.pop("_completed_ids", None)
    done, total, _percent = enrolment.progress()
    if done == total and enrolment.completed_at is None:
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at"])
        issue_certificate(enrolment)
    return enrolment


def issue_certificate(enrolment):
    """The certificate of a completed course, with the learner's name as it is now (once)."""
    user = enrolment.user
    certificate, _created = Certificate.objects.get_or_create(
        enrolment=enrolment,
        defaults={
            "name": user.legal_name or user.public_name,
            "course_title": enrolment.course.title,
        },
    )
    return certificate


@transaction.atomic
def submit_quiz(user, quiz, data):
    """Score and record an attempt at ``quiz``; passing completes its lesson."""
    result = quizzes.score(quiz, data)
    QuizAttempt.objects.create(user=user, quiz=quiz, score=result.score, passed=result.passed)
    if result.passed:
        complete_lesson(user, quiz.lesson)
    return result


@transaction.atomic
def register(training_class, user):
    """Give ``user`` a place, or a place on the waiting list when the class is full.

    The class row is locked so that concurrent registrations never exceed capacity.
    """
    locked = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    existing = locked.registrations.filter(user=user).first()
    if existing is not None:
        return existing
    status = (
        Registration.Status.CONFIRMED if locked.places_left() > 0 else Registration.Status.WAITING
    )
    return locked.registrations.create(user=user, status=status)


@transaction.atomic
def cancel_registration(training_class, user):
    """Give up ``user``'s place; the first person waiting gets it and is told."""
    locked = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    registration = locked.registrations.filter(user=user).first()
    if registration is None:
        return None
    registration.delete()
    waiting = locked.registrations.filter(status=Registration.Status.WAITING)
    promoted = waiting.order_by("created_at", "pk").first() if locked.places_left() else None
    if promoted is not None:
        promoted.status = Registration.Status.CONFIRMED
        promoted.save(update_fields=["status"])
        notify(
            [promoted.user],
            _("A place opened up: you are now registered for the class “%(title)s”.")
            % {"title": locked.title},
            locked.get_absolute_url(),
            by_sms=True,
        )
    return registration


def send_class_reminders(today=None):
    """Remind everyone with a place in a class that starts tomorrow; each registration once
    (``reminded_at``), so running it again sends nothing twice. Returns how many were sent."""
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminded_at__isnull=True,
        training_class__starts_at__date=tomorrow,
    ).select_related("training_class", "user")
    sent = 0
    for registration in due:
        claimed = Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(
            reminded_at=timezone.now()
        )
        if not claimed:
            continue
        training_class = registration.training_class
        message = _("Reminder: the class “%(title)s” is tomorrow at %(time)s, %(place)s.") % {
            "title": training_class.title,
            "time": formats.time_format(timezone.localtime(training_class.starts_at)),
            "place": training_class.place,
        }
        notify([registration.user], message, training_class.get_absolute_url(), by_sms=True)
        sent += 1
    return sent

"""What the population school holds about a person, and how it is erased."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.personal_data.services import Section, rows

from .models import Certificate, Enrolment, LessonCompletion, QuizAttempt, Registration
from .services import cancel_registration


def export(user):
    enrolments = Enrolment.objects.filter(user=user).select_related("course")
    return {
        Enrolment._meta.label: Section(
            _("Your courses and progress"),
            [
                {
                    "course": enrolment.course.title,
                    "enrolled_at": enrolment.enrolled_at,
                    "completed_at": enrolment.completed_at,
                    # Progress: the lessons finished, each with when.
                    "lessons_completed": rows(
                        LessonCompletion.objects.filter(enrolment=enrolment).order_by(
                            "completed_at"
                        ),
                        "lesson__title",
                        "completed_at",
                    ),
                }
                for enrolment in enrolments.order_by("enrolled_at")
            ],
            {
                "course": _("course"),
                "enrolled_at": _("enrolled at"),
                "completed_at": _("completed at"),
                "lessons_completed": _("lessons completed"),
            },
        ),
        Certificate._meta.label: Section(
            _("Your certificates"),
            rows(
                Certificate.objects.filter(enrolment__user=user),
                "code",
                "name",
                "course_title",
                "issued_on",
            ),
            {
                "code": _("certificate code"),
                "name": _("name"),
                "course_title": _("course"),
                "issued_on": _("issued on"),
            },
        ),
        QuizAttempt._meta.label: Section(
            _("Your quiz attempts"),
            rows(
                QuizAttempt.objects.filter(user=user).order_by("created_at"),
                "quiz__title",
                "score",
                "passed",
                "created_at",
            ),
            {
                "quiz__title": _("quiz"),
                "score": pgettext("my data", "score"),
                "passed": pgettext("my data", "passed"),
                "created_at": _("taken at"),
            },
        ),
        Registration._meta.label: Section(
            _("Your class places"),
            rows(
                Registration.objects.filter(user=user).order_by("created_at"),
                "training_class__title",
                "status",
                "created_at",
            ),
            {
                "training_class__title": _("class"),
                "status": _("status"),
                "created_at": _("registered at"),
            },
        ),
    }


def erase(user):
    """Certificates are revoked (their code no longer checks out), class places are given
    up (the first person waiting gets them), enrolments, progress and quiz attempts go."""
    Certificate.objects.filter(enrolment__user=user).delete()
    for registration in Registration.objects.filter(user=user).select_related("training_class"):
        cancel_registration(registration.training_class, user)
    QuizAttempt.objects.filter(user=user).delete()
    Enrolment.objects.filter(user=user).delete()  # their lesson completions with them

import pytest
from django.core.management import call_command

from training.models import CoursePage, LifeStage, Quiz, TrainingClass

pytestmark = pytest.mark.django_db


def test_the_demo_school_has_a_course_per_stage_with_lessons_a_quiz_and_classes():
    from portal import demo
    from training import demo as training_demo

    context = demo.build()
    training_demo.build(context)
    training_demo.build(context)  # idempotent

    courses = CoursePage.objects.live()
    assert sorted(courses.values_list("life_stage", flat=True)) == sorted(LifeStage.values)
    for course in courses:
        assert course.lessons().count() >= 3
        quizzes = Quiz.objects.live().filter(lesson__in=course.lessons())
        assert quizzes.count() == 1
        assert quizzes.get().live_revision is not None  # published, with its revision
        assert not quizzes.get().has_unpublished_changes
    assert TrainingClass.objects.count() == 3
    call_command("setup_training_permissions")

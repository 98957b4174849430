import pytest
from django.db import IntegrityError, transaction

from training.models import Certificate, Enrolment

pytestmark = pytest.mark.django_db


def test_one_enrolment_per_person_per_course_is_a_database_rule(learner, course):
    Enrolment.objects.create(user=learner, course=course)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(user=learner, course=course)


def test_enrolling_twice_keeps_one_enrolment_and_sends_the_learner_to_the_first_lesson(
    client, learner, course, lessons
):
    client.force_login(learner)
    client.post(f"/training/courses/{course.pk}/enrol/")
    response = client.post(f"/training/courses/{course.pk}/enrol/")

    assert Enrolment.objects.filter(user=learner, course=course).count() == 1
    assert response["Location"] == lessons[0].url


def test_completing_lessons_moves_the_progress_bar_and_the_resume_point(
    client, learner, course, lessons
):
    client.force_login(learner)
    response = client.post(f"/training/lessons/{lessons[0].pk}/complete/")

    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.progress() == (1, 3, 33)
    assert enrolment.next_lesson().pk == lessons[1].pk
    assert response["Location"] == lessons[1].url
    page = client.get(course.url).content.decode()
    assert '<rect width="33" height="12"' in page
    assert f'href="{lessons[1].url}">' in page
    assert '<rect width="33" height="12"' in client.get("/training/my/").content.decode()


def test_completing_the_last_lesson_finishes_the_course_with_a_certificate(
    client, learner, course, lessons
):
    client.force_login(learner)
    for lesson in lessons:
        response = client.post(f"/training/lessons/{lesson.pk}/complete/")

    certificate = Certificate.objects.get(enrolment__user=learner)
    assert response["Location"] == certificate.get_absolute_url()
    assert certificate.course_title == course.title
    assert Enrolment.objects.get(user=learner).completed_at is not None


def test_anyone_can_read_a_lesson_without_an_account(client, lessons):
    response = client.get(lessons[0].url)
    assert response.status_code == 200
    assert "课文 1" in response.content.decode()


def test_a_draft_lesson_cannot_be_completed(client, learner, lessons):
    lessons[1].unpublish()
    client.force_login(learner)
    assert client.post(f"/training/lessons/{lessons[1].pk}/complete/").status_code == 404

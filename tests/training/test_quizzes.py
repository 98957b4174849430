import pytest
from django.http import QueryDict

from training import quizzes
from training.models import Enrolment, QuizAttempt

from .conftest import answers

pytestmark = pytest.mark.django_db


def _data(mapping):
    data = QueryDict(mutable=True)
    for key, values in mapping.items():
        data.setlist(key, values)
    return data


def test_all_right_answers_pass(quiz):
    result = quizzes.score(quiz, _data(answers(quiz, [0], [0, 1])))
    assert (result.right, result.score, result.passed) == (2, 100, True)


def test_a_multiple_choice_question_needs_every_right_answer_and_no_wrong_one(quiz):
    assert quizzes.score(quiz, _data(answers(quiz, [0], [0]))).right == 1
    assert quizzes.score(quiz, _data(answers(quiz, [0], [0, 1, 2]))).right == 1


def test_feedback_belongs_to_the_chosen_answer(quiz):
    result = quizzes.score(quiz, _data(answers(quiz, [1], [2])))
    assert [c.feedback for a in result.answers for c in a.chosen] == [
        "不能防性病。",
        "国家免费提供。",
    ]
    assert not result.passed


def _tampered(quiz):
    first, second = quiz.questions.all()
    single_right = str(first.choices.get(correct=True).pk)
    multiple = [str(c.pk) for c in second.choices.filter(correct=True)]
    cases = {
        "unknown choice id": {f"q{first.pk}": ["999999"], f"q{second.pk}": multiple},
        "choice of another question": {f"q{first.pk}": [multiple[0]], f"q{second.pk}": multiple},
        "two answers to a single-choice question": {
            f"q{first.pk}": [single_right, str(first.choices.get(correct=False).pk)],
            f"q{second.pk}": multiple,
        },
        "not a number": {f"q{first.pk}": ["1 OR 1=1"], f"q{second.pk}": multiple},
        "nothing answered": {f"q{second.pk}": multiple},
    }
    return {case: {**data, "version": quiz.version} for case, data in cases.items()}


@pytest.mark.parametrize(
    "case",
    [
        "unknown choice id",
        "choice of another question",
        "two answers to a single-choice question",
        "not a number",
        "nothing answered",
    ],
)
def test_tampered_answers_count_as_wrong_on_the_server(client, learner, quiz, case):
    client.force_login(learner)
    response = client.post(f"/training/quizzes/{quiz.pk}/", _tampered(quiz)[case])

    assert response.status_code == 200
    attempt = QuizAttempt.objects.get(user=learner)
    assert (attempt.score, attempt.passed) == (50, False)
    assert not Enrolment.objects.filter(user=learner).exists()


def test_passing_the_quiz_completes_its_lesson_and_a_retry_is_allowed(client, learner, quiz):
    client.force_login(learner)
    response = client.post(f"/training/quizzes/{quiz.pk}/", answers(quiz, [1], [0]))
    assert "国家免费提供" not in response.content.decode()
    assert QuizAttempt.objects.filter(user=learner, passed=False).count() == 1

    response = client.post(f"/training/quizzes/{quiz.pk}/", answers(quiz, [0], [0, 1]))

    assert response.status_code == 200
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.completed_lesson_ids() == {quiz.lesson_id}
    assert QuizAttempt.objects.filter(user=learner).count() == 2


def test_anonymous_visitors_are_sent_to_log_in_to_take_a_quiz(client, quiz):
    response = client.post(f"/training/quizzes/{quiz.pk}/", answers(quiz, [0], [0, 1]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not QuizAttempt.objects.exists()


def test_a_lesson_with_a_quiz_is_not_completed_by_the_button(client, learner, quiz):
    client.force_login(learner)
    client.post(f"/training/lessons/{quiz.lesson_id}/complete/")
    assert not Enrolment.objects.filter(user=learner, completions__isnull=False).exists()


def test_passing_the_last_quiz_links_the_certificate(client, learner, quiz, lessons):
    client.force_login(learner)
    for lesson in lessons[:-1]:
        client.post(f"/training/lessons/{lesson.pk}/complete/")

    response = client.post(f"/training/quizzes/{quiz.pk}/", answers(quiz, [0], [0, 1]))

    certificate = Enrolment.objects.get(user=learner).certificate
    assert f'href="{certificate.get_absolute_url()}"' in response.text
    assert "结业证书已经准备好" in response.text


def test_passing_a_quiz_before_the_course_is_done_says_what_is_left(client, learner, quiz, lessons):
    client.force_login(learner)

    response = client.post(f"/training/quizzes/{quiz.pk}/", answers(quiz, [0], [0, 1]))

    assert "已学完 1 课，共 3 课。全部学完就能拿到结业证书。" in response.text
    assert f'href="{lessons[0].url}"' in response.text  # the next lesson to do
    assert "/training/certificates/" not in response.text

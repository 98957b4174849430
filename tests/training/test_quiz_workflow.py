"""Quiz changes go through the same two-person approval as lessons, in the real admin."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from training.models import Quiz, QuizAttempt

from .conftest import answers

pytestmark = pytest.mark.django_db

OLD_QUESTION = "哪种方法能防性病？"
NEW_QUESTION = "安全套要在什么时候戴上？"


def quiz_form_data(quiz, action=None, **changes):
    """The admin form of ``quiz`` as it is, with the first question's text changed to
    ``changes["first_question"]`` when given; ``action`` names the button pressed."""
    questions = list(quiz.questions.all())
    rows = []
    for number, question in enumerate(questions):
        choices = list(question.choices.all())
        rows.append(
            {
                "id": question.pk,
                "text": changes.get("first_question", question.text)
                if number == 0
                else question.text,
                "multiple": question.multiple,
                "choices": inline_formset(
                    [
                        {
                            "id": choice.pk,
                            "text": choice.text,
                            "correct": choice.correct,
                            "feedback": choice.feedback,
                        }
                        for choice in choices
                    ],
                    initial=len(choices),
                ),
            }
        )
    data = nested_form_data(
        {
            "lesson": quiz.lesson_id,
            "title": quiz.title,
            "pass_mark": quiz.pass_mark,
            "questions": inline_formset(rows, initial=len(rows)),
        }
    )
    if action:
        data[f"action-{action}"] = "1"
    return data


def _url(name, *args):
    return reverse(f"wagtailsnippets_training_quiz:{name}", args=args)


def _submit(client, author, quiz, text=NEW_QUESTION):
    client.force_login(author)
    response = client.post(
        _url("edit", quiz.pk), quiz_form_data(quiz, "submit", first_question=text)
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    quiz = Quiz.objects.get(pk=quiz.pk)
    assert quiz.workflow_in_progress
    return quiz


def _act(client, user, quiz, action, comment=""):
    client.force_login(user)
    task_state = quiz.current_workflow_task_state
    return client.post(
        _url("workflow_action", quiz.pk, action, task_state.pk), {"comment": comment}
    )


def _lesson_seen_by(client, learner, quiz):
    client.force_login(learner)
    return client.get(quiz.lesson.url).content.decode()


def test_the_quiz_workflow_is_the_two_person_approval(quiz):
    from training import permissions

    assert quiz.get_workflow().name == permissions.WORKFLOW_NAME


def test_an_edit_waits_for_a_colleague_and_learners_keep_the_published_questions(
    client, staff_pair, quiz, learner
):
    author, colleague = staff_pair
    quiz = _submit(client, author, quiz)

    page = _lesson_seen_by(client, learner, quiz)
    assert OLD_QUESTION in page and NEW_QUESTION not in page
    assert Quiz.objects.get(pk=quiz.pk).questions.first().text == OLD_QUESTION

    # The author cannot approve their own change.
    assert quiz.current_workflow_task.get_actions(quiz, author) == []
    response = _act(client, author, quiz, "approve")
    assert response["Location"] == "/admin/"  # Wagtail's answer to PermissionDenied
    assert OLD_QUESTION in _lesson_seen_by(client, learner, quiz)
    assert quiz.current_workflow_task_state.status == "in_progress"

    # A colleague approves: now learners get the new question.
    response = _act(client, colleague, quiz, "approve")
    assert response.status_code == 302
    page = _lesson_seen_by(client, learner, quiz)
    assert NEW_QUESTION in page and OLD_QUESTION not in page
    assert WorkflowState.objects.get(object_id=str(quiz.pk)).status == "approved"
    quiz.refresh_from_db()
    assert (quiz.live, quiz.has_unpublished_changes) == (True, False)


def test_an_author_cannot_publish_a_quiz_past_the_workflow(client, staff_pair, quiz, learner):
    author, _ = staff_pair
    client.force_login(author)
    client.post(_url("edit", quiz.pk), quiz_form_data(quiz, "publish", first_question="改了"))

    assert not author.has_perm("training.publish_quiz")
    assert OLD_QUESTION in _lesson_seen_by(client, learner, quiz)
    client.force_login(author)
    assert client.post(_url("unpublish", quiz.pk)).status_code in (302, 403)
    assert Quiz.objects.get(pk=quiz.pk).live
    assert client.post(_url("delete", quiz.pk)).status_code in (302, 403)
    assert Quiz.objects.filter(pk=quiz.pk).exists()


def test_a_rejection_comment_reaches_the_author_and_nothing_goes_live(
    client, staff_pair, quiz, learner
):
    author, colleague = staff_pair
    quiz = _submit(client, author, quiz)

    _act(client, colleague, quiz, "reject", comment="请写清楚是每次同房前戴上")

    assert OLD_QUESTION in _lesson_seen_by(client, learner, quiz)
    client.force_login(author)
    page = client.get(_url("edit", quiz.pk)).content.decode()
    assert "请写清楚是每次同房前戴上" in page
    assert NEW_QUESTION in page  # the author's draft is kept for the next try


def test_answers_to_questions_replaced_meanwhile_are_not_scored(client, staff_pair, quiz, learner):
    author, colleague = staff_pair
    shown = answers(quiz, [0], [0, 1])  # the form as the learner got it, all right
    quiz = _submit(client, author, quiz)
    _act(client, colleague, quiz, "approve")

    client.force_login(learner)
    response = client.post(f"/training/quizzes/{quiz.pk}/", shown)

    assert response.status_code == 302 and response["Location"].endswith("#quiz")
    assert not QuizAttempt.objects.exists()
    response = client.post(
        f"/training/quizzes/{quiz.pk}/", answers(Quiz.objects.get(pk=quiz.pk), [0], [0, 1])
    )
    assert QuizAttempt.objects.get(user=learner).passed


def test_a_new_quiz_stays_hidden_until_a_colleague_approves_it(
    client, staff_pair, lessons, learner
):
    author, colleague = staff_pair
    client.force_login(author)
    data = nested_form_data(
        {
            "lesson": lessons[0].pk,
            "title": "第一课小测验",
            "pass_mark": 50,
            "questions": inline_formset(
                [
                    {
                        "text": "新问题",
                        "multiple": False,
                        "choices": inline_formset(
                            [
                                {"text": "对", "correct": True, "feedback": ""},
                                {"text": "错", "correct": False, "feedback": ""},
                            ]
                        ),
                    }
                ]
            ),
        }
    )
    data["action-submit"] = "1"
    assert client.post(_url("add"), data).status_code == 302
    quiz = Quiz.objects.get(lesson=lessons[0])
    assert not quiz.live

    page = _lesson_seen_by(client, learner, quiz)
    assert "新问题" not in page
    assert client.post(f"/training/quizzes/{quiz.pk}/", {"version": ""}).status_code == 404
    # Without a published quiz the lesson is completed by its button.
    client.post(f"/training/lessons/{lessons[0].pk}/complete/")
    assert learner.pk in set(
        lessons[0].get_parent().specific.enrolments.values_list("user_id", flat=True)
    )

    _act(client, colleague, quiz, "approve")
    assert "新问题" in _lesson_seen_by(client, learner, quiz)


def test_a_reviewer_who_edits_the_work_needs_a_third_colleague(
    client, staff_pair, quiz, learner, community
):
    from portal.factories import school_staff_user

    author, colleague = staff_pair
    quiz = _submit(client, author, quiz)
    client.force_login(colleague)
    client.post(_url("edit", quiz.pk), quiz_form_data(quiz, first_question="同事改过的问题"))
    quiz = Quiz.objects.get(pk=quiz.pk)

    assert quiz.current_workflow_task.get_actions(quiz, colleague) == []
    assert _act(client, colleague, quiz, "approve")["Location"] == "/admin/"
    assert OLD_QUESTION in _lesson_seen_by(client, learner, quiz)

    third = school_staff_user(community=community)
    assert _act(client, third, quiz, "approve").status_code == 302
    assert "同事改过的问题" in _lesson_seen_by(client, learner, quiz)

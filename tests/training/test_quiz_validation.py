"""A quiz cannot be saved unless every question can be answered correctly."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from training.models import Choice, Question, Quiz

from .test_quiz_workflow import quiz_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(staff_pair):
    """The author, reading the admin in English so that the messages checked here do not
    depend on the state of the Chinese catalogue (Chinese is the default)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(staff_pair[0])
    profile.preferred_language = "en"
    profile.save()
    return staff_pair[0]


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


NEEDS_ONE = "Mark the one right answer."
ONLY_ONE = "Only one answer can be right here"
AT_LEAST_ONE = "Mark at least one answer as right."
TWO_ANSWERS = "Give the question at least two answers."
PASS_MARK = "The pass mark is a percentage from 1 to 100."


def _new_quiz(lesson, multiple, answers, pass_mark=60, deleted=()):
    """Admin form data for a new quiz with one question; ``answers``: (text, right)."""
    choices = inline_formset(
        [{"text": text, "correct": right, "feedback": ""} for text, right in answers]
    )
    for index in deleted:
        choices[f"{index}-DELETE"] = "1"
    return nested_form_data(
        {
            "lesson": lesson.pk,
            "title": "测验",
            "pass_mark": pass_mark,
            "questions": inline_formset(
                [{"text": "问题", "multiple": multiple, "choices": choices}]
            ),
        }
    )


CASES = {
    "single choice, no right answer": (False, [("甲", False), ("乙", False)], 60, (), NEEDS_ONE),
    "single choice, two right answers": (False, [("甲", True), ("乙", True)], 60, (), ONLY_ONE),
    "multiple choice, no right answer": (
        True,
        [("甲", False), ("乙", False)],
        60,
        (),
        AT_LEAST_ONE,
    ),
    "a single answer": (True, [("甲", True)], 60, (), TWO_ANSWERS),
    "the right answer deleted": (
        False,
        [("甲", True), ("乙", False), ("丙", False)],
        60,
        (0,),
        NEEDS_ONE,
    ),
    "pass mark 0": (False, [("甲", True), ("乙", False)], 0, (), PASS_MARK),
    "pass mark 101": (False, [("甲", True), ("乙", False)], 101, (), PASS_MARK),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("action", ["", "submit"])
def test_the_admin_refuses_an_unanswerable_quiz_and_saves_nothing(
    client, author, lessons, case, action
):
    multiple, answers, pass_mark, deleted, message = CASES[case]
    data = _new_quiz(lessons[0], multiple, answers, pass_mark, deleted)
    if action:
        data[f"action-{action}"] = "1"
    client.force_login(author)

    response = client.post(reverse("wagtailsnippets_training_quiz:add"), data)

    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
    assert message in response.content.decode()
    assert not Quiz.objects.exists()
    assert not Question.objects.exists() and not Choice.objects.exists()


def test_a_valid_quiz_with_a_deleted_wrong_answer_is_saved(client, author, lessons):
    data = _new_quiz(lessons[0], False, [("甲", True), ("乙", False), ("丙", False)], deleted=(2,))
    client.force_login(author)
    assert client.post(reverse("wagtailsnippets_training_quiz:add"), data).status_code == 302
    assert list(Quiz.objects.get().questions.get().choices.values_list("text", flat=True)) == [
        "甲",
        "乙",
    ]


def test_an_invalid_edit_of_a_live_quiz_leaves_no_revision(client, author, quiz):
    data = quiz_form_data(quiz, "submit")
    for index in range(quiz.questions.first().choices.count()):
        data[f"questions-0-choices-{index}-correct"] = ""  # nothing right any more
    revisions = Revision.objects.count()
    client.force_login(author)

    response = client.post(reverse("wagtailsnippets_training_quiz:edit", args=[quiz.pk]), data)

    assert response.status_code == 200
    assert NEEDS_ONE in response.content.decode()
    assert Revision.objects.count() == revisions
    quiz.refresh_from_db()
    assert not quiz.workflow_in_progress and not quiz.has_unpublished_changes


def _quiz(lesson, *questions, pass_mark=60):
    quiz = Quiz(lesson=lesson, title="测验", pass_mark=pass_mark)
    quiz.questions = [
        Question(
            text=f"问题{number}",
            multiple=multiple,
            choices=[Choice(text=f"答案{n}", correct=right) for n, right in enumerate(rights)],
        )
        for number, (multiple, rights) in enumerate(questions, 1)
    ]
    return quiz


def test_model_validation_names_each_broken_question(english, lessons):
    quiz = _quiz(lessons[0], (False, [True, False]), (False, [True, True]), (True, [False]))
    with pytest.raises(ValidationError) as error:
        quiz.full_clean()
    messages = error.value.messages
    assert any(m.startswith("Question 2: ") and ONLY_ONE in m for m in messages)
    assert f"Question 3: {TWO_ANSWERS}" in messages
    assert f"Question 3: {AT_LEAST_ONE}" in messages
    assert not any(m.startswith("Question 1") for m in messages)


def test_model_validation_needs_a_question_and_a_pass_mark_in_range(english, lessons):
    with pytest.raises(ValidationError, match="Add at least one question"):
        _quiz(lessons[0]).full_clean()
    with pytest.raises(ValidationError) as error:
        _quiz(lessons[0], (False, [True, False]), pass_mark=150).full_clean()
    assert error.value.message_dict["pass_mark"] == [PASS_MARK]
    _quiz(lessons[0], (False, [True, False]), (True, [True, True, False])).full_clean()


def test_saving_a_revision_in_code_validates_too(lessons):
    quiz = _quiz(lessons[0], (False, [False, False]))
    quiz.save()
    with pytest.raises(ValidationError):
        quiz.save_revision()

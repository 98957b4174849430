from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import WorkflowState

from portal.factories import UserFactory, school_staff_user, staff_user
from training import permissions
from training.models import LessonPage, Quiz, TrainingClass

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "verified_resident", "leader", "school_staff", "community_staff"]


@pytest.fixture
def users(community, leader):
    return {
        "anonymous": None,
        "resident": UserFactory(community=community),
        "verified_resident": UserFactory(community=community, verified=True),
        "leader": leader,
        "school_staff": school_staff_user(community=community),
        "community_staff": staff_user(community=community),
    }


def _class(course, days):
    starts = timezone.now() + timedelta(days=days)
    return TrainingClass.objects.create(
        title="课",
        course=course,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        place="活动室",
        capacity=10,
    )


# verb → (object maker, roles allowed); every other role is refused.
SIGNED_IN = set(ROLES) - {"anonymous"}
MATRIX = {
    "training.enrol_course": (lambda course: course, SIGNED_IN),
    "training.complete_lesson": (lambda course: None, SIGNED_IN),
    "training.take_quiz": (lambda course: None, SIGNED_IN),
    "training.register_class": (lambda course: _class(course, 2), SIGNED_IN),
    "training.cancel_registration": (lambda course: _class(course, 2), SIGNED_IN),
    "training.see_learning_totals": (lambda course: None, {"school_staff"}),
}


@pytest.mark.parametrize("verb", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(users, course, role, verb):
    from django.contrib.auth.models import AnonymousUser

    make, allowed = MATRIX[verb]
    user = users[role] or AnonymousUser()
    assert user.has_perm(verb, make(course)) is (role in allowed)


@pytest.mark.parametrize("verb", ["training.register_class", "training.cancel_registration"])
def test_nobody_registers_for_or_cancels_a_class_that_has_begun(users, course, verb):
    assert not users["resident"].has_perm(verb, _class(course, -1))


def test_school_staff_edit_only_inside_the_school_and_never_publish(staff_pair, home, course):
    author, _ = staff_pair
    assert not home.permissions_for_user(author).can_edit()
    assert not home.permissions_for_user(author).can_add_subpage()
    assert course.permissions_for_user(author).can_edit()
    assert course.permissions_for_user(author).can_add_subpage()
    assert not course.permissions_for_user(author).can_publish()


def test_school_staff_cannot_open_pages_outside_the_school_in_the_admin(client, staff_pair, home):
    client.force_login(staff_pair[0])
    response = client.get(f"/admin/pages/{home.pk}/edit/")
    assert response.status_code in (302, 403)
    assert client.get(f"/admin/pages/{home.pk}/edit/", follow=True).request["PATH_INFO"] != (
        f"/admin/pages/{home.pk}/edit/"
    )


def test_school_staff_manage_quizzes_and_classes_but_community_staff_do_not(staff_pair, staff):
    author, _ = staff_pair
    for model in (Quiz, TrainingClass):
        codename = f"training.change_{model._meta.model_name}"
        assert author.has_perm(codename)
        assert not staff.has_perm(codename)


def _submit_draft(course, author):
    lesson = LessonPage(title="新课", slug="new", body=[("paragraph", "<p>草稿</p>")], live=False)
    course.add_child(instance=lesson)
    revision = lesson.save_revision(user=author)
    workflow = lesson.get_workflow()
    assert workflow is not None and workflow.name == permissions.WORKFLOW_NAME
    workflow.start(lesson, author)
    return LessonPage.objects.get(pk=lesson.pk), revision


def _action_url(lesson, action):
    task_state = lesson.current_workflow_task_state
    return f"/admin/pages/workflow/action/{lesson.pk}/{action}/{task_state.pk}/"


def test_an_author_cannot_approve_their_own_lesson(client, staff_pair, course):
    author, _ = staff_pair
    lesson, _ = _submit_draft(course, author)
    task = lesson.current_workflow_task

    assert task.get_actions(lesson, author) == []
    client.force_login(author)
    response = client.post(_action_url(lesson, "approve"), {"comment": ""})

    assert response["Location"] == "/admin/"  # Wagtail's answer to PermissionDenied
    lesson.refresh_from_db()
    assert not lesson.live
    assert lesson.current_workflow_task_state.status == "in_progress"


def test_a_colleague_approves_and_the_lesson_goes_live(client, staff_pair, course):
    author, colleague = staff_pair
    lesson, _ = _submit_draft(course, author)

    client.force_login(colleague)
    response = client.post(_action_url(lesson, "approve"), {"comment": ""})

    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.live
    assert WorkflowState.objects.get(object_id=str(lesson.pk)).status == "approved"


def test_a_rejection_comment_reaches_the_author(client, staff_pair, course):
    author, colleague = staff_pair
    lesson, _ = _submit_draft(course, author)
    client.force_login(colleague)
    client.post(_action_url(lesson, "reject"), {"comment": "请补充紧急避孕的时间"})

    lesson.refresh_from_db()
    assert not lesson.live
    client.force_login(author)
    page = client.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
    assert "请补充紧急避孕的时间" in page


def test_school_staff_author_a_quiz_with_questions_and_answers_in_the_admin(
    client, staff_pair, lessons
):
    client.force_login(staff_pair[0])
    assert client.get("/admin/snippets/training/quiz/add/").status_code == 200


def test_a_quiz_saved_in_the_admin_keeps_its_questions_and_answers(client, staff_pair, lessons):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    def choices(*items):
        return inline_formset(
            [{"text": text, "correct": correct, "feedback": ""} for text, correct in items]
        )

    client.force_login(staff_pair[0])
    data = nested_form_data(
        {
            "lesson": lessons[0].pk,
            "title": "测验",
            "pass_mark": 60,
            "questions": inline_formset(
                [
                    {
                        "text": "问题一",
                        "multiple": False,
                        "choices": choices(("对", True), ("错", False)),
                    },
                    {
                        "text": "问题二",
                        "multiple": True,
                        "choices": choices(("甲", True), ("乙", True)),
                    },
                ]
            ),
        }
    )
    response = client.post("/admin/snippets/training/quiz/add/", data)

    assert response.status_code == 302
    quiz = Quiz.objects.get(lesson=lessons[0])
    assert [(q.text, q.choices.count()) for q in quiz.questions.all()] == [
        ("问题一", 2),
        ("问题二", 2),
    ]
    assert quiz.questions.get(text="问题一").choices.get(correct=True).text == "对"


OUTSIDE_THE_SCHOOL = [
    "/admin/snippets/governance/matter/",
    "/admin/snippets/covenant/covenantversion/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/workflows/list/",
    "/admin/workflows/tasks/index/",
    "/admin/sites/",
]


@pytest.mark.parametrize("url", OUTSIDE_THE_SCHOOL)
def test_school_staff_stay_inside_the_training_section_of_the_admin(client, staff_pair, url):
    client.force_login(staff_pair[0])
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] in ("/admin/", "/admin/login/")


@pytest.mark.parametrize(
    "url", ["/admin/snippets/training/quiz/", "/admin/snippets/training/trainingclass/"]
)
def test_school_staff_reach_quizzes_and_classes(client, staff_pair, url):
    client.force_login(staff_pair[0])
    assert client.get(url).status_code == 200

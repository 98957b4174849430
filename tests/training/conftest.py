"""A small population school to test against: a catalogue, one course, three lessons, a quiz."""

import pytest
from wagtail.models import Site

from portal.factories import UserFactory, school_staff_user
from training import permissions
from training.models import (
    Choice,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    LifeStage,
    Question,
    Quiz,
)


def add_page(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def home(db):
    return Site.objects.get(is_default_site=True).root_page


@pytest.fixture
def school(home):
    return add_page(home, CourseIndexPage(title="人口学校", slug="school"))


@pytest.fixture
def course(school):
    return add_page(
        school,
        CoursePage(
            title="避孕知识",
            slug="contraception",
            life_stage=LifeStage.CONTRACEPTION,
            audience="夫妻",
            duration_minutes=40,
            overview="<p>概述</p>",
        ),
    )


@pytest.fixture
def lessons(course):
    return [
        add_page(
            course,
            LessonPage(
                title=f"第{n}课", slug=f"lesson-{n}", body=[("paragraph", f"<p>课文 {n}</p>")]
            ),
        )
        for n in (1, 2, 3)
    ]


@pytest.fixture
def quiz(lessons):
    """On the last lesson: a single-choice question and a multiple-choice question."""
    quiz = Quiz(lesson=lessons[-1], title="小测验", pass_mark=100)
    quiz.questions = [
        Question(
            text="哪种方法能防性病？",
            choices=[
                Choice(text="避孕套", correct=True, feedback="对。"),
                Choice(text="紧急避孕药", feedback="不能防性病。"),
            ],
        ),
        Question(
            text="在哪里免费领？",
            multiple=True,
            choices=[
                Choice(text="社区卫生服务中心", correct=True),
                Choice(text="居委会", correct=True),
                Choice(text="只能买", feedback="国家免费提供。"),
            ],
        ),
    ]
    quiz.save()
    quiz.save_revision().publish()
    return Quiz.objects.get(pk=quiz.pk)


def answers(quiz, *picks):
    """Form data picking, per question in order, the choices at the given positions."""
    data = {"version": quiz.version}
    for question, positions in zip(quiz.questions.all(), picks, strict=True):
        choices = list(question.choices.all())
        data[f"q{question.pk}"] = [str(choices[i].pk) for i in positions]
    return data


@pytest.fixture
def learner(community):
    return UserFactory(community=community)


@pytest.fixture
def other_learner(community):
    return UserFactory(community=community)


@pytest.fixture
def staff_pair(community, school):
    """Two school staff members: an author and the colleague who reviews their work."""
    permissions.setup(school)
    permissions.setup(school)  # idempotent
    return school_staff_user(community=community), school_staff_user(community=community)

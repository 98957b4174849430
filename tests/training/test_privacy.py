import pytest
from django.utils import timezone
from modelsearch.index import get_indexed_models

from portal.factories import CommunityFactory, UserFactory
from training import models, services
from training.models import Enrolment, TrainingClass

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(learner, course, lessons):
    learner.display_name = "秘密学员"
    learner.save()
    services.complete_lesson(learner, lessons[0])
    return learner


def test_no_other_user_sees_anyones_enrolment_on_any_page(client, enrolled, other_learner, lessons):
    client.force_login(other_learner)
    for url in [lessons[0].get_parent().url, lessons[0].url, "/training/my/", "/training/classes/"]:
        page = client.get(url).content.decode()
        assert "秘密学员" not in page
        assert "✓" not in page
        assert 'class="progress"' not in page


def test_learning_records_are_never_indexed_for_search():
    indexed = set(get_indexed_models())
    private = {
        models.Enrolment,
        models.LessonCompletion,
        models.QuizAttempt,
        models.Certificate,
        models.Registration,
    }
    assert not indexed & private


@pytest.mark.parametrize("role", ["anonymous", "learner", "community_staff"])
def test_only_school_staff_see_learning_totals(client, role, learner, staff):
    if role != "anonymous":
        client.force_login({"learner": learner, "community_staff": staff}[role])
    response = client.get("/training/totals/")
    assert response.status_code in (302, 403)


def _totals(client, school_staff, course, sizes, completed=0):
    """Enrol ``sizes[name]`` learners from each community; the first ``completed`` finish."""
    learners = []
    for name, size in sizes.items():
        community = CommunityFactory(name=name)
        learners += [UserFactory(community=community) for _ in range(size)]
    for n, learner in enumerate(learners):
        enrolment = services.enrol(learner, course)
        if n < completed:
            Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
    client.force_login(school_staff)
    return client.get("/training/totals/").content.decode()  # in Chinese, the default


def test_staff_see_exact_totals_when_no_group_is_small(client, school_staff, course):
    page = _totals(client, school_staff, course, {"大社区": 7, "中社区": 5}, completed=5)
    assert "<td>12</td><td>5</td>" in page
    assert "大社区: 7" in page and "中社区: 5" in page


def test_a_small_group_is_fewer_than_five_and_the_total_cannot_give_it_away(
    client, school_staff, course
):
    page = _totals(client, school_staff, course, {"大社区": 5, "小社区": 4})
    assert "<td>5–9</td><td>0</td>" in page  # not 9, which minus 5 would say 4
    assert "大社区: 5–9" in page
    assert "小社区: 少于5" in page


def test_the_few_who_did_not_complete_are_not_given_away(client, school_staff, course):
    page = _totals(client, school_staff, course, {"大社区": 8}, completed=7)
    assert "<td>5–9</td><td>5–9</td>" in page  # not 8 and 7: one did not finish


def test_a_class_list_shows_only_counts_and_ones_own_registration(
    client, enrolled, other_learner, course
):
    from datetime import timedelta

    from django.utils import timezone

    starts = timezone.now() + timedelta(days=2)
    training_class = TrainingClass.objects.create(
        title="讲座",
        course=course,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        place="活动室",
        capacity=3,
    )
    services.register(training_class, enrolled)
    client.force_login(other_learner)
    page = client.get("/training/classes/").content.decode()
    assert "秘密学员" not in page
    assert "已报名" not in page and "Registered" not in page


# Every place that lists things to other people: feeds, search, suggestions, the classes.
PUBLIC_LISTINGS = [
    "/governance/feeds/matters/",
    "/governance/feeds/matters/atom/",
    "/governance/feeds/results/",
    "/governance/feeds/results/atom/",
    "/associations/feed/rss/",
    "/associations/feed/atom/",
    "/search/?q=秘密",  # part of the name: the page repeats the query itself
    "/search/?q=避孕知识",
    "/search/suggest/?q=秘密",
    "/training/classes/",
    "/training/verify/?code=",
]


@pytest.mark.parametrize("viewer", ["anonymous", "other_learner", "community_staff"])
def test_no_feed_search_or_listing_reveals_an_enrolment(
    client, enrolled, other_learner, staff, viewer
):
    from training.models import Certificate

    enrolment = Enrolment.objects.get(user=enrolled)
    for lesson in enrolment.course_lessons():
        services.complete_lesson(enrolled, lesson)
    certificate = Certificate.objects.get(enrolment=enrolment)
    if viewer != "anonymous":
        client.force_login({"other_learner": other_learner, "community_staff": staff}[viewer])

    for url in PUBLIC_LISTINGS:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "秘密学员" not in content, url
        assert enrolled.phone not in content, url
        assert certificate.code not in content, url

"""A new learner's journey through the population school, on a 360 px phone."""

from itertools import pairwise

import pytest

from portal.factories import TEST_PASSWORD
from training.models import Certificate

pytestmark = pytest.mark.browser


def _fits_the_phone(page):
    page.wait_for_load_state()  # not while a navigation is still replacing the document
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_browse_read_enrol_learn_pass_the_quiz_and_verify_the_certificate(
    page, transactional_db, course, lessons, quiz, learner
):
    learner.first_name = "王小红"
    learner.save()

    page.goto("/school/")
    assert _fits_the_phone(page)
    page.select_option("#stage", "adolescence")
    page.locator("form.filters button[type=submit]").click()
    assert page.locator(".card").count() == 0
    page.select_option("#stage", "contraception")
    page.locator("form.filters button[type=submit]").click()
    page.get_by_role("link", name=course.title).click()

    page.get_by_role("link", name=lessons[0].title).click()
    assert "课文 1" in page.content()  # read without an account
    assert _fits_the_phone(page)

    page.goto(f"/accounts/login/?next={course.url}")
    page.locator("input[name=login]").fill(learner.phone.removeprefix("+86"))
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{course.url}")

    page.locator("form[action$='/enrol/'] button").click()
    for done, following in pairwise(lessons):
        page.wait_for_url(f"**{done.url}")
        page.locator("form[action$='/complete/'] button").click()
        page.wait_for_url(f"**{following.url}")
    assert '<rect width="67" height="12"' in page.goto(course.url).text()

    page.goto(lessons[2].url)
    first, second = quiz.questions.all()
    page.check(f"input[name=q{first.pk}][value='{first.choices.get(correct=True).pk}']")
    for choice in second.choices.filter(correct=True):
        page.check(f"input[name=q{second.pk}][value='{choice.pk}']")
    page.locator("#quiz button[type=submit]").click()
    assert "100%" in page.content()

    certificate = Certificate.objects.get(enrolment__user=learner)
    page.goto(course.url)
    page.locator(f"a[href='{certificate.get_absolute_url()}']").click()
    with page.expect_download() as download:
        page.locator("a[href$='/pdf/']").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    page.locator("a[href*='/training/verify/?code=']").click()
    assert "王小红" in page.content()
    assert certificate.course_title in page.content()

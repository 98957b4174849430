"""School staff publish through the real Wagtail admin: a change reaches learners only
once a colleague approves it. Staff work at a desk, so this runs at desktop width."""

import pytest

from tests.browser_fixtures import sign_in_as

pytestmark = pytest.mark.browser

# "Approve" (without a comment, which opens a dialog first).
APPROVE = "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"


def sign_in(page, user, base):
    page.context.clear_cookies()
    sign_in_as(page.context, user, base)


def _press(page, selector):
    """Press a footer button, opening the action menu it may be folded into."""
    button = page.locator(selector).first
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    button.click()


def test_a_lesson_change_goes_live_only_after_a_colleague_approves_it(
    page, live_site, transactional_db, staff_pair, lessons
):
    author, colleague = staff_pair
    lesson = lessons[0]
    base = live_site.url
    page.set_viewport_size({"width": 1280, "height": 900})

    sign_in(page, author, base)
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    page.locator("#id_title").fill("第1课：修订版")
    _press(page, "button[name='action-submit']")
    page.wait_for_url(f"**/admin/pages/{lesson.get_parent().pk}/**")

    page.context.clear_cookies()
    page.goto(lesson.url)
    assert "第1课：修订版" not in page.content()  # learners still read the approved lesson

    sign_in(page, author, base)
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    assert page.locator("[data-workflow-action-name='approve']").count() == 0

    sign_in(page, colleague, base)
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    with page.expect_navigation():
        _press(page, APPROVE)

    page.context.clear_cookies()
    page.goto(lesson.url)
    assert "第1课：修订版" in page.content()

"""The covenant journey at phone size: read, comment on a clause, adopt; staff publish a new
version; the resident reads the changes and is asked to adopt again."""

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from governance.covenant.models import CovenantVersion
from portal.factories import TEST_PASSWORD
from portal.models import Notification

# serialized_rollback in the marker makes pytest-django keep the migrations' rows (home page,
# roles) to restore after each test, whatever ran before.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _english():
    """Not here: the browser reads the site in Chinese, as residents do."""


def log_in(page, user, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.locator("input[name=login]").fill(user.phone.removeprefix("+86"))
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**{next_url}")


def test_read_comment_adopt_then_adopt_the_new_version(
    page, browser, live_site, v1, resident, staff
):
    covenant = v1.covenant
    log_in(page, resident, covenant.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.get_by_text("不在楼道里给电动车充电。")).to_be_visible()

    # Tap a clause to open its discussion, and comment.
    page.get_by_role("link", name="来社区登记").click()
    page.locator("textarea[name=comment]").fill("登记点周末开门吗？")
    page.locator("form.comment-form button[type=submit]").click()
    expect(page.get_by_text("登记点周末开门吗？")).to_be_visible()
    page.goto(covenant.url)
    assert "1" in page.locator(f"#clause-{v1.rows[0].clause.key} .comments-link").inner_text()

    # Adopt with one tap.
    page.locator("form[action$='/adopt/'] button").click()
    assert page.locator("form[action$='/adopt/']").count() == 0
    assert "1" in page.locator("#adopt").inner_text()

    # Staff start a new draft from the version in force and publish it in the admin.
    client = Client()
    client.force_login(staff)
    desk = browser.new_context(base_url=live_site.url, viewport={"width": 1280, "height": 900})
    desk.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_site.url}]
    )
    admin = desk.new_page()
    admin.goto(covenant.url)
    admin.locator("form[action$='/new-draft/'] button").click()
    admin.wait_for_url("**/admin/snippets/covenant/covenantversion/edit/**")
    admin.locator("textarea[name='clauses-0-text']").fill(
        "新来社区居住的人，在到达后五日内到居委会登记。"
    )
    admin.locator("input[name=effective_date]").fill(timezone.localdate().isoformat())
    admin.locator("textarea[name=summary]").fill("登记时间改为五日。")
    admin.locator("input[name=publish]").check()
    admin.locator("button.action-save").click()
    admin.wait_for_url("**/admin/snippets/covenant/covenantversion/")
    desk.close()
    v2 = CovenantVersion.objects.get(number=2)
    assert v2.is_in_force
    assert Notification.objects.filter(recipient=resident, url__contains="/compare/").exists()

    # The resident is asked to read the changes and adopt again.
    page.goto(covenant.url)
    page.locator("#readopt a").click()
    expect(page.locator("del", has_text="七日")).to_be_visible()
    expect(page.locator("ins", has_text="五日")).to_be_visible()
    page.locator("form[action$='/adopt/'] button").click()
    page.wait_for_url(f"**{covenant.url}**")
    assert page.locator("#readopt").count() == 0
    assert v2.adoptions.filter(user=resident).exists()


def test_covenant_reads_without_javascript(browser, live_site, v1):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_site.url + v1.covenant.url)
    expect(page.get_by_text("不在楼道里给电动车充电。")).to_be_visible()
    page.get_by_role("link", name="消防安全").click()
    expect(page.locator("#discussion")).to_be_visible()
    context.close()

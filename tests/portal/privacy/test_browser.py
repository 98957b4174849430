"""The consent journeys in a real browser, at phone size."""

import pytest
from playwright.sync_api import expect

from portal.factories import UserFactory
from tests.browser_fixtures import sign_in_as

from .conftest import new_version

pytestmark = pytest.mark.browser


def test_a_resident_is_asked_again_after_a_new_version_and_goes_on(page, live_site):
    user = UserFactory()
    new_version()
    sign_in_as(page.context, user, live_site.url)

    page.goto("/notifications/")
    expect(page.get_by_role("heading", name="请阅读我们的个人信息保护告知书")).to_be_visible()
    expect(page.get_by_text("我们新增了康检预约。")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_label("我已阅读并同意本告知书").check()
    page.get_by_role("button", name="同意并继续").click()
    expect(page.get_by_role("heading", name="通知")).to_be_visible()
    assert page.url.endswith("/notifications/")

    page.locator("footer").get_by_role("link", name="个人信息保护告知书").click()
    expect(page.get_by_text("第二版正文")).to_be_visible()


def test_the_notice_reads_on_a_phone_in_english(page, live_site):
    page.goto("/en/privacy/")
    expect(page.get_by_role("heading", name="Privacy notice", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator("html").get_attribute("lang") == "en"

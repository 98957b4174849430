"""The discussion's pages in a real browser at phone size, with JavaScript turned off."""

import re

import pytest
import rules
from playwright.sync_api import expect
from wagtail.models import Site

from governance.factories import SessionIndexPageFactory, SessionPageFactory
from portal.discussion import services
from portal.factories import UserFactory, staff_user
from portal.models import Notification
from tests.browser_fixtures import PHONE, sign_in_as

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js_tab(browser, live_site):
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", base_url=live_site.url, java_script_enabled=False
    )
    yield context
    context.close()


def sign_in(context, live_site, user):
    sign_in_as(context, user, live_site.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def touch_targets_are_44px(page, selector):
    for box in (el.bounding_box() for el in page.locator(selector).all()):
        assert box["height"] >= 44 and box["width"] >= 44


def test_reply_then_moderate_without_javascript(no_js_tab, live_site):
    rules.add_perm("governance.comment_sessionpage", rules.is_authenticated)
    try:
        home = Site.objects.get(is_default_site=True).root_page
        index = SessionIndexPageFactory(parent=home)
        notice = SessionPageFactory(parent=index, title="楼道堆物通知")
        # Staff moderate the comments of their own community's pages.
        author, replier = UserFactory(), UserFactory()
        staff = staff_user(community=notice.community)
        root = services.add_comment(notice, author, "请把自行车挪到车棚。")

        page = sign_in(no_js_tab, live_site, replier)
        page.goto(f"/comments/reply/{root.pk}/?next={notice.url}")
        expect(page.get_by_text("请把自行车挪到车棚。")).to_be_visible()
        page.get_by_label("你的评论").fill("**好的**，明天就挪。")
        page.get_by_role("button", name="发表回复").click()
        page.wait_for_url(re.compile(re.escape(notice.url) + r"#c\d+$"))
        expect(page.get_by_text("你的评论已发表。")).to_be_visible()
        reply = services.thread(notice, replier).get(level=1)
        assert reply.comment == "**好的**，明天就挪。" and reply.parent_id == root.pk

        no_js_tab.clear_cookies()
        page = sign_in(no_js_tab, live_site, staff)
        services.flag(reply, author)
        page.goto("/comments/moderation/")
        expect(page.locator("strong", has_text="好的")).to_be_visible()  # safe Markdown rendered
        touch_targets_are_44px(page, "main button")
        page.get_by_label("理由（作者会看到）").fill("测试隐藏")
        page.get_by_role("button", name="隐藏评论").click()
        expect(page.get_by_text("评论已隐藏，已通知作者。")).to_be_visible()
        reply.refresh_from_db()
        assert not reply.is_public
        assert Notification.objects.filter(recipient=replier, message__contains="测试隐藏").exists()
    finally:
        rules.remove_perm("governance.comment_sessionpage")

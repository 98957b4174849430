"""The foundation's journeys in a real browser, at phone size."""

import re

import pytest
from playwright.sync_api import expect

from portal import sms

pytestmark = pytest.mark.browser


def _code_sent_to(phone):
    return re.search(r"\b(\d{6})\b", sms.read_sms_file(phone)[-1]["text"]).group(1)


def test_sign_up_by_phone_log_in_and_switch_language(page, community):
    page.goto("/accounts/signup/")
    page.get_by_label("手机号码").fill("138 0013 8000")
    page.get_by_label("显示名称").fill("小王")
    page.get_by_label("您所在的社区").select_option(label=community.name)
    page.locator("input[name=password1]").fill("a-long-pass-phrase-42")
    page.get_by_label("我已年满 14 周岁").check()
    page.get_by_label("我已阅读并同意个人信息保护告知书").check()
    page.locator("main form button[type=submit]").click()

    page.locator("input[name=code]").fill(_code_sent_to("+8613800138000"))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("header").get_by_text("小王")).to_be_visible()

    page.locator("footer").get_by_role("button", name="退出登录").click()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("13800138000")
    page.locator("input[name=password]").fill("a-long-pass-phrase-42")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("header").get_by_text("小王")).to_be_visible()

    page.locator("footer").get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("header").get_by_role("link", name="Notifications")).to_be_visible()

    page.locator("footer").get_by_role("link", name="简体中文").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("html").get_attribute("lang") == "zh-hans"


def test_home_page_fits_a_360px_phone_with_large_touch_targets(page):
    page.goto("/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    small = page.evaluate(
        """() => [...document.querySelectorAll('header a, header button, footer button, main a')]
            .filter(e => e.offsetParent !== null)
            .map(e => e.getBoundingClientRect())
            .filter(r => r.height < 44).length"""
    )
    assert small == 0


def test_home_page_reads_without_javascript(browser, live_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_site.url + "/")

    assert page.locator("h1").inner_text() == "幸福社区"
    context.close()

"""At phone size, without JavaScript: a clause's 朗读 control is a plain link to its audio,
and 拼音 puts pinyin over the text."""

import pytest
from playwright.sync_api import expect

from tests.browser_fixtures import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _english():
    """Not here: the browser reads the site in Chinese, as residents do."""


def test_read_aloud_and_pinyin_work_without_javascript(browser, live_site, v1, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", base_url=live_site.url, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(v1.rows[2].clause.get_absolute_url())

    control = page.get_by_role("link", name="朗读")
    expect(control).to_be_visible()
    assert control.bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    listen = context.request.get(control.get_attribute("href"))
    assert listen.status == 200
    assert listen.headers["content-type"] == "audio/ogg; codecs=opus"
    assert listen.body()[:4] == b"OggS"

    page.get_by_role("link", name="拼音").click()
    expect(page.locator(".reading ruby").first).to_be_visible()
    assert "diàn" in page.locator(".reading").inner_text()
    expect(page.get_by_role("link", name="隐藏拼音")).to_be_visible()
    context.close()

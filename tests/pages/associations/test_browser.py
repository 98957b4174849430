"""The associations journey on a 360 px phone: a leader posts minutes with a photo, a decision
and a linked matter; a member comments; a non-member sees only the public minutes."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory
from pages.associations.models import Minutes
from portal.factories import TEST_PASSWORD
from tests.factories.associations import MinutesFactory

pytestmark = pytest.mark.browser


def log_in(page, user, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.locator("input[name=login]").fill(user.phone.removeprefix("+86"))
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**{next_url}")


def fits_the_phone(page):
    page.wait_for_load_state()  # not while a navigation is still replacing the document
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_leader_posts_member_comments_outsider_sees_public_only(
    page, browser, live_site, tmp_path, association, association_leader, member, resident
):
    index = SessionIndexPageFactory(parent=association.get_parent().get_parent())
    session = SessionPageFactory(parent=index, community=association.community)
    matter = MatterFactory(session=session, title="市场后院加装路灯")
    MinutesFactory(association=association, title="内部财务通报", members_only=True)
    photo = tmp_path / "签到表.jpg"
    Image.new("RGB", (2400, 1800), "white").save(photo, "JPEG")

    # The leader writes and publishes minutes from the phone.
    log_in(page, association_leader, association.url)
    assert fits_the_phone(page)
    page.locator(f"a[href$='/associations/{association.pk}/minutes/new/']").click()
    page.wait_for_url(f"**/associations/{association.pk}/minutes/new/")
    assert fits_the_phone(page)
    page.locator("input[name=title]").fill("六月例会")
    page.locator("input[name=held_on]").fill("2026-06-01")
    page.locator("input[name=place]").fill("市场办公室")
    page.locator("input[name=attendance]").fill("16")
    page.locator("textarea[name=discussion]").fill("大家同意后院晚上太黑，需要路灯。")
    page.locator("input[name='decisions-0-text']").fill("向议事会提出加装路灯")
    page.locator("input[name='decisions-0-votes_for']").fill("15")
    page.locator("input[name='decisions-0-votes_abstain']").fill("1")
    page.get_by_label(matter.title).check()
    page.locator("input[name=photos]").set_input_files(str(photo))
    page.locator("button[value=publish]").click()
    page.wait_for_url("**/associations/minutes/*/")
    expect(page.get_by_text("向议事会提出加装路灯")).to_be_visible()
    expect(page.locator(f"a[href='{matter.get_absolute_url()}']")).to_be_visible()
    assert page.locator(".thumbs img").count() == 1
    minutes = Minutes.objects.get(title="六月例会")
    assert minutes.is_published and minutes.attachments.count() == 1

    # A member comments.
    member_tab = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_site.url
    ).new_page()
    log_in(member_tab, member, minutes.get_absolute_url())
    member_tab.locator("textarea[name=comment]").fill("路灯装在北门那边最好。")
    member_tab.locator("form.comment-form button[type=submit]").click()
    expect(member_tab.get_by_text("路灯装在北门那边最好。")).to_be_visible()
    assert fits_the_phone(member_tab)
    member_tab.context.close()

    # A resident who is not a member sees the public minutes only, and cannot comment.
    page.context.clear_cookies()
    log_in(page, resident, association.url)
    expect(page.get_by_text("六月例会")).to_be_visible()
    assert page.get_by_text("内部财务通报").count() == 0
    page.goto(minutes.get_absolute_url())
    expect(page.get_by_text("路灯装在北门那边最好。")).to_be_visible()
    assert page.locator("textarea[name=comment]").count() == 0

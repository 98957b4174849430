"""The journey on a phone: from the profile to one's data, then to deleting the account,
signing in again on the way; each page passes the quality checks in both languages."""

import pytest
from playwright.sync_api import expect

from portal.factories import TEST_PASSWORD, UserFactory
from portal.models import User
from tests import quality
from tests.browser_fixtures import PHONE, sign_in_as

pytestmark = pytest.mark.browser

SHOTS = None  # a directory to keep screenshots in while working on the pages


def _check(page, label, report):
    report.extend(quality.problems(page, label))
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{label}.png", full_page=True)


def test_a_resident_downloads_their_data_and_deletes_their_account(browser, live_site, db):
    person = UserFactory(display_name="柯晓岚")
    context = browser.new_context(
        viewport=PHONE,
        base_url=live_site.url,
        has_touch=True,
        is_mobile=True,
        accept_downloads=True,
    )
    quality.prepare(context)
    sign_in_as(context, person, live_site.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    report = []

    page.goto("/accounts/profile/")
    _check(page, "profile zh", report)
    page.get_by_role("link", name="下载我的数据").click()
    expect(page.get_by_role("heading", name="我的数据")).to_be_visible()
    _check(page, "my data zh", report)
    page.goto("/en/accounts/my-data/")
    _check(page, "my data en", report)

    # Preparing it asks for the password again, then comes back with the download.
    page.get_by_role("button", name="Prepare my data").click()
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    link = page.get_by_role("link", name="My data, prepared")
    expect(link).to_be_visible()
    _check(page, "my data ready en", report)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".zip")

    # Deleting: the explanation, the confirmation, and the account is gone.
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="删除我的账户").click()
    expect(page.get_by_role("heading", name="删除我的账户")).to_be_visible()
    _check(page, "delete zh", report)
    page.goto("/en/accounts/delete/")
    _check(page, "delete en", report)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Tick the box to confirm")).to_be_visible()
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account has been deleted.")).to_be_visible()
    assert not User.objects.filter(pk=person.pk).exists()
    context.close()
    assert report == [], "\n" + "\n".join(report)

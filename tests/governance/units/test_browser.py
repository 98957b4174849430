"""Units at phone size, as the people who use them: a landlord signs in and finds their
agreement and its end date; a worker signs in one tap; staff pages pass the same quality
checks (axe, contrast, 360 px, 44 px targets, language) as every other page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from governance.units import services
from governance.units.models import WorkerSignature
from portal.factories import TEST_PASSWORD
from tests import quality
from tests.browser_fixtures import PHONE, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _english():
    """Not here: the browser reads the site in Chinese, as residents do."""


def test_a_landlord_finds_the_agreement_and_a_worker_signs_in_one_tap(
    page,
    browser,
    live_site,
    landlord,
    landlord_unit,
    agreement,
    worker,
    workers_agreement,
    staff,
    site_unit,
):
    services.send_notice(
        landlord_unit.community,
        staff,
        title="消防检查",
        body="本月逐户检查。",
        units=[landlord_unit],
    )
    # The landlord signs in through the form and lands on their unit.
    page.goto(f"/accounts/login/?next={reverse('units:index')}")
    page.locator("input[name=login]").fill(landlord.phone.removeprefix("+86"))
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("heading", name=landlord_unit.name)).to_be_visible()
    page.get_by_role("link", name=agreement.title).click()
    expect(page.get_by_text(agreement.ends_on.strftime("%Y-%m-%d"))).to_be_visible()
    expect(page.get_by_text("有效期至")).to_be_visible()

    # A worker opens the workers' agreement (the QR code leads there) and signs in one tap.
    context = browser.new_context(
        viewport=PHONE, base_url=live_site.url, has_touch=True, is_mobile=True
    )
    quality.prepare(context)
    sign_in_as(context, worker, live_site.url)
    tab = context.new_page()
    tab.goto(workers_agreement.get_absolute_url())
    tab.get_by_role("button", name="我已阅读并签署").click()
    expect(tab.get_by_text("谢谢，您已签署这份责任书。")).to_be_visible()
    assert WorkerSignature.objects.filter(user=worker).count() == 1
    context.close()


def test_the_units_pages_pass_the_quality_checks(
    browser, live_site, landlord, landlord_unit, agreement, staff, workers_agreement
):
    from datetime import timedelta

    from django.utils import timezone

    renewal = services.renew(agreement, staff)
    today = timezone.localdate()
    meeting = services.save_meeting(
        landlord_unit.community,
        staff,
        fields={
            "title": "联席会议",
            "held_on": today,
            "place": "居委会",
            "discussion": "通报情况。",
        },
        units=[landlord_unit],
        agreements=[agreement],
        matters=[],
        attendance=[{"body": "police", "represented_by": "派出所", "people": 2}],
        decisions=[{"text": "本月检查出租屋"}],
        follow_ups=[
            {
                "text": "送登记表",
                "owner": "王芳",
                "due_on": today - timedelta(days=1),
                "done_on": None,
            }
        ],
    )
    notice, _unreached = services.send_notice(
        landlord_unit.community,
        staff,
        title="消防检查",
        body="本月逐户检查。",
        units=[landlord_unit],
    )
    pages = {
        landlord: [
            landlord_unit.get_absolute_url(),
            agreement.get_absolute_url(),
            reverse("units:unit_contacts", args=[landlord_unit.pk]),
            meeting.get_absolute_url(),
            notice.get_absolute_url(),
        ],
        staff: [
            reverse("units:index"),
            reverse("units:agreements"),
            agreement.get_absolute_url(),
            reverse("units:agreement_compare", args=[renewal.pk]),
            reverse("units:signatures", args=[workers_agreement.pk]),
            reverse("units:meetings"),
            meeting.get_absolute_url(),
            notice.get_absolute_url(),
            reverse("units:agreement_signed", args=[renewal.pk]),
            reverse("units:meeting_create"),
            reverse("units:notice_create"),
            reverse("units:unit_create"),
        ],
        None: [workers_agreement.get_absolute_url()],
    }
    problems = []
    for user, urls in pages.items():
        context = browser.new_context(
            viewport=PHONE, base_url=live_site.url, has_touch=True, is_mobile=True
        )
        quality.prepare(context)
        if user is not None:
            sign_in_as(context, user, live_site.url)
        tab = context.new_page()
        for language in ("", "/en"):
            for url in urls:
                tab.goto(f"{language}{url}")
                name = url.strip("/").replace("/", "-") or "index"
                tab.screenshot(
                    path=f"/tmp/units-shots/{language.strip('/') or 'zh'}-{name}.png",
                    full_page=True,
                )
                problems += quality.problems(tab, f"{language}{url}")
        context.close()
    assert problems == [], "\n".join(problems)

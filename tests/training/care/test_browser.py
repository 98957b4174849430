"""Tried as people would, on a 360 px phone: a resident books a check-up place when the day
is full (after giving the separate consent), a family asks for help, and staff mark and
handle them; every page passes tests/quality.py's checks in Chinese and in English."""

import pytest

from portal.factories import UserFactory, staff_user
from portal.models import Notification
from tests import quality
from tests.browser_fixtures import PHONE, sign_in_as
from training.care import services
from training.care.models import Booking, HelpRequest

from .conftest import consenting

pytestmark = pytest.mark.browser


def _context(browser, live_site, user=None):
    context = browser.new_context(
        viewport=PHONE, base_url=live_site.url, has_touch=True, is_mobile=True
    )
    quality.prepare(context)
    if user is not None:
        sign_in_as(context, user, live_site.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _check(page, path, label, report):
    for language, prefix in (("zh", ""), ("en", "/en")):
        response = page.goto(prefix + path)
        if response.status != 200:
            report.append(f"{label} ({language}) · status {response.status}")
            continue
        report.extend(quality.problems(page, f"{label} ({language})"))


def test_a_resident_books_a_full_day_and_staff_see_it(
    browser, live_site, transactional_db, make_day, community
):
    day = make_day(capacity=1)
    first = consenting(community=community, display_name="先约的人")
    services.book(day, first)
    resident = UserFactory(community=community, verified=True, display_name="后来的人")
    staff = staff_user(community=community)
    report = []

    context, page = _context(browser, live_site, resident)
    page.goto("/care/checkups/")
    page.locator(f"#day-{day.pk} a.button").click()
    page.wait_for_url("**/privacy/sensitive/health_checkup/**")
    page.locator("main input[type=checkbox]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/care/checkups/{day.pk}/book/")
    report.extend(quality.problems(page, "book (zh, resident)"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/care/checkups/")
    assert "候补" in page.locator(".messages").inner_text()
    assert Booking.objects.get(user=resident).status == Booking.Status.WAITING
    report.extend(quality.problems(page, "check-ups (zh, resident)"))
    _check(page, "/care/checkups/totals/", "totals", report)

    services.cancel_booking(Booking.objects.get(user=first))
    assert Booking.objects.get(user=resident).status == Booking.Status.CONFIRMED
    page.goto("/notifications/")
    assert "约上" in page.content()

    page.goto("/care/help/")
    page.locator("main input[type=checkbox]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/care/help/")
    page.select_option("select[name=kind]", "school")
    page.fill("textarea[name=description]", "孩子七岁，想在附近小学报名。")
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_url("**/care/help/*/")
    help_request = HelpRequest.objects.get(person=resident)
    _check(page, help_request.get_absolute_url(), "help request (resident)", report)
    _check(page, "/care/help/", "help (resident)", report)
    context.close()

    context, page = _context(browser, live_site, staff)
    for path, label in [
        ("/care/staff/checkups/", "staff days"),
        (f"/care/staff/checkups/{day.pk}/", "staff day"),
        ("/care/staff/help/", "staff help"),
        ("/care/staff/help/new/", "staff file"),
        (help_request.get_absolute_url(), "help request (staff)"),
    ]:
        _check(page, path, label, report)
    page.goto(help_request.get_absolute_url())
    page.select_option("select[name=status]", "needs_info")
    page.fill("textarea[name=note]", "请补充出生证明。")
    page.locator("form[action$='/status/'] button").click()
    page.wait_for_load_state()
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.NEEDS_INFO
    assert Notification.objects.filter(recipient=resident, message__contains="出生证明").exists()
    context.close()
    assert report == [], "\n" + "\n".join(report)

"""The whole journey of a matter in a phone-sized browser, as residents and staff live it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from governance.models import Matter, SessionPage
from tests.browser_fixtures import sign_in_as

from .conftest import PHASE_DAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def move_dates(session, phase):
    """Put the session's dates where ``phase`` is current now (tests move the dates here)."""
    start = timezone.now() - timedelta(days=PHASE_DAY[phase])
    SessionPage.objects.filter(pk=session.pk).update(
        collecting_starts=start,
        discussion_starts=start + timedelta(days=10),
        voting_starts=start + timedelta(days=20),
        voting_ends=start + timedelta(days=30),
        follow_up_starts=start + timedelta(days=40),
    )


def sign_in(page, user, base):
    page.context.clear_cookies()
    sign_in_as(page.context, user, base)


def test_matter_journey(page, live_server, session, resident, verified_resident, staff):
    base = live_server.url
    move_dates(session, "collecting")

    # A resident submits a matter.
    sign_in(page, resident, base)
    page.goto(base + session.url)
    page.click(f"a[href='{reverse('governance:submit', args=[session.pk])}']")
    page.fill("#id_title", "市场门口的下水道堵了")
    page.fill("#id_description", "一下雨就积水，老人过不去。")
    page.select_option("#id_category", "environment")
    page.click("main form button[type=submit]")
    matter = Matter.objects.get(title="市场门口的下水道堵了")
    page.wait_for_url(f"**{matter.get_absolute_url()}")

    # Staff accept it into the session.
    sign_in(page, staff, base)
    page.goto(base + reverse("governance:triage"))
    page.click(f"a[href='{reverse('governance:triage_matter', args=[matter.pk])}']")
    page.check("input[name=decision][value=accept]")
    page.select_option("#id_session", str(session.pk))
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**{reverse('governance:triage')}")
    matter.refresh_from_db()
    assert matter.state == "accepted"

    # In the discussion, the resident comments and a neighbour replies.
    move_dates(session, "discussion")
    sign_in(page, resident, base)
    page.goto(base + matter.get_absolute_url())
    page.fill("form.comment-form textarea[name=comment]", "我每天都从那里走，确实很危险。")
    page.click("form.comment-form button[type=submit]")
    page.wait_for_selector("text=我每天都从那里走，确实很危险。")
    sign_in(page, verified_resident, base)
    page.goto(base + matter.get_absolute_url())
    page.click(".comment a[href*='/comments/reply/']")
    page.fill("form.comment-form textarea[name=comment]", "同意，应该尽快疏通。")
    page.click("form.comment-form button[type=submit]")
    page.wait_for_selector("text=同意，应该尽快疏通。")

    # In the voting phase, a verified resident votes and changes the vote.
    move_dates(session, "voting")
    page.goto(base + matter.get_absolute_url())
    page.check("form.vote input[value=for]")
    page.click("form.vote button[type=submit]")
    page.wait_for_selector("form.vote input[value=for]:checked")
    page.check("form.vote input[value=against]")
    page.click("form.vote button[type=submit]")
    page.wait_for_selector("form.vote input[value=against]:checked")

    # Voting ends: the results show the right counts and the chart, to anyone.
    move_dates(session, "results")
    page.context.clear_cookies()
    page.goto(base + reverse("governance:results", args=[session.pk]))
    assert page.locator("figure.chart > svg").count() == 1
    row = page.locator("figure.chart table tbody tr").first
    assert row.locator("td").all_inner_texts() == ["0", "1", "0"]

    # Staff post the follow-up; the resident sees it on the matter page.
    sign_in(page, staff, base)
    page.goto(base + reverse("governance:follow_up", args=[matter.pk]))
    page.fill("#id_response", "不采纳，但社区会先做一次清理。")
    page.select_option("#id_status", "in_progress")
    page.fill("#id_note", "已联系市政，下周疏通。")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**{matter.get_absolute_url()}")
    sign_in(page, resident, base)
    page.goto(base + matter.get_absolute_url())
    expect(page.get_by_text("已联系市政，下周疏通。")).to_be_visible()
    expect(page.get_by_text("不采纳，但社区会先做一次清理。")).to_be_visible()

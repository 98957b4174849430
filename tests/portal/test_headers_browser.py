"""The Content-Security-Policy in a real browser: public pages load their own scripts
and styles with no violation, and the Wagtail admin still works (its scripts run, its
inline initialisers too) under the admin's allowances."""

import pytest
from wagtail.models import Site

from tests.browser_fixtures import sign_in_as

pytestmark = pytest.mark.browser


def watch_violations(page):
    """Every CSP violation the page reports (console errors, and the DOM event)."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return found


def test_public_pages_run_under_the_policy_without_violations(page, live_site, db):
    violations = watch_violations(page)
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # The stylesheet applied (a style-src violation would leave the page unstyled).
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display")
    page.goto("/search/?q=路灯")
    page.goto("/no-such-page/")
    assert violations == []


def test_the_wagtail_admin_still_works_under_its_policy(page, live_site, superuser):
    violations = watch_violations(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_as(page.context, superuser, live_site.url)
    home = Site.objects.get(is_default_site=True).root_page

    page.goto("/admin/")
    assert page.evaluate("typeof window.wagtail") == "object"  # the admin's core script ran
    page.goto(f"/admin/pages/{home.pk}/edit/")
    page.locator("#id_title").fill("首页（改）")
    # The admin's form controllers started (Stimulus adds its application object).
    assert page.evaluate("!!window.Stimulus || !!document.querySelector('[data-controller]')")
    page.goto("/admin/images/multiple/add/")
    page.wait_for_load_state("networkidle")
    assert violations == []

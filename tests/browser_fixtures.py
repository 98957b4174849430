"""Playwright fixtures: headless Chromium at phone size, against pytest-django's live server.

Browser tests are marked ``browser``; they use Debian's /usr/bin/chromium where it
exists (the test command installs Playwright's own Chromium elsewhere).
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}


def chromium_path():
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or None


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the
    # test body are still synchronous, so allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_site(live_server):
    """The live server (tests/conftest.py gives its tests serialized rollback)."""
    return live_server


@pytest.fixture
def page(browser, live_site):
    """A fresh phone-sized tab at the live server; ``live_site.url`` is its address."""
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", base_url=live_site.url, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in_as(context, user, base_url):
    """Start the browser ``context`` signed in as ``user``: signing in through the forms
    (password, SMS code, TOTP) has its own tests in tests/portal."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": base_url}])

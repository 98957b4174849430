"""Content-Security-Policy and Permissions-Policy on every response: pages (cached or
not), error pages, and the Wagtail admin with the allowances it needs."""

import re
from pathlib import Path

import pytest
from django.urls import path

from portal import urls as portal_urls
from portal.headers import permissions_policy

ROOT = Path(__file__).resolve().parents[2]


def boom(request):
    raise RuntimeError("a failing part")


urlpatterns = [path("boom/", boom), *portal_urls.urlpatterns]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def assert_site_headers(response):
    csp = directives(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_a_page_and_its_cached_copy_carry_both_headers(client, db):
    first = client.get("/")
    assert first.status_code == 200
    assert_site_headers(first)
    again = client.get("/")
    assert again.get("X-Page-Cache") == "hit"  # served from the page cache, still covered
    assert_site_headers(again)


def test_error_pages_carry_both_headers(client, db):
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert_site_headers(missing)
    client.handler.enforce_csrf_checks = True
    refused = client.post("/accounts/login/", {"login": "x"})
    assert refused.status_code == 403
    assert_site_headers(refused)


@pytest.mark.urls(__name__)
def test_a_server_error_page_carries_both_headers(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_site_headers(response)


def test_the_wagtail_admin_gets_its_allowances_and_nothing_more(client, db):
    from portal.factories import staff_user

    client.force_login(staff_user())  # with the second factor passed (tests/signing_in.py)
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = directives(response)
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]  # Wagtail's inline init scripts
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["frame-ancestors"] == ["'self'"]  # its preview panel frames the admin
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_permissions_policy_syntax():
    assert permissions_policy({"camera": [], "fullscreen": ["self"]}) == (
        "camera=(), fullscreen=(self)"
    )


INLINE = [
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>"),
        "script",
    ),
    # Lower case, as templates write handlers (an upper-case ONLINE = "online" is Python).
    (re.compile(r"\son[a-z]+\s*=\s*[\"']"), "event handler"),
    (re.compile(r"\sstyle\s*=\s*[\"']"), "style attribute"),
    (re.compile(r"<style[\s>]"), "style element"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]


def test_no_template_or_python_markup_relies_on_inline_script_or_style():
    """The policy forbids them, so a new one would silently not work: keep them in
    static/ files (or give the admin-only template a nonce)."""
    found = []
    sources = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]
    sources += [
        p
        for app in ("portal", "pages", "governance", "training")
        for p in ROOT.glob(f"{app}/**/*.py")
    ]
    for source in sources:
        if "templates/portal/admin" in str(source) or "migrations" in source.parts:
            continue
        text = source.read_text()
        for pattern, what in INLINE:
            found += [f"{source.relative_to(ROOT)}: {what}" for _ in pattern.finditer(text)]
    assert found == []

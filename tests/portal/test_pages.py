import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

EXTERNAL = re.compile(r"""(?:src|href|action)=["'](?:https?:)?//""")


def test_home_page_is_in_chinese_by_default(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "登录" in html


def test_home_page_in_english(client):
    response = client.get("/en/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html


@pytest.mark.parametrize(
    ("url", "english", "chinese"),
    [
        ("/", 'href="/en/"', None),
        ("/accounts/login/?next=/x/", 'href="/en/accounts/login/?next=/x/"', None),
        ("/en/accounts/login/", None, 'href="/accounts/login/"'),
    ],
)
def test_language_switch_links_to_the_same_page_in_the_other_language(
    client, url, english, chinese
):
    response = client.get(url)
    footer = response.content.decode().split("<footer", 1)[1]

    assert (english or chinese) in footer


def test_the_home_page_sets_no_cookie_so_it_can_be_cached(client):
    assert not client.get("/").cookies


def test_home_page_is_small_and_loads_nothing_from_outside(client):
    html = client.get("/").content.decode()
    css = _static("css/site.css")

    assert not EXTERNAL.search(html)
    assert "@import" not in css and "url(http" not in css
    assert len(html.encode()) + len(css.encode()) < 100_000


def _static(name):
    with open(finders.find(name), encoding="utf-8") as f:
        return f.read()


@pytest.mark.parametrize(("prefix", "text"), [("", "找不到页面"), ("/en", "Page not found")])
def test_not_found_page_speaks_the_users_language(client, prefix, text):
    response = client.get(f"{prefix}/no-such-page/")

    assert response.status_code == 404
    assert text in response.content.decode()


def test_csrf_failure_page_is_friendly():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"login": "13800138000", "password": "x"})

    assert response.status_code == 403
    assert "请重试" in response.content.decode()


def test_every_page_offers_the_language_switch(client):
    for url in ["/", "/accounts/login/", "/accounts/signup/"]:
        assert 'hreflang="en"' in client.get(url).content.decode(), url


@pytest.mark.parametrize(("role", "shown"), [("verified_resident", False), ("staff", True)])
def test_only_staff_get_the_wagtail_user_bar(client, request, role, shown):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(request.getfixturevalue(role))
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/").content.decode()
    assert ("w-userbar" in html) is shown
    if not shown:  # residents' pages never ask Django for the staff's model permissions
        assert not [q for q in captured if "auth_permission" in q["sql"]]

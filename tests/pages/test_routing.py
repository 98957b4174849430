"""Pages are found by their stored URL path in one query, with Wagtail's own checks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from pages.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def deep(settings):
    settings.YISHI_PAGE_CACHE_SECONDS = 0
    page = Site.objects.get(is_default_site=True).root_page
    for level in range(1, 6):
        page = page.add_child(instance=StandardPage(title=f"第{level}层", slug=f"level-{level}"))
    return page


def page_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q for q in captured if '"wagtailcore_page"' in q["sql"]]


def test_a_deep_page_is_found_without_walking_the_tree(client, deep):
    client.get(deep.url)  # site and content types cached
    response, queries = page_queries(client, deep.url)
    assert response.status_code == 200 and "第5层" in response.text
    assert len(queries) <= 5  # the site, the page found, made specific, view restrictions


def test_a_draft_is_still_not_found(client, deep):
    deep.unpublish()
    assert client.get(deep.url).status_code == 404


def test_unknown_paths_are_not_found(client, deep):
    assert client.get(deep.url + "no-such-page/").status_code == 404
    assert client.get("/level-1/no-such-page/").status_code == 404


def test_a_private_page_still_asks_to_sign_in(client, deep):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=deep.get_parent(), restriction_type="login")
    response = client.get(deep.url)
    assert response.status_code == 302 and "login" in response["Location"]

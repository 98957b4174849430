"""The home page's ways in: one per capability with a live, public page, in one query."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction, Site

from pages.entry_points import entry_points
from training.models import CourseIndexPage


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True).root_page.specific


def urls(home):
    return [point["url"] for point in entry_points(home)]


def test_every_capability_with_a_live_page_is_a_way_in(demo, client):
    assert urls(demo) == ["/gongyue/", "/yishi/", "/school/", "/xiehui/", "/search/"]
    html = client.get("/").text
    assert all(f'href="{url}"' in html for url in urls(demo))


def test_unpublished_and_private_pages_are_no_way_in(demo):
    school = CourseIndexPage.objects.get()
    school.unpublish()
    assert "/school/" not in urls(demo)
    school.save_revision().publish()
    PageViewRestriction.objects.create(page=school, restriction_type="login")
    assert "/school/" not in urls(demo)


def test_the_ways_in_cost_the_same_few_queries_however_many(demo, django_assert_max_num_queries):
    entry_points(demo)  # content types cached
    with django_assert_max_num_queries(3):
        entry_points(demo)

"""Who sees a booking or a request for help: the person and the check-up (community) staff
of that community, nobody else; no public page, feed or search result shows them; public
totals hide groups under five."""

import pytest
from django.urls import reverse
from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models

from governance.factories import MatterFactory
from portal.factories import UserFactory, school_staff_user
from training.care import models, services
from training.care.models import HelpRequest

pytestmark = pytest.mark.django_db

SECRET = "秘密康检人"
HELP_TEXT = "极其私密的家庭困难描述"


@pytest.fixture
def booked(day, community):
    from .conftest import consenting

    person = consenting(community=community, display_name=SECRET)
    return services.book(day, person)


@pytest.fixture
def help_request(asker):
    return services.ask_for_help(asker, HelpRequest.Kind.FEES, HELP_TEXT)


@pytest.fixture
def search_backend(settings, tmp_path):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "portal.search.backend", "PATH": tmp_path / "search_index"},
    }
    return get_search_backend()


def outsiders(community, other_community):
    return {
        "another resident": UserFactory(community=community, verified=True),
        "another community's staff": UserFactory(
            community=other_community, verified=True, roles=["community_staff"]
        ),
        "school staff": school_staff_user(community=community),
    }


def test_only_the_person_and_community_staff_see_a_booking(
    client, booked, community, other_community, staff
):
    day = booked.day
    staff_urls = [
        reverse("care:staff_day", args=[day.pk]),
    ]
    post_urls = [
        reverse("care:mark", args=[booked.pk]),
        reverse("care:notice", args=[booked.pk]),
        reverse("care:cancel", args=[booked.pk]),
    ]
    for who, user in outsiders(community, other_community).items():
        client.force_login(user)
        for url in staff_urls:
            assert client.get(url).status_code == 404, (who, url)
        for url in post_urls:
            assert client.post(url, {"attended": "1"}).status_code == 404, (who, url)
        page = client.get(reverse("care:checkups")).content.decode()
        assert SECRET not in page, who
    booked.refresh_from_db()
    assert booked.attended is None and booked.status == models.Booking.Status.CONFIRMED
    client.force_login(staff)
    assert SECRET in client.get(reverse("care:staff_day", args=[day.pk])).content.decode()


def test_only_the_person_and_community_staff_see_a_request(
    client, help_request, community, other_community, staff
):
    urls = [
        help_request.get_absolute_url(),
        reverse("care:help_status", args=[help_request.pk]),
        reverse("care:help_upload", args=[help_request.pk]),
    ]
    for who, user in outsiders(community, other_community).items():
        client.force_login(user)
        assert client.get(urls[0]).status_code == 404, who
        assert client.post(urls[1], {"status": "granted"}).status_code == 404, who
        assert client.post(urls[2], {}).status_code == 404, who
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.RECEIVED
    client.force_login(staff)
    assert HELP_TEXT in client.get(urls[0]).content.decode()


def test_the_assigned_staff_member_sees_the_request(client, help_request, staff, community):
    colleague = UserFactory(community=community, verified=True, roles=["community_staff"])
    services.assign(staff, help_request, colleague)
    client.force_login(colleague)
    assert client.get(help_request.get_absolute_url()).status_code == 200


def test_staff_lists_hold_only_their_own_community(client, help_request, other_staff, staff):
    client.force_login(other_staff)
    assert HELP_TEXT not in client.get(reverse("care:staff_help")).content.decode()
    assert f"#{help_request.pk}<" not in client.get(reverse("care:staff_help")).content.decode()
    client.force_login(staff)
    assert f"#{help_request.pk}" in client.get(reverse("care:staff_help")).content.decode()


def test_signed_out_visitors_are_sent_to_log_in(client, booked, help_request):
    for url in [reverse("care:checkups"), reverse("care:help"), reverse("care:staff_help")]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    assert client.get(help_request.get_absolute_url()).status_code == 404


def test_bookings_and_requests_are_never_indexed_for_search():
    private = {models.Booking, models.HelpRequest, models.HelpDocument, models.HelpStep}
    assert not set(get_indexed_models()) & private


def test_no_search_result_and_no_feed_shows_them(client, booked, help_request, search_backend):
    MatterFactory(title="家庭困难 公开事项")  # something public to find, so search runs
    client.force_login(UserFactory(community=booked.day.community, verified=True))

    def hits(query):
        response = client.get(reverse("search"), {"q": query})
        return [str(hit.title) for section in response.context["sections"] for hit in section.hits]

    assert hits("家庭困难") == ["家庭困难 公开事项"]  # the search works, and finds only that
    assert hits(SECRET) == [] and hits(HELP_TEXT) == [] and hits("康检") == []
    feeds = [
        reverse(name)
        for name in (
            "governance:feed_matters",
            "governance:feed_matters_atom",
            "governance:feed_results",
            "governance:feed_results_atom",
            "associations:feed_rss",
            "associations:feed_atom",
        )
    ]
    for url in feeds:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SECRET not in body and HELP_TEXT not in body, url


def test_public_totals_hide_small_groups_and_name_nobody(client, day, make_day, community):
    from .conftest import consenting

    for n in range(3):
        services.book(day, consenting(community=community, display_name=f"{SECRET}{n}"))
    busy = make_day(capacity=10, days_ahead=5)
    for _n in range(6):
        services.book(busy, consenting(community=community))
    page = client.get(reverse("care:totals")).content.decode()  # signed out, in Chinese
    assert SECRET not in page
    assert "<td>少于5</td>" in page  # two booked on the first day (capacity 2), hidden
    assert "<td>6</td>" in page

"""What the role × route matrix (``training/care/routes.py``, ``tests/test_route_matrix.py``)
cannot see: its roles are all of one community but other staff, and it reads a redirect to
the consent page as ``OK``. Here: residents of another community, with both consents, find
nothing of community one; a neighbour with the consents finds nothing of the person's; and
whoever has not consented is sent to the consent page, not to the page itself."""

import pytest
from django.urls import reverse

from portal.factories import UserFactory, staff_user
from portal.privacy import services as privacy
from training.care import services
from training.care.models import HelpRequest

pytestmark = pytest.mark.django_db

OK, NOT_FOUND, CONSENT = 200, 404, "consent"


def consenting(**fields):
    user = UserFactory(verified=True, **fields)
    for purpose in (services.CHECKUP, services.FAMILY_HELP):
        privacy.give_sensitive_consent(user, purpose)
    return user


def _outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        return CONSENT if "/privacy/sensitive/" in location else location
    return response.status_code


def test_other_communities_and_neighbours_find_nothing_and_consent_comes_first(
    client, community, other_community, day
):
    person = consenting(community=community)
    booking = services.book(day, person)
    help_request = services.ask_for_help(person, HelpRequest.Kind.SCHOOL, "入学")
    users = {
        "outsider": consenting(community=other_community),
        "neighbour": consenting(community=community),
        "without consent": UserFactory(community=community, verified=True),
        "staff without consent": staff_user(community=community),
    }
    book = reverse("care:book", args=[day.pk])
    table = {
        # url: {role: outcome}
        book: {
            "outsider": NOT_FOUND,
            "neighbour": OK,
            "without consent": CONSENT,
            "staff without consent": CONSENT,
        },
        reverse("care:help"): {
            "outsider": OK,
            "neighbour": OK,
            "without consent": CONSENT,
            "staff without consent": CONSENT,
        },
        help_request.get_absolute_url(): {
            "outsider": NOT_FOUND,
            "neighbour": NOT_FOUND,
            "without consent": NOT_FOUND,
            "staff without consent": OK,  # handling a request needs no consent of theirs
        },
    }
    found = []
    for url, outcomes in table.items():
        for role, expected in outcomes.items():
            client.force_login(users[role])
            got = _outcome(client.get(url))
            if got != expected:
                found.append(f"{url} as {role}: {got}, expected {expected}")
    for role in ("outsider", "neighbour"):
        client.force_login(users[role])
        got = client.post(reverse("care:cancel", args=[booking.pk])).status_code
        if got != NOT_FOUND:
            found.append(f"cancel as {role}: {got}")
    assert found == []
    booking.refresh_from_db()
    assert booking.status == booking.Status.CONFIRMED

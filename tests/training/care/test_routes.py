"""Every route of the community services × every role: what each may open (GET).

One table, read as: route → the status each role gets. A role missing from a row gets
the row's default. "the person" is the one who booked and asked; the others are people
around them."""

import pytest
from django.urls import reverse

from portal.factories import UserFactory, school_staff_user, staff_user
from portal.privacy import services as privacy
from training.care import services
from training.care.models import HelpRequest

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "the person",
    "neighbour",  # another resident of the community, no consent given
    "outsider",  # a resident of another community, with both consents
    "community staff",
    "other community staff",
    "school staff",
    "superuser",
]
LOGIN, OK, FORBIDDEN, NOT_FOUND, CONSENT = "login", 200, 403, 404, "consent"


@pytest.fixture
def world(community, other_community, make_day):
    person = UserFactory(community=community, verified=True)
    outsider = UserFactory(community=other_community, verified=True)
    for user in (person, outsider):
        privacy.give_sensitive_consent(user, services.CHECKUP)
        privacy.give_sensitive_consent(user, services.FAMILY_HELP)
    day = make_day()
    booking = services.book(day, person)
    help_request = services.ask_for_help(person, HelpRequest.Kind.SCHOOL, "入学")
    past = make_day(days_ahead=-1)
    users = {
        "anonymous": None,
        "the person": person,
        "neighbour": UserFactory(community=community, verified=True),
        "outsider": outsider,
        "community staff": staff_user(community=community),
        "other community staff": staff_user(community=other_community),
        "school staff": school_staff_user(community=community),
        "superuser": UserFactory(community=community, is_superuser=True, verified=True),
    }
    return users, day, past, booking, help_request


def table(day, past, booking, help_request):
    staff_only = {
        "community staff": OK,
        "other community staff": NOT_FOUND,
        "superuser": OK,
        "anonymous": NOT_FOUND,
    }
    staff_lists = {"anonymous": LOGIN, "community staff": OK, "superuser": OK}
    return {
        reverse("care:checkups"): (OK, {"anonymous": LOGIN}),
        reverse("care:totals"): (OK, {}),
        # Any resident of the day's community may book (staff live there too), after
        # giving the consent; a superuser is asked for it too.
        reverse("care:book", args=[day.pk]): (
            NOT_FOUND,
            {
                "the person": OK,
                "neighbour": CONSENT,
                "community staff": CONSENT,
                "school staff": CONSENT,
                "superuser": CONSENT,
            },
        ),
        # A past day: sent back with a message (the superuser, who holds every permission,
        # is stopped by the service, after the consent).
        reverse("care:book", args=[past.pk]): (
            NOT_FOUND,
            {
                "the person": "refused",
                "neighbour": "refused",
                "community staff": "refused",
                "school staff": "refused",
                "superuser": CONSENT,
            },
        ),
        reverse("care:staff_days"): (FORBIDDEN, {**staff_lists, "other community staff": OK}),
        reverse("care:staff_day", args=[day.pk]): (NOT_FOUND, staff_only),
        reverse("care:help"): (
            OK,
            {
                "anonymous": LOGIN,
                "neighbour": CONSENT,
                "community staff": CONSENT,
                "other community staff": CONSENT,
                "school staff": CONSENT,
                "superuser": CONSENT,
            },
        ),
        help_request.get_absolute_url(): (NOT_FOUND, {**staff_only, "the person": OK}),
        reverse("care:staff_help"): (FORBIDDEN, {**staff_lists, "other community staff": OK}),
        reverse("care:staff_file"): (FORBIDDEN, {**staff_lists, "other community staff": OK}),
    }


def _outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location:
            return LOGIN
        if "/privacy/sensitive/" in location:
            return CONSENT
        return "refused"  # sent back with a message
    return response.status_code


def test_every_route_answers_each_role_as_the_table_says(client, world):
    users, day, past, booking, help_request = world
    found = []
    for url, (default, exceptions) in table(day, past, booking, help_request).items():
        for role in ROLES:
            client.logout()
            if users[role] is not None:
                client.force_login(users[role])
            expected = exceptions.get(role, default)
            got = _outcome(client.get(url))
            if got != expected:
                found.append(f"{url} as {role}: {got}, expected {expected}")
    assert found == []


def test_the_table_names_every_get_route():
    from training.care import urls

    get_routes = {
        pattern.name
        for pattern in urls.urlpatterns
        if pattern.name
        not in {"cancel", "mark", "notice", "help_upload", "help_status", "help_document"}
    }
    assert get_routes == {
        "checkups",
        "totals",
        "book",
        "staff_days",
        "staff_day",
        "help",
        "help_request",
        "staff_help",
        "staff_file",
    }

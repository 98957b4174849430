"""The role × route matrix, generated from the URLconf.

Every route (``tests/routes.py`` says which are walked) must have a row in the role table
(``portal/routes.py`` and each capability's ``routes``): a new route without one fails here.
Then each row is tried for real, GET and POST (the test client skips the CSRF check, as a
form with a valid token would pass it), as every role, against one world of real objects
built once for the module; each request runs in a savepoint that is rolled back, so no
request sees another's writes.

To add a route: declare its row next to its URLs; when this test fails for it, the message
prints the row it observed, in the table's syntax, to check against what was meant.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from portal.routes import ROLES, expected
from tests import routes as walk
from tests.routes import media_root, world  # noqa: F401 - fixtures

ROUTES = walk.routes()
METHODS = ("GET", "POST")


def test_every_route_has_a_row():
    rules = walk.declared()
    missing = sorted(set(ROUTES) - set(rules))
    assert not missing, "Routes without a row in the role table: " + ", ".join(missing)


def test_every_row_names_a_route():
    stale = sorted(set(walk.declared()) - set(ROUTES))
    assert not stale, "Rows for routes that no longer exist: " + ", ".join(stale)


def test_the_walk_finds_every_kind_of_route():
    for name in (
        "governance:matter",  # an app's own view
        "account_login",  # allauth
        "portal_pending_residents",  # an admin view the project adds
        "wagtailadmin_home",
        "comments-url-redirect",  # a regular expression with positional groups
        "wagtaildocs_serve",  # a file download
        "page:governance.SessionPage",  # a page type served by Wagtail
        "page:pages.HomePage",
    ):
        assert name in ROUTES, name
    assert not any(name.startswith("wagtailimages") for name in ROUTES)


def test_outcomes_are_read_as_the_table_writes_them():
    from django.http import HttpResponse, HttpResponseRedirect

    assert walk.outcome(HttpResponse()) == "ok"
    assert walk.outcome(HttpResponseRedirect("/governance/mine/")) == "ok"
    assert walk.outcome(HttpResponseRedirect("/accounts/login/?next=/x/")) == "login"
    assert walk.outcome(HttpResponseRedirect("/en/admin/login/?next=/admin/")) == "login"
    assert walk.outcome(HttpResponseRedirect("/admin/")) == 403  # Wagtail's refusal
    assert walk.outcome(HttpResponse(status=404)) == 404
    assert walk.outcome(HttpResponse(status=405)) == 405


def request(user, method, path):
    """One request as ``user``, in a savepoint rolled back afterwards; a 500 is a result."""
    cache.clear()
    with transaction.atomic():
        client = walk.sign_in(Client(raise_request_exception=False), user)
        response = getattr(client, method.lower())(path)
        transaction.set_rollback(True)
    return response


def observe(route, built, rule):
    path = walk.url_for(route, built, rule)
    seen = {}
    for method in METHODS:
        for role in ROLES:
            seen[(method, role)] = walk.outcome(request(built.users[role], method, path))
    return path, seen


def as_row(seen):
    """The observed outcomes, written as a row of the table."""
    parts = []
    for method in METHODS:
        outcomes = {role: seen[(method, role)] for role in ROLES}
        values = list(outcomes.values())
        common = max(set(values), key=values.count)
        if values.count(common) == len(values):
            parts.append(f'"{method}": {common!r}')
            continue
        others = ", ".join(f"{r!r}: {o!r}" for r, o in outcomes.items() if o != common)
        parts.append(f'"{method}": {{"*": {common!r}, {others}}}')
    return "{" + ", ".join(parts) + "}"


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_answers_each_role_as_declared(world, name):  # noqa: F811 - the fixture
    rules = walk.declared()
    if name not in rules:
        pytest.fail(f"{name} has no row in the role table")
    rule = rules[name]
    path, seen = observe(ROUTES[name], world, rule)
    wrong = [
        f"{method} as {role}: expected {expected(rule.get(method), role)!r}, got {got!r}"
        for (method, role), got in seen.items()
        if expected(rule.get(method), role) != got
    ]
    assert not wrong, f"{name} ({path}):\n  " + "\n  ".join(wrong) + f"\nobserved: {as_row(seen)}"


def _staff_routes():
    from portal.second_factor import _is_staff_path

    return sorted(name for name, route in ROUTES.items() if _is_staff_path("/" + route.pattern))


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
@pytest.mark.parametrize("name", _staff_routes())
def test_staff_paths_ask_a_superuser_without_the_second_factor_for_it(world, name):  # noqa: F811
    """The role "a superuser who signed in with a password only": on every staff path (the
    admins, moderation, ``YISHI_STAFF_PATHS``) sent to type their TOTP code, then back."""
    from urllib.parse import unquote, urlsplit

    from django.urls import reverse

    from tests.signing_in import password_only_login

    path = walk.url_for(ROUTES[name], world, walk.declared()[name])
    for method in METHODS:
        cache.clear()
        with transaction.atomic():
            client = Client(raise_request_exception=False)
            password_only_login(client, world.users["superuser"])
            response = getattr(client, method.lower())(path)
            transaction.set_rollback(True)
        assert response.status_code == 302, (method, path, response.status_code)
        location = urlsplit(response["Location"])
        assert location.path == reverse("mfa_reauthenticate"), (method, path, location)
        assert unquote(location.query) == f"next={path}", (method, path, location)


def test_the_staff_paths_are_walked():
    names = _staff_routes()
    assert {"wagtailadmin_home", "admin:index", "discussion-moderation", "audit:index"} <= set(
        names
    ), names

"""One way to load and ask (portal/access.py): the helper itself, and every route that
takes an id answering a bad one with the same 404."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Site

from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory
from governance.models import Matter
from portal.access import acts_on, get_permitted, requires
from portal.factories import UserFactory

BAD_IDS = ["9223372036854775808", "99999999999999999999999", "-1", "abc", "0"]


@pytest.fixture
def matters(community):
    index = SessionIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page)
    session = SessionPageFactory(parent=index, community=community)
    return {
        "public": MatterFactory(session=session),
        "new": MatterFactory(session=session, state=Matter.State.NEW),
    }


def _request(user):
    request = RequestFactory().get("/somewhere/")
    request.user = user or AnonymousUser()
    return request


def _not_found_message(excinfo):
    return str(excinfo.value)


@pytest.mark.parametrize("value", BAD_IDS)
def test_a_missing_or_malformed_id_and_an_unreadable_object_give_the_same_404(
    matters, verified_resident, value
):
    request = _request(verified_resident)
    with pytest.raises(Http404) as missing:
        get_permitted(request, None, Matter, pk=value)
    with pytest.raises(Http404) as unreadable:  # someone else's matter waiting for triage
        get_permitted(request, None, Matter, pk=matters["new"].pk)
    assert _not_found_message(missing) == _not_found_message(unreadable)


def test_readable_but_not_permitted_is_a_403_or_a_404_where_existence_is_private(
    matters, verified_resident
):
    request = _request(verified_resident)
    matter = matters["public"]
    assert get_permitted(request, None, Matter, pk=matter.pk) == matter
    with pytest.raises(PermissionDenied):
        get_permitted(request, "governance.triage_matter", Matter, pk=matter.pk)
    with pytest.raises(Http404):
        get_permitted(request, "governance.triage_matter", Matter, pk=matter.pk, hide=True)


def test_the_queryset_narrows_what_can_be_found(matters, staff, other_community):
    request = _request(staff)
    outside = Matter.objects.exclude(pk=matters["public"].pk)
    with pytest.raises(Http404):
        get_permitted(request, None, outside, pk=matters["public"].pk)
    with pytest.raises(Http404):
        get_permitted(request, None, lambda request: Matter.objects.none(), pk=matters["new"].pk)


def _view(request, matter):
    return HttpResponse(f"matter {matter.pk}")


def test_the_decorator_passes_the_object_and_sends_the_signed_out_to_log_in(
    matters, verified_resident, staff
):
    view = acts_on(Matter, "governance.manage_matter")(_view)
    matter = matters["public"]
    anonymous = view(_request(None), pk=matter.pk)
    assert anonymous.status_code == 302 and "login" in anonymous.url
    with pytest.raises(PermissionDenied):
        view(_request(verified_resident), pk=str(matter.pk))
    assert view(_request(staff), pk=str(matter.pk)).content == f"matter {matter.pk}".encode()


def test_the_decorator_answers_with_the_views_own_refusal(matters, resident, staff):
    refused = acts_on(
        Matter, "governance.triage_matter", refused=lambda request, m: HttpResponse(status=409)
    )(_view)
    assert refused(_request(resident), pk=matters["public"].pk).status_code == 409
    with pytest.raises(Http404):  # the refusal is for readable objects only
        refused(_request(resident), pk=matters["new"].pk)
    assert refused(_request(staff), pk=matters["new"].pk).content == (
        f"matter {matters['new'].pk}".encode()
    )


def test_requires_asks_without_an_object(db, resident, staff):
    view = requires("governance.triage_matters")(lambda request: HttpResponse("queue"))
    assert view(_request(staff)).status_code == 200
    with pytest.raises(PermissionDenied):
        view(_request(resident))
    assert "login" in view(_request(None)).url


# Every route with an id -------------------------------------------------------------------

# Routes that are not the project's own (allauth, Wagtail's and Django's admin), the page
# catch-all, and feeds keyed by something other than an id.
SKIPPED_PREFIXES = ("accounts/", "admin/", "django-admin/", "documents/", "jsi18n/", "cr/")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def id_routes():
    """Every project route with a parameter in ``<...>``, as a path template."""
    found = []
    for route, _pattern in _routes(get_resolver().url_patterns):
        route = route.lstrip("^")
        if "<" not in route or route.startswith(SKIPPED_PREFIXES):
            continue
        found.append(route)
    return sorted(set(found))


def test_the_id_routes_are_found():
    routes = id_routes()
    for expected in (
        "governance/matters/<int:pk>/",
        "covenant/versions/<int:pk>/adopt/",
        "training/certificates/<str:code>/",
        "comments/moderate/<int:comment_id>/",
    ):
        assert any(route.endswith(expected) for route in routes), expected


@pytest.mark.parametrize("route", id_routes())
@pytest.mark.parametrize("value", BAD_IDS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_id_route_answers_a_bad_id_with_404(client, db, route, value, method):
    """Signed in as a superuser, so that no permission answers first. (A route that only
    takes POST answers a GET with 405 whatever the id.)"""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    path = "/" + re.sub(r"<[^>]+>", value, route)
    response = getattr(client, method)(path)
    allowed = {404, 405} if method == "get" else {404}
    assert response.status_code in allowed, path


def test_a_lookup_by_a_text_or_uuid_field_finds_the_row(community):
    """Only integer fields have a range to check: on SQLite every type reports one, and
    comparing a code or a UUID with it raised, which made every such lookup a 404."""
    import uuid

    from governance.covenant.factories import CovenantPageFactory
    from governance.covenant.models import Clause
    from portal.access import lookup
    from portal.models import Community

    assert lookup(Community.objects.all(), slug=community.slug) == community
    covenant = CovenantPageFactory(parent=Site.objects.get(is_default_site=True).root_page)
    clause = Clause.objects.create(covenant=covenant)
    assert lookup(Clause.objects.all(), key=str(clause.key)) == clause
    with pytest.raises(Http404):
        lookup(Clause.objects.all(), key=str(uuid.uuid4()))
    with pytest.raises(Http404):
        lookup(Clause.objects.all(), key="not-a-uuid")

"""Malformed input over every route, generated from the same URLconf walk as the matrix.

For each route, as a visitor, as community staff and as a superuser (second factor passed;
they reach the deepest code): wrong values in the URL's parameters where the converter lets
them through (huge, zero, unicode, NUL),
junk query strings (``?page=abc``, a 10 000-character ``q``, NUL bytes, invalid UTF-8 and
lone surrogates percent-encoded, Whoosh query syntax), and POST bodies with missing fields,
wrong types, over-long strings (a 1 MB body), ids that name nothing, raw invalid UTF-8,
JSON to a form view, a junk file in multipart, a broken multipart body, and no CSRF token.

Asserted: no response is a 5xx (no exception escapes), and a refused request (4xx) leaves
every table as it was. Each request runs in a savepoint rolled back afterwards.
"""

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client

from portal.routes import LOGIN, NOT_ALLOWED, expected
from tests import routes as walk
from tests.routes import media_root, world  # noqa: F401 - fixtures

# A cache key that some backend would refuse (too long, odd characters) is a failure too.
pytestmark = pytest.mark.filterwarnings("error::django.core.cache.backends.base.CacheKeyWarning")

ROUTES = walk.routes()
RULES = walk.declared()
ROLES = ("anonymous", "staff", "superuser")

# Values for a URL parameter, by converter (only what the converter lets through).
BAD_VALUES = {
    "int": ["9223372036854775808", "99999999999999999999999", "0"],
    "str": ["名字", "%00", "%FF%FE", "-1", "x" * 300],
    "uuid": ["00000000-0000-0000-0000-000000000000"],
    "re": ["9223372036854775808", "0"],
    "slug": ["-", "x" * 300],
}
LONG = "长" * 10_000
FIELDS = [
    "title", "description", "category", "text", "comment", "reason", "action", "choice",
    "name", "display_name", "community", "phone", "login", "password", "code", "held_on",
    "place", "attendance", "starts_at", "capacity", "status", "role", "version", "page",
    "for_count", "against_count", "abstain_count", "visibility", "discussion", "topic",
    "content_type", "object_pk", "reply_to", "next", "key", "summary", "decision",
]  # fmt: skip
QUERIES = [
    "page=abc&p=-1&cpage=99999999999999999999&type=zzz&sort=%27&old=x&new=y&code=" + "Z" * 50,
    "q=" + "a" * 10_000,
    "q=%00&page=%00&code=%00&next=%00",
    "q=%FF%FE%C0&page=%C0%AF&code=%E0%80",
    "q=%ED%A0%80&code=%ED%B0%80",  # lone surrogates, UTF-8 encoded
    'q=title:(a%20OR%20"b)%20AND*%20~^%20[x%20TO&type=matters',  # Whoosh syntax, unbalanced
    "next=javascript:alert(1)&q=<script>",
]


def _posts():
    """(label, keyword arguments for Client.post) of every malformed body."""
    junk_types = dict.fromkeys(FIELDS, "abc") | {"capacity": "-1", "attendance": "1e309"}
    junk_types |= {"held_on": "2026-13-45", "starts_at": "yesterday", "page": "-1"}
    return [
        ("missing fields", {"data": {}}),
        ("wrong types", {"data": junk_types}),
        ("over-long strings (1 MB)", {"data": dict.fromkeys(FIELDS, LONG * 3)}),
        (
            "ids that name nothing",
            {"data": dict.fromkeys(FIELDS, "9223372036854775807") | {"content_type": "999999"}},
        ),
        (
            "NUL and invalid UTF-8",
            {
                "data": b"title=%00%FF&text=\xff\xfe\x00&comment=%ED%A0%80&name=\x00",
                "content_type": "application/x-www-form-urlencoded",
            },
        ),
        (
            "JSON to a form",
            {
                "data": b'{"title": 1, "text": [null], "choice": {}}',
                "content_type": "application/json",
            },
        ),
        (
            "junk file in multipart",
            {
                "data": dict.fromkeys(FIELDS, "x")
                | {f: _junk_file() for f in ("photo", "file", "files", "image", "attachments")}
            },
        ),
        (
            "broken multipart",
            {
                "data": b'--nope\r\nContent-Disposition: form-data; name="title\r\n\r\nx',
                "content_type": "multipart/form-data; boundary=",
            },
        ),
    ]


def _junk_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00junk" * 200, "image/png")


POSTS = _posts()


def _tables():
    # Signing in writes a session; a refusal may be audited; Wagtail's admin makes a
    # profile for whoever it sees first.
    skip = {"django_session", "portal_auditentry", "wagtailusers_userprofile"}
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy and model._meta.db_table not in skip
        }
    )


def _counts(tables):
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def send(user, method, path, tables, *, csrf=False, **kwargs):
    """One request in a savepoint rolled back afterwards: (status, exception, tables that
    changed although the answer was a 4xx)."""
    cache.clear()
    with transaction.atomic():
        client = walk.sign_in(Client(enforce_csrf_checks=csrf, raise_request_exception=False), user)
        before = _counts(tables)
        response = getattr(client, method)(path, **kwargs)
        changed = []
        if 400 <= response.status_code < 500:
            after = _counts(tables)
            changed = [t for t, b, a in zip(tables, before, after, strict=True) if a != b]
        transaction.set_rollback(True)
    error = response.exc_info[1] if getattr(response, "exc_info", None) else None
    return response.status_code, error, changed


def _posts_matter(rule, role):
    """Whether malformed bodies can reach the route's view as ``role`` (not when POST is
    refused before the view reads anything: not allowed, or sent to log in)."""
    return expected(rule.get("POST"), role) not in (NOT_ALLOWED, LOGIN)


def requests_for(route, built, role):
    """(label, method, path, kwargs) of every malformed request to ``route`` as ``role``."""
    rule = RULES.get(route.name, {})
    path = walk.url_for(route, built, rule)
    methods = ["get", "post"] if _posts_matter(rule, role) else ["get"]
    good = {name: built.kwarg(src) for name, src in rule.get("kwargs", {}).items() if "." in src}
    for name, converter in zip(route.kwargs, route.converters, strict=True):
        for value in BAD_VALUES.get(converter, BAD_VALUES["str"]):
            values = {**good, **{k: v for k, v in rule.get("kwargs", {}).items() if "." not in v}}
            values[name] = value
            bad_path = walk.reverse_route(route, values)
            for method in methods:
                yield f"{name}={value[:20]}", method, bad_path, {}
    for query in QUERIES:
        yield f"?{query[:40]}", "get", f"{path}?{query}", {}
    if "post" in methods:
        for label, kwargs in POSTS:
            yield label, "post", path, kwargs
        yield "no CSRF token", "post", path, {"data": {"title": "x"}, "csrf": True}


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_malformed_input_never_fails_the_server(world, name, role):  # noqa: F811 - the fixture
    tables = _tables()
    failures = []
    for label, method, path, kwargs in requests_for(ROUTES[name], world, role):
        csrf = kwargs.pop("csrf", False)
        status, error, changed = send(world.users[role], method, path, tables, csrf=csrf, **kwargs)
        if status >= 500:
            failures.append(f"{method.upper()} {label}: {status} {error!r}")
        if changed:
            failures.append(f"{method.upper()} {label}: {status} but wrote to {changed}")
    assert not failures, f"{name} as {role}:\n  " + "\n  ".join(failures)

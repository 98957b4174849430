from datetime import timedelta

import pytest
from django.urls import clear_url_caches
from django.utils import timezone
from wagtail.models import Site

from governance.covenant.factories import CovenantPageFactory, make_version

V1 = [
    (None, "登记与租房", "来社区登记", "新来社区居住的人，在到达后七日内到居委会登记。"),
    (None, "登记与租房", "房东的责任", "房东应当提醒租户及时登记。"),
    (None, "安全", "消防安全", "不在楼道里给电动车充电。"),
]


@pytest.fixture(autouse=True)
def _english(settings):
    """Pages in English, so assertions read the msgids whatever the translations say.

    URL reversing caches each language's prefix: clear it on the way in and out, or a
    prefix computed under the real default language would leak in (or out)."""
    clear_url_caches()
    settings.LANGUAGE_CODE = "en"
    yield
    clear_url_caches()


@pytest.fixture
def covenant(community):
    home = Site.objects.get(is_default_site=True).root_page
    return CovenantPageFactory(parent=home, community=community, slug="gongyue")


@pytest.fixture
def v1(covenant):
    """The version in force, since last month."""
    return make_version(covenant, V1, effective_date=timezone.localdate() - timedelta(days=30))


def next_version(version, changes=(), **kwargs):
    """A version with ``version``'s clauses, where ``changes`` maps a clause title to a new
    ``(chapter, title, text)``; clauses keep their identity."""
    changes = dict(changes)
    rows = [
        (row.clause, *changes.get(row.title, (row.chapter, row.title, row.text)))
        for row in version.rows
    ]
    return make_version(version.covenant, rows, **kwargs)


def post_comment(client, user, clause, text):
    """Comment on ``clause`` through the shared discussion form, as ``user``."""
    from portal.discussion.forms import CommentForm

    client.force_login(user)
    data = CommentForm(clause, user=user).generate_security_data()
    return client.post("/comments/post/", {**data, "comment": text, "reply_to": 0})

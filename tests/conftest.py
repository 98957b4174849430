import json

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.signals import setting_changed
from django.db import IntegrityError, connection
from django.urls import clear_url_caches
from django.utils import translation

from portal import roles, sms
from portal.factories import CommunityFactory, UserFactory, school_staff_user, staff_user
from tests import signing_in


def _forget_language_prefixes(*, setting, **kwargs):
    """Reversing caches each language's URL prefix, which depends on LANGUAGE_CODE: a test
    that changes it (and the settings fixture putting it back) must not leave the other
    tests reversing ``/en/…`` without its prefix."""
    if setting in ("LANGUAGE_CODE", "LANGUAGES"):
        clear_url_caches()


setting_changed.connect(_forget_language_prefixes, dispatch_uid="tests_forget_language_prefixes")

pytest_plugins = ["tests.browser_fixtures"]

signing_in.install()  # force_login: a staff session that passed TOTP (tests/signing_in.py)


def pytest_collection_modifyitems(items):
    """Transactional tests (browser, concurrency) flush the database when they end, which
    takes the data migrations' rows (roles, sites, the home page) from every test after
    them: give each of them ``restore_baseline``."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and marker.kwargs.get("transaction")
        if transactional or set(item.fixturenames) & {"transactional_db", "live_server"}:
            item.fixturenames.insert(0, "restore_baseline")


@pytest.fixture(scope="session")
def _baseline(django_db_setup, django_db_blocker):
    """The database as the migrations left it, taken before any transactional test."""
    with django_db_blocker.unblock():
        rows = json.loads(connection.creation.serialize_db_to_string())
    # Content types first: signal handlers of rows loaded before them (pages) would otherwise
    # create them anew, and the baseline's own rows would then clash.
    rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")
    return json.dumps(rows)


@pytest.fixture
def restore_baseline(_baseline, transactional_db):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    if Page.objects.exists():
        return
    # The live server may still be answering the last browser test's final request, and so
    # create a content type between the flush and the load: then flush and load again.
    for attempt in range(3):
        # The flush re-ran post_migrate (content types, permissions): clear those first.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        ContentType.objects.clear_cache()
        try:
            connection.creation.deserialize_db_from_string(_baseline)
            break
        except IntegrityError:
            if attempt == 2:
                raise
    ContentType.objects.clear_cache()
    # Rows came back with their ids: move PostgreSQL's sequences past them.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


@pytest.fixture(autouse=True)
def _fresh_state(settings, tmp_path):
    """Each test starts with an empty cache (rate limits, pages), SMS outbox and SMS file,
    and the default language (the test client leaves the last request's one active)."""
    translation.deactivate()
    cache.clear()
    sms.outbox.clear()
    settings.SMS_FILE_PATH = tmp_path / "sms.log"
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    cache.clear()
    translation.deactivate()


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def other_community(db):
    return CommunityFactory()


@pytest.fixture
def resident(community):
    return UserFactory(community=community)


@pytest.fixture
def verified_resident(community):
    return UserFactory(community=community, verified=True)


@pytest.fixture
def other_verified_resident(other_community):
    """A verified resident of another community."""
    return UserFactory(community=other_community, verified=True)


@pytest.fixture
def leader(community):
    return UserFactory(community=community, verified=True, roles=[roles.ASSOCIATION_LEADER])


@pytest.fixture
def staff(community):
    return staff_user(community=community)


@pytest.fixture
def school_staff(community):
    return school_staff_user(community=community)


@pytest.fixture
def superuser(community):
    return UserFactory(community=community, is_superuser=True, is_staff=True, verified=True)

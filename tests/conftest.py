import pytest
from django.core.cache import cache

from portal import roles, sms
from portal.factories import CommunityFactory, UserFactory, school_staff_user, staff_user

pytest_plugins = ["tests.browser_fixtures"]


def pytest_collection_modifyitems(items):
    """Transactional tests (browser, concurrency) flush the database when they end, which
    would take the data migrations' rows (roles, sites, the home page) from every test
    after them. Serialized rollback puts those rows back."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        fixtures = set(item.fixturenames)
        if kwargs.get("transaction") or fixtures & {"transactional_db", "live_server"}:
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs))


@pytest.fixture(autouse=True)
def _fresh_state(settings, tmp_path):
    """Each test starts with an empty cache (rate limits), SMS outbox and SMS file."""
    cache.clear()
    sms.outbox.clear()
    settings.SMS_FILE_PATH = tmp_path / "sms.log"
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    cache.clear()


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

import pytest
from django.core.cache import cache

from portal import roles, sms
from portal.factories import CommunityFactory, UserFactory, school_staff_user, staff_user

pytest_plugins = ["tests.browser_fixtures"]


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

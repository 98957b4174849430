import pytest
from django.urls import clear_url_caches

from governance.units.factories import UnitFactory, make_agreement, make_template
from governance.units.models import AgreementKind, UnitKind
from portal.factories import UserFactory, staff_user


@pytest.fixture(autouse=True)
def _english(settings):
    """Pages in English, so assertions read the msgids whatever the translations say."""
    clear_url_caches()
    settings.LANGUAGE_CODE = "en"
    yield
    clear_url_caches()


@pytest.fixture
def landlord(community):
    """A landlord who has signed up and leads their unit."""
    return UserFactory(community=community, verified=True, display_name="马阿姨")


@pytest.fixture
def landlord_unit(community, landlord):
    return UnitFactory(
        community=community, name="马阿姨出租屋", kind=UnitKind.LANDLORD, lead=landlord
    )


@pytest.fixture
def site_unit(community):
    lead = UserFactory(community=community, verified=True, display_name="孙工长")
    return UnitFactory(
        community=community, name="城南工地", kind=UnitKind.CONSTRUCTION_SITE, lead=lead
    )


@pytest.fixture
def other_unit(other_community):
    return UnitFactory(community=other_community, name="别处的出租屋")


@pytest.fixture
def unit_template(community):
    return make_template(community)


@pytest.fixture
def workers_template(community):
    return make_template(community, AgreementKind.UNIT_WORKERS)


@pytest.fixture
def agreement(unit_template, landlord_unit, staff):
    """The landlord's agreement, signed and in force."""
    return make_agreement(unit_template, landlord_unit, by=staff)


@pytest.fixture
def workers_agreement(workers_template, site_unit, staff):
    return make_agreement(workers_template, site_unit, by=staff)


@pytest.fixture
def worker(community):
    return UserFactory(community=community, display_name="郭师傅")


@pytest.fixture
def other_staff(other_community):
    return staff_user(community=other_community)

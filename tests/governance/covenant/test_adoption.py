from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from governance.covenant import services
from governance.covenant.models import Adoption
from portal.factories import UserFactory

from .conftest import next_version


def adopt_url(version):
    return f"/covenant/versions/{version.pk}/adopt/"


def test_one_adoption_per_person_per_version_is_enforced_by_the_database(v1, resident):
    Adoption.objects.create(version=v1, user=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Adoption.objects.create(version=v1, user=resident)


def test_adopting_twice_keeps_one_adoption(client, v1, resident):
    client.force_login(resident)
    for _ in range(2):
        response = client.post(adopt_url(v1))
        assert response.status_code == 302
    assert Adoption.objects.filter(version=v1, user=resident).count() == 1
    page = client.get(v1.covenant.url).content.decode()
    assert "1 resident has adopted this version." in page
    assert "I have read and adopt the covenant" not in page


def test_anonymous_is_sent_to_log_in(client, v1):
    assert "/accounts/login/" in client.post(adopt_url(v1)).url
    assert not Adoption.objects.exists()
    page = client.get(v1.covenant.url).content.decode()
    assert "Log in to adopt the covenant" in page


def test_adoption_is_refused_with_a_message_for_another_community(
    client, v1, other_verified_resident
):
    client.force_login(other_verified_resident)
    response = client.post(adopt_url(v1), follow=True)
    assert not Adoption.objects.exists()
    assert "Only residents of this community" in response.content.decode()


def test_only_the_version_in_force_is_adopted(client, v1, resident):
    v2 = next_version(v1, effective_date=timezone.localdate() + timedelta(days=3))
    client.force_login(resident)
    client.post(adopt_url(v2))
    assert not Adoption.objects.filter(version=v2).exists()


def test_names_of_adopters_are_for_staff_only(client, v1, resident, verified_resident, staff):
    Adoption.objects.create(version=v1, user=verified_resident)
    client.force_login(resident)
    assert verified_resident.public_name not in client.get(v1.covenant.url).content.decode()
    client.force_login(staff)
    assert verified_resident.public_name in client.get(v1.covenant.url).content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL for real concurrency"
)
def test_concurrent_adoptions_leave_exactly_one(v1):
    user = UserFactory(community=v1.covenant.community)

    def adopt(_):
        try:
            return services.adopt(v1, user).pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        ids = set(pool.map(adopt, range(20)))
    assert Adoption.objects.filter(version=v1, user=user).count() == 1
    assert len(ids) == 1

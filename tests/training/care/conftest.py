"""Check-up days and requests for help to test against."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from portal.factories import UserFactory, staff_user
from portal.privacy import services as privacy
from training.care import services
from training.care.models import CheckupDay


def consenting(purpose=services.CHECKUP, **kwargs):
    user = UserFactory(**kwargs)
    privacy.give_sensitive_consent(user, purpose)
    return user


@pytest.fixture
def make_day(community):
    def make(capacity=2, days_ahead=3, **fields):
        return CheckupDay.objects.create(
            community=fields.pop("community", community),
            date=timezone.localdate() + timedelta(days=days_ahead),
            starts_at=time(8, 30),
            ends_at=time(11, 30),
            place="社区卫生服务站",
            capacity=capacity,
            who_may_come="育龄妇女",
            what_to_bring="身份证",
            **fields,
        )

    return make


@pytest.fixture
def day(make_day):
    return make_day()


@pytest.fixture
def people(community):
    """Four residents of the community who gave the check-up consent."""
    return [consenting(community=community, display_name=f"康检居民{n}") for n in range(4)]


@pytest.fixture
def other_staff(other_community):
    return staff_user(community=other_community)


@pytest.fixture
def asker(community):
    return consenting(services.FAMILY_HELP, community=community, display_name="求助家庭甲")

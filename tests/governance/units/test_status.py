"""An agreement's status is computed from its dates and its signed record, in one place;
the queryset's filters say the same (tests move the date, not the data)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.units import services
from governance.units.factories import make_agreement
from governance.units.models import Agreement, AgreementStatus

S = AgreementStatus


@pytest.mark.parametrize(
    ("starts", "ends", "signed", "status"),
    [
        (-10, 200, False, S.DRAFT),
        (5, 200, True, S.UPCOMING),
        (-10, 31, True, S.IN_FORCE),
        (-10, 30, True, S.EXPIRING),
        (-10, 0, True, S.EXPIRING),
        (-10, -1, True, S.EXPIRED),
    ],
)
def test_status_from_dates_and_signing(unit_template, landlord_unit, starts, ends, signed, status):
    agreement = make_agreement(
        unit_template, landlord_unit, starts=starts, ends=ends, signed=signed
    )
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.status_on() == status
    for other in S.values:
        found = Agreement.objects.with_status(other).filter(pk=agreement.pk).exists()
        assert found == (other == status), other


def test_the_same_agreement_moves_through_its_statuses_as_the_days_pass(agreement):
    today = timezone.localdate()
    assert agreement.status_on(today) == S.IN_FORCE
    assert agreement.status_on(agreement.starts_on - timedelta(days=1)) == S.UPCOMING
    assert agreement.status_on(agreement.ends_on - timedelta(days=30)) == S.EXPIRING
    assert agreement.status_on(agreement.ends_on) == S.EXPIRING
    assert agreement.status_on(agreement.ends_on + timedelta(days=1)) == S.EXPIRED
    later = agreement.ends_on - timedelta(days=10)
    assert Agreement.objects.with_status(S.EXPIRING, later).get() == agreement


def test_an_agreement_ended_early_is_ended_whatever_the_dates(agreement, staff):
    services.end_agreement(agreement, staff)
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.status == S.ENDED
    assert list(Agreement.objects.with_status(S.ENDED)) == [agreement]
    with pytest.raises(services.Refused):
        services.end_agreement(agreement, staff)


def test_the_database_refuses_an_end_before_the_start(unit_template, landlord_unit):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        make_agreement(unit_template, landlord_unit, starts=10, ends=5, signed=False)


def test_next_clock_change_is_the_next_midnight_a_status_changes(agreement):
    now = timezone.now()
    moment = services.next_clock_change(now)
    expiring_from = agreement.ends_on - timedelta(days=30)
    assert timezone.localdate(moment) == expiring_from
    assert moment > now

import pytest
from django.core.management import call_command

from training.care.models import Booking, CheckupDay, HelpRequest

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_checkup_day_with_bookings_and_requests_for_help():
    from portal import demo
    from training.care import demo as care_demo

    context = demo.build()
    care_demo.build(context)
    care_demo.build(context)  # idempotent

    day = CheckupDay.objects.get()
    assert day.is_upcoming
    assert day.confirmed().count() == day.capacity
    assert Booking.objects.filter(status=Booking.Status.WAITING).count() == 2
    statuses = sorted(HelpRequest.objects.values_list("status", flat=True))
    assert statuses == ["needs_info", "received", "referred"]


def test_load_demo_builds_it_after_the_apps_it_builds_on():
    call_command("load_demo", "care", verbosity=0)
    assert CheckupDay.objects.exists()

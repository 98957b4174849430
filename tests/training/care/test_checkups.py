"""Check-up days: capacity under row locks, waiting list, cancel and rebook, consent,
reminders by the daily job, attendance and the result notice."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal import audit, sms
from portal.audit import AuditEntry
from portal.capabilities import daily_jobs
from portal.models import Notification
from portal.privacy import services as privacy
from training.care import services
from training.care.models import Booking

from .conftest import consenting

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING, CANCELLED = (
    Booking.Status.CONFIRMED,
    Booking.Status.WAITING,
    Booking.Status.CANCELLED,
)


def test_places_fill_then_the_next_person_waits(day, people):
    statuses = [services.book(day, person).status for person in people]
    assert statuses == [CONFIRMED, CONFIRMED, WAITING, WAITING]
    assert day.places_left() == 0
    assert day.confirmed().count() == 2


def test_booking_twice_keeps_one_booking(day, people):
    first = services.book(day, people[0])
    again = services.book(day, people[0])
    assert first.pk == again.pk
    assert Booking.objects.filter(day=day, user=people[0]).count() == 1


def test_cancelling_a_place_promotes_the_first_waiting_and_tells_them(
    day, people, django_capture_on_commit_callbacks
):
    for person in people:
        services.book(day, person, remind_by_sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(Booking.objects.get(day=day, user=people[0]))
    statuses = dict(Booking.objects.filter(day=day).values_list("user_id", "status"))
    assert statuses == {
        people[0].pk: CANCELLED,
        people[1].pk: CONFIRMED,
        people[2].pk: CONFIRMED,
        people[3].pk: WAITING,
    }
    note = Notification.objects.get(recipient=people[2])
    assert "约上" in note.message  # "you are now booked" (Chinese is the default)
    assert [sent["to"] for sent in sms.outbox] == [people[2].phone]  # asked for SMS


def test_cancelling_a_waiting_place_promotes_nobody(day, people):
    for person in people[:3]:
        services.book(day, person)
    services.cancel_booking(Booking.objects.get(day=day, user=people[2]))
    assert day.confirmed().count() == 2
    assert not Notification.objects.filter(recipient__in=people).exists()


def test_rebooking_after_cancelling_goes_to_the_end_of_the_queue(day, people):
    for person in people[:3]:
        services.book(day, person)
    services.cancel_booking(Booking.objects.get(day=day, user=people[0]))  # people[2] moves up
    rebooked = services.book(day, people[0])
    assert rebooked.status == WAITING
    assert Booking.objects.filter(day=day, user=people[0]).count() == 1


def test_a_past_day_cannot_be_booked(make_day, people):
    past = make_day(days_ahead=-1)
    with pytest.raises(services.Refused):
        services.book(past, people[0])
    assert not Booking.objects.exists()


def test_the_booking_page_books_and_refuses_cleanly_when_full(client, make_day, people):
    day = make_day(capacity=1)
    services.book(day, people[0])
    client.force_login(people[1])
    url = reverse("care:book", args=[day.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "waiting list" in page.content.decode() or "候补" in page.content.decode()
    response = client.post(url, {}, follow=True)
    assert response.status_code == 200, response.redirect_chain
    assert Booking.objects.get(user=people[1]).status == WAITING
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1 and shown[0]  # one clear message, no error page
    assert day.confirmed().count() == 1


def test_booking_needs_the_sensitive_consent_first(client, day, resident):
    client.force_login(resident)
    url = reverse("care:book", args=[day.pk])
    response = client.post(url, {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("privacy:sensitive", args=["health_checkup"]))
    assert not Booking.objects.exists()
    with pytest.raises(services.Refused):
        services.book(day, resident)  # the service asks too


def test_withdrawing_consent_blocks_new_bookings_and_cancels_upcoming_ones(
    client, make_day, people
):
    day, later = make_day(capacity=1), make_day(capacity=1, days_ahead=10)
    services.book(day, people[0])
    services.book(day, people[1])  # waits
    privacy.withdraw_sensitive_consent(people[0], services.CHECKUP)
    assert Booking.objects.get(day=day, user=people[0]).status == CANCELLED
    assert Booking.objects.get(day=day, user=people[1]).status == CONFIRMED
    client.force_login(people[0])
    response = client.post(reverse("care:book", args=[later.pk]), {})
    assert response["Location"].startswith(reverse("privacy:sensitive", args=["health_checkup"]))
    assert not Booking.objects.filter(day=later).exists()


def test_a_resident_of_another_community_cannot_book(client, day, other_community):
    outsider = consenting(community=other_community)
    client.force_login(outsider)
    assert client.get(reverse("care:book", args=[day.pk])).status_code == 404
    assert client.post(reverse("care:book", args=[day.pk]), {}).status_code == 404
    assert not Booking.objects.exists()


def test_a_person_cancels_only_their_own_booking(client, day, people):
    mine = services.book(day, people[0])
    client.force_login(people[1])
    assert client.post(reverse("care:cancel", args=[mine.pk])).status_code == 404
    client.force_login(people[0])
    assert client.post(reverse("care:cancel", args=[mine.pk])).status_code == 302
    assert Booking.objects.get(pk=mine.pk).status == CANCELLED


def test_the_daily_job_reminds_tomorrows_bookings_once_by_site_and_sms_only_if_chosen(
    make_day, people, django_capture_on_commit_callbacks
):
    tomorrow = make_day(days_ahead=1, capacity=3)
    services.book(tomorrow, people[0], remind_by_sms=True)
    services.book(tomorrow, people[1], remind_by_sms=False)
    services.book(make_day(days_ahead=2), people[2], remind_by_sms=True)
    assert services.daily in daily_jobs()
    with django_capture_on_commit_callbacks(execute=True):
        lines = services.daily(timezone.now())
    assert lines == ["care: sent 2 check-up reminder(s)"]
    assert Notification.objects.filter(recipient=people[0]).count() == 1
    assert Notification.objects.filter(recipient=people[1]).count() == 1
    assert not Notification.objects.filter(recipient=people[2]).exists()
    assert [sent["to"] for sent in sms.outbox] == [people[0].phone]
    assert "社区卫生服务站" in sms.outbox[0]["text"]
    services.daily(timezone.now())
    assert Notification.objects.filter(recipient__in=people).count() == 2  # not twice


def test_the_daily_command_runs_the_reminders(make_day, people, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.YISHI_DAILY_JOBS = []
    services.book(make_day(days_ahead=1), people[0])
    call_command("daily", verbosity=0)
    assert Notification.objects.filter(recipient=people[0]).count() == 1


def test_staff_mark_attendance_and_the_notice_never_a_result(client, make_day, people, staff):
    day = make_day()
    booking = services.book(day, people[0])
    day.date = timezone.localdate() - timedelta(days=1)
    day.save()
    client.force_login(staff)
    assert client.get(reverse("care:staff_day", args=[day.pk])).status_code == 200
    assert AuditEntry.objects.filter(action=audit.Action.READ_CHECKUP_BOOKINGS).count() == 1
    client.post(reverse("care:mark", args=[booking.pk]), {"attended": "1"})
    sent_on = timezone.localdate().isoformat()
    client.post(reverse("care:notice", args=[booking.pk]), {"sent_on": sent_on, "sent_by": "post"})
    booking.refresh_from_db()
    assert booking.attended is True
    assert booking.notice_sent_on == timezone.localdate() and booking.notice_sent_by == "post"
    assert {"result", "outcome"}.isdisjoint(f.name for f in Booking._meta.get_fields())
    actions = set(AuditEntry.objects.filter(person=people[0]).values_list("action", flat=True))
    assert actions == {audit.Action.MARK_CHECKUP_ATTENDANCE, audit.Action.RECORD_CHECKUP_NOTICE}
    assert Notification.objects.filter(recipient=people[0]).count() == 1


def test_a_future_notice_date_is_refused(client, make_day, people, staff):
    day = make_day()
    booking = services.book(day, people[0])
    services.mark_attendance(staff, booking, True)
    client.force_login(staff)
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(
        reverse("care:notice", args=[booking.pk]), {"sent_on": future, "sent_by": "post"}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.notice_sent_on is None


def test_staff_schedule_a_day_and_bad_input_is_a_message(client, staff):
    client.force_login(staff)
    url = reverse("care:staff_days")
    date = (timezone.localdate() + timedelta(days=5)).isoformat()
    fields = {
        "date": date,
        "starts_at": "09:00",
        "ends_at": "08:00",
        "place": "卫生站",
        "capacity": "10",
        "who_may_come": "所有居民",
    }
    response = client.post(url, fields)
    assert response.status_code == 200  # the form again, with the error
    assert not staff.community.checkupday_set.exists()
    response = client.post(url, {**fields, "ends_at": "11:00"})
    assert response.status_code == 302
    assert staff.community.checkupday_set.get().capacity == 10


def test_residents_cannot_schedule_days(client, resident):
    client.force_login(resident)
    assert client.get(reverse("care:staff_days")).status_code == 403


def test_workbench_counts_bookings_to_mark(make_day, people, staff, other_staff):
    from portal.capabilities import workbench_items

    day = make_day()
    services.book(day, people[0])
    day.date = timezone.localdate() - timedelta(days=1)
    day.save()
    labels = {str(item.label): item.count for item in workbench_items(staff)}
    assert 1 in labels.values()
    assert not [i for i in workbench_items(other_staff) if i.url.startswith("/care/")]

import threading

import pytest
from django.db import close_old_connections, connection

from training.care import services
from training.care.models import Booking

from .conftest import consenting


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_never_exceed_the_places(make_day, community):
    day = make_day(capacity=3)
    people = [consenting(community=community) for _ in range(10)]
    barrier = threading.Barrier(len(people))
    errors = []

    def book(person):
        try:
            barrier.wait()
            services.book(day, person)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=book, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert day.bookings.filter(status=Booking.Status.CONFIRMED).count() == 3
    assert day.bookings.filter(status=Booking.Status.WAITING).count() == 7

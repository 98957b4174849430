import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

from portal.factories import UserFactory
from portal.models import Notification
from training import services
from training.models import Registration, TrainingClass

CONFIRMED, WAITING = Registration.Status.CONFIRMED, Registration.Status.WAITING


def _class(capacity=2, starts_at=None):
    starts_at = starts_at or timezone.now() + timedelta(days=3)
    return TrainingClass.objects.create(
        title="新婚讲座",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        place="社区活动室",
        capacity=capacity,
    )


@pytest.mark.django_db
def test_a_full_class_puts_people_on_the_waiting_list(community):
    training_class = _class(capacity=2)
    people = [UserFactory(community=community) for _ in range(3)]
    statuses = [services.register(training_class, person).status for person in people]
    assert statuses == [CONFIRMED, CONFIRMED, WAITING]
    assert training_class.places_left() == 0
    assert (
        services.register(training_class, people[0]).status == CONFIRMED
    )  # registering twice changes nothing
    assert training_class.registrations.count() == 3


@pytest.mark.django_db
def test_one_registration_per_person_per_class_is_a_database_rule(learner):
    training_class = _class()
    Registration.objects.create(training_class=training_class, user=learner, status=CONFIRMED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(training_class=training_class, user=learner, status=WAITING)


@pytest.mark.django_db
def test_cancelling_promotes_the_first_person_waiting_and_tells_them(client, community):
    training_class = _class(capacity=1)
    first, second, third = (UserFactory(community=community) for _ in range(3))
    for person in (first, second, third):
        services.register(training_class, person)

    client.force_login(first)
    client.post(f"/training/classes/{training_class.pk}/cancel/")

    assert Registration.objects.get(user=second).status == CONFIRMED
    assert Registration.objects.get(user=third).status == WAITING
    assert not Registration.objects.filter(user=first).exists()
    assert Notification.objects.filter(recipient=second).count() == 1
    assert not Notification.objects.filter(recipient=third).exists()


@pytest.mark.django_db
def test_cancelling_a_waiting_place_promotes_nobody(community):
    training_class = _class(capacity=1)
    first, second, third = (UserFactory(community=community) for _ in range(3))
    for person in (first, second, third):
        services.register(training_class, person)
    services.cancel_registration(training_class, second)
    assert Registration.objects.get(user=third).status == WAITING
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_registering_through_the_page(client, learner):
    training_class = _class()
    client.force_login(learner)
    response = client.post(f"/training/classes/{training_class.pk}/register/", follow=True)
    assert Registration.objects.get(user=learner).status == CONFIRMED
    assert response.status_code == 200


@pytest.mark.django_db
def test_nobody_registers_for_a_class_that_has_begun(client, learner):
    training_class = _class(starts_at=timezone.now() - timedelta(hours=1))
    client.force_login(learner)
    response = client.post(f"/training/classes/{training_class.pk}/register/", follow=True)
    assert "registration is closed" in response.content.decode() or "报名已截止" in (
        response.content.decode()
    )
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_reminders_go_the_day_before_once(community):
    tomorrow = timezone.now() + timedelta(days=1)
    later = timezone.now() + timedelta(days=5)
    soon, not_yet = _class(capacity=1, starts_at=tomorrow), _class(starts_at=later)
    registered, waiting, other = (UserFactory(community=community) for _ in range(3))
    services.register(soon, registered)
    services.register(soon, waiting)
    services.register(not_yet, other)

    call_command("send_class_reminders")
    call_command("send_class_reminders")

    assert Notification.objects.filter(recipient=registered).count() == 1
    assert not Notification.objects.filter(recipient__in=[waiting, other]).exists()
    assert Registration.objects.get(user=registered).reminded_at is not None


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_capacity(community):
    training_class = _class(capacity=3)
    people = [UserFactory(community=community) for _ in range(12)]
    barrier = threading.Barrier(len(people))
    errors = []

    def register(person):
        try:
            barrier.wait()
            services.register(training_class, person)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert training_class.registrations.filter(status=CONFIRMED).count() == 3
    assert training_class.registrations.filter(status=WAITING).count() == 9


@pytest.mark.django_db
def test_a_class_cannot_shrink_below_the_places_already_given(community):
    from django.core.exceptions import ValidationError

    training_class = _class(capacity=3)
    for _ in range(2):
        services.register(training_class, UserFactory(community=community))
    training_class.capacity = 1
    with pytest.raises(ValidationError) as error:
        training_class.full_clean()
    assert "capacity" in error.value.message_dict
    training_class.capacity = 2
    training_class.full_clean()


@pytest.mark.django_db
def test_the_class_form_explains_a_class_that_ends_before_it_starts(client, school_staff):
    from wagtail.users.models import UserProfile

    from training import permissions

    permissions.setup()
    profile = UserProfile.get_for_user(school_staff)
    profile.preferred_language = "en"  # the message checked below, whatever the catalogue
    profile.save()
    client.force_login(school_staff)
    response = client.post(
        "/admin/snippets/training/trainingclass/add/",
        {
            "title": "讲座",
            "starts_at": "2030-01-02 15:00",
            "ends_at": "2030-01-02 14:00",
            "place": "活动室",
            "capacity": "10",
        },
    )
    assert response.status_code == 200
    assert "A class must end after it starts." in response.content.decode()
    assert not TrainingClass.objects.exists()

"""The writes of units and agreements, and what they tell whom."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from governance.units import personal_data, services
from governance.units.factories import UnitFactory, make_agreement
from governance.units.models import (
    AgreementDuty,
    AgreementStatus,
    SignedRecord,
    Unit,
    UnitKind,
    WorkerSignature,
)
from portal import sms
from portal.audit import Action, AuditEntry
from portal.factories import UserFactory
from portal.models import Notification
from portal.uploads import clean_photo


def test_an_agreement_takes_its_templates_duties_in_order(unit_template, landlord_unit):
    agreement = make_agreement(unit_template, landlord_unit, signed=False)
    texts = [d.text for d in agreement.numbered_duties]
    assert texts == [d.text for d in unit_template.duties.all()]
    assert [d.number for d in agreement.numbered_duties] == [1, 2, 3]
    assert agreement.status == AgreementStatus.DRAFT


def test_renewal_carries_the_duties_forward_with_their_identity(agreement, staff):
    renewal = services.renew(agreement, staff)
    assert renewal.previous == agreement
    assert renewal.status == AgreementStatus.DRAFT
    assert renewal.starts_on == agreement.ends_on + timedelta(days=1)
    assert renewal.ends_on - renewal.starts_on == agreement.ends_on - agreement.starts_on
    old = [(d.key, d.text) for d in agreement.duties.all()]
    new = [(d.key, d.text) for d in renewal.duties.all()]
    assert new == old
    assert AgreementDuty.objects.count() == 2 * len(old)


def test_a_worker_signs_once_and_twice_is_refused(workers_agreement, worker):
    services.sign_as_worker(workers_agreement, worker)
    with pytest.raises(services.Refused, match="already signed"):
        services.sign_as_worker(workers_agreement, worker)
    assert WorkerSignature.objects.filter(user=worker).count() == 1


def test_reminders_go_once_to_the_lead_and_staff_before_expiry(
    unit_template, landlord_unit, landlord, staff, django_capture_on_commit_callbacks
):
    soon = make_agreement(unit_template, landlord_unit, ends=20, by=staff)
    make_agreement(unit_template, landlord_unit, ends=200, by=staff)  # not yet
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_expiry_reminders() == 1
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {landlord.pk, staff.pk}
    assert soon.ends_on.isoformat() in Notification.objects.filter(recipient=landlord).get().message
    assert any(message["to"] == landlord.phone for message in sms.outbox)
    assert services.send_expiry_reminders() == 0
    call_command("agreement_reminders", stdout=io.StringIO())
    assert Notification.objects.count() == 2


def test_the_daily_job_lists_the_reminders(settings):
    assert "agreement_reminders" in settings.YISHI_DAILY_JOBS


def test_a_notice_to_all_landlords_tells_their_leads_by_site_and_sms(
    community, landlord_unit, landlord, site_unit, staff, django_capture_on_commit_callbacks
):
    nameless = UnitFactory(
        community=community,
        name="胡大哥出租屋",
        kind=UnitKind.LANDLORD,
        lead_name="胡大哥",
        lead_phone="13900000003",
    )
    landlords = [landlord_unit, nameless]
    with django_capture_on_commit_callbacks(execute=True):
        notice, unreached = services.send_notice(
            community, staff, title="消防检查", body="本月检查出租屋。", units=landlords
        )
    assert set(notice.units.all()) == set(landlords)
    assert unreached == 1
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [landlord.pk]
    assert [message["to"] for message in sms.outbox] == [landlord.phone]
    assert not Notification.objects.filter(recipient=site_unit.lead).exists()


def test_naming_a_lead_is_audited_and_tells_them_where_their_unit_is(community, staff):
    person = UserFactory(community=community)
    unit = UnitFactory(community=community)
    services.save_unit(unit, staff, fields={"lead": person})
    entry = AuditEntry.objects.get(action=Action.SET_UNIT_LEAD)
    assert (entry.actor, entry.person, entry.community) == (staff, person, community)
    told = Notification.objects.get(recipient=person)
    assert told.url == unit.get_absolute_url() and unit.name in told.message
    services.save_unit(unit, staff, fields={"address": "新地址"})
    assert AuditEntry.objects.filter(action=Action.SET_UNIT_LEAD).count() == 1
    assert Notification.objects.filter(recipient=person).count() == 1


def _photo(name="signed.jpg"):
    buffer = io.BytesIO()
    image = Image.new("RGB", (40, 30), "white")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_the_signed_photo_is_cleaned_and_kept_privately(unit_template, landlord_unit, staff):
    agreement = make_agreement(unit_template, landlord_unit, signed=False)
    record = services.record_signed(
        agreement,
        staff,
        signed_on=timezone.localdate(),
        signed_by="王芳，马阿姨",
        photo=clean_photo(_photo()),
    )
    storage = record.photo.storage
    try:
        # Outside MEDIA_ROOT: never served by the web server, only by the permission-checked view.
        assert Path(storage.location) == Path(settings.PRIVATE_MEDIA_ROOT)
        assert not Path(storage.path(record.photo.name)).is_relative_to(settings.MEDIA_ROOT)
        with Image.open(storage.path(record.photo.name)) as stored:
            assert not stored.getexif()
    finally:
        storage.delete(record.photo.name)
    assert agreement.status == AgreementStatus.IN_FORCE


def test_personal_data_lists_units_led_and_signatures(
    workers_agreement, landlord_unit, landlord, worker
):
    services.sign_as_worker(workers_agreement, worker)
    assert [u["name"] for u in personal_data.export(landlord)["units.Unit"].rows] == [
        landlord_unit.name
    ]
    signed = personal_data.export(worker)["units.WorkerSignature"].rows
    assert [s["agreement__title"] for s in signed] == [workers_agreement.title]


def test_erasing_a_lead_keeps_the_unit_and_a_worker_loses_the_signature(
    workers_agreement, landlord_unit, landlord, worker, staff, community
):
    from portal.personal_data.services import erase

    services.save_unit(
        landlord_unit,
        staff,
        fields={"lead_name": "马阿姨", "lead_phone": "+8613900000001"},
        coordinators=[{"name": "马阿姨", "phone": "+8613900000001", "user": landlord}],
    )
    services.sign_as_worker(workers_agreement, worker)
    meeting = services.save_meeting(
        community,
        staff,
        fields={"title": "综治会", "held_on": timezone.localdate()},
        units=[landlord_unit],
        agreements=[],
        matters=[],
        attendance=[],
        decisions=[],
        follow_ups=[],
    )

    erase(landlord)
    erase(worker)
    erase(staff)

    unit = Unit.objects.get(pk=landlord_unit.pk)
    assert (unit.lead, unit.lead_name, unit.lead_phone) == (None, "", "")
    assert not unit.coordinators.exists()
    assert not workers_agreement.worker_signatures.exists()
    assert SignedRecord.objects.get(agreement=workers_agreement).recorded_by is None
    meeting.refresh_from_db()
    assert meeting.recorded_by is None and list(meeting.units.all()) == [unit]


def test_workbench_counts_expiring_and_draft_agreements_of_the_staff_community(
    unit_template, landlord_unit, staff, other_staff
):
    make_agreement(unit_template, landlord_unit, ends=10, by=staff)
    make_agreement(unit_template, landlord_unit, signed=False)
    counts = {str(item.label): item.count for item in services.workbench(staff)}
    assert counts["Agreements expiring within 30 days"] == 1
    assert counts["Agreements not yet signed"] == 1
    other = {str(item.label): item.count for item in services.workbench(other_staff)}
    assert other["Agreements expiring within 30 days"] == 0
    assert services.workbench(landlord_unit.lead) == []

"""The journeys of the issue, through the test client: a landlord sees their agreement and
its end date; a worker signs in one tap (twice is refused cleanly); staff record the signing
with a photo, renew and compare, record a coordination meeting and notify all landlords;
the printed sheet carries a QR code to the public summary."""

import io
import re
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from governance.units import services
from governance.units.factories import UnitFactory, make_agreement
from governance.units.models import (
    Agreement,
    FollowUp,
    JointMeeting,
    Unit,
    UnitKind,
    UnitNotice,
    WorkerSignature,
)
from portal.audit import Action, AuditEntry
from portal.factories import UserFactory
from portal.models import Notification


def test_a_landlord_signs_in_and_sees_their_agreement_and_its_end_date(
    client, landlord, landlord_unit, agreement
):
    client.force_login(landlord)
    response = client.get(reverse("units:index"), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == landlord_unit.get_absolute_url()
    assert agreement.title in page and "In force" in page
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert agreement.ends_on.strftime("%Y-%m-%d") in page
    assert "In force until" in page
    assert all(duty.text in page for duty in agreement.duties.all())


def test_a_worker_signs_in_one_tap_and_twice_is_refused_cleanly(client, worker, workers_agreement):
    client.force_login(worker)
    page = client.get(workers_agreement.get_absolute_url()).content.decode()
    assert "I have read it and sign" in page
    url = reverse("units:agreement_sign", args=[workers_agreement.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Thank you: you signed the agreement." in response.content.decode()
    assert "You signed this agreement on" in response.content.decode()
    again = client.post(url, follow=True)
    assert again.status_code == 200
    assert "You have already signed this agreement." in again.content.decode()
    assert WorkerSignature.objects.filter(agreement=workers_agreement).count() == 1


def test_a_worker_cannot_sign_a_landlords_paper_agreement_or_another_communitys(
    client, worker, agreement, other_verified_resident, workers_agreement
):
    client.force_login(worker)
    response = client.post(reverse("units:agreement_sign", args=[agreement.pk]), follow=True)
    assert "signed on paper" in response.content.decode()
    client.force_login(other_verified_resident)
    response = client.post(
        reverse("units:agreement_sign", args=[workers_agreement.pk]), follow=True
    )
    assert "Only residents of this community" in response.content.decode()
    assert WorkerSignature.objects.count() == 0


def test_the_get_of_the_sign_address_signs_nothing(client, worker, workers_agreement):
    client.force_login(worker)
    assert (
        client.get(reverse("units:agreement_sign", args=[workers_agreement.pk])).status_code == 405
    )
    assert WorkerSignature.objects.count() == 0


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "white").save(buffer, format="PNG")
    return SimpleUploadedFile("签字页.png", buffer.getvalue(), content_type="image/png")


def test_staff_record_the_signing_with_a_photo_only_staff_and_lead_can_open(
    client, staff, landlord, resident, unit_template, landlord_unit
):
    draft = make_agreement(unit_template, landlord_unit, signed=False)
    client.force_login(staff)
    url = reverse("units:agreement_signed", args=[draft.pk])
    today = timezone.localdate().isoformat()
    response = client.post(
        url, {"signed_on": today, "signed_by": "王芳，马阿姨", "photo": _photo()}
    )
    assert response.status_code == 302
    record = Agreement.objects.get(pk=draft.pk).signed_record
    assert record.photo and record.signed_by == "王芳，马阿姨"
    photo = reverse("units:signed_photo", args=[draft.pk])
    try:
        assert client.get(photo).status_code == 200
        client.force_login(landlord)
        assert client.get(photo).status_code == 200
        client.force_login(resident)
        assert client.get(photo).status_code == 404
        # Now signed, its summary is public; who signed and the photo are not.
        client.logout()
        page = client.get(draft.get_absolute_url()).content.decode()
        assert draft.title in page and "王芳，马阿姨" not in page and photo not in page
    finally:
        record.photo.storage.delete(record.photo.name)


def test_a_file_that_is_not_a_photo_is_refused_with_a_message(
    client, staff, unit_template, landlord_unit
):
    draft = make_agreement(unit_template, landlord_unit, signed=False)
    client.force_login(staff)
    fake = SimpleUploadedFile("a.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(
        reverse("units:agreement_signed", args=[draft.pk]),
        {"signed_on": timezone.localdate().isoformat(), "signed_by": "王芳", "photo": fake},
    )
    assert response.status_code == 200
    assert "is not a JPEG, PNG or WebP photo" in response.content.decode()
    assert Agreement.objects.get(pk=draft.pk).signed_record is None


def test_renewal_shows_the_duty_comparison(client, staff, agreement):
    client.force_login(staff)
    # The renewal form offers the day after the end, in the date field's own format.
    page = client.get(agreement.get_absolute_url()).content.decode()
    next_day = agreement.ends_on + timedelta(days=1)
    assert f'value="{next_day:%Y-%m-%d}"' in page
    response = client.post(
        reverse("units:agreement_renew", args=[agreement.pk]),
        {"starts_on": "2031-01-01", "ends_on": "2031-12-31"},
    )
    renewal = agreement.renewals.get()
    assert response["Location"] == reverse("units:agreement_compare", args=[renewal.pk])
    duty = renewal.duties.order_by("sort_order")[1]
    duty.text = "不在楼道和房间里给电动车充电。"
    duty.save()
    page = client.get(response["Location"]).content.decode()
    assert "1 duty changed." in page
    assert "<ins>" in page
    assert re.search(r"Duty 2", page)
    assert page.count("unchanged") == 2


def test_a_renewal_ending_before_it_starts_is_refused(client, staff, agreement):
    client.force_login(staff)
    response = client.post(
        reverse("units:agreement_renew", args=[agreement.pk]),
        {"starts_on": "2031-01-01", "ends_on": "2030-12-31"},
        follow=True,
    )
    assert "The end date must be after the start date." in response.content.decode()
    assert agreement.renewals.count() == 0


def test_the_print_page_has_a_qr_code_to_the_public_summary(client, agreement):
    response = client.get(reverse("units:agreement_print", args=[agreement.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and 'role="img"' in page
    assert f"http://testserver{agreement.get_absolute_url()}" in page
    assert all(duty.text in page for duty in agreement.duties.all())


def test_staff_record_a_coordination_meeting(
    client, staff, community, site_unit, landlord_unit, agreement
):
    client.force_login(staff)
    data = {
        "title": "第二季度联席会议",
        "held_on": timezone.localdate().isoformat(),
        "place": "居委会二楼",
        "discussion": "通报登记进度。",
        "units": [site_unit.pk, landlord_unit.pk],
        "agreements": [agreement.pk],
        "attendance-TOTAL_FORMS": 4,
        "attendance-INITIAL_FORMS": 0,
        "attendance-0-body": "police",
        "attendance-0-represented_by": "柳林派出所",
        "attendance-0-people": 2,
        "attendance-1-body": "unit",
        "attendance-1-represented_by": "城南工地",
        "attendance-1-people": "",
        "decisions-TOTAL_FORMS": 2,
        "decisions-INITIAL_FORMS": 0,
        "decisions-0-text": "工地发工资当天集中登记",
        "follow_ups-TOTAL_FORMS": 2,
        "follow_ups-INITIAL_FORMS": 0,
        "follow_ups-0-text": "送登记表到工地",
        "follow_ups-0-owner": "王芳",
        "follow_ups-0-due_on": "2020-01-01",
    }
    response = client.post(reverse("units:meeting_create"), data)
    meeting = JointMeeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert [(a.body, a.people) for a in meeting.attendance.all()] == [("police", 2), ("unit", 1)]
    assert [d.text for d in meeting.decisions.all()] == ["工地发工资当天集中登记"]
    assert set(meeting.units.all()) == {site_unit, landlord_unit}
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Police" in page and "overdue" in page and agreement.title in page
    # The unit's lead reads it; the follow-up is done.
    follow_up = FollowUp.objects.get()
    client.post(reverse("units:follow_up_done", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    assert follow_up.done_on == timezone.localdate()
    client.force_login(site_unit.lead)
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_a_meeting_with_a_bad_date_is_not_saved(client, staff):
    client.force_login(staff)
    data = {
        "title": "x",
        "held_on": "2099-01-01",
        "attendance-TOTAL_FORMS": 0,
        "attendance-INITIAL_FORMS": 0,
        "decisions-TOTAL_FORMS": 0,
        "decisions-INITIAL_FORMS": 0,
        "follow_ups-TOTAL_FORMS": 0,
        "follow_ups-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("units:meeting_create"), data)
    assert response.status_code == 200
    assert "Record a meeting once it has been held." in response.content.decode()
    assert JointMeeting.objects.count() == 0


def test_staff_send_a_notice_to_all_landlords(
    client, staff, community, landlord, landlord_unit, site_unit, other_unit
):
    UnitFactory(community=community, name="老胡出租屋", kind=UnitKind.LANDLORD, lead_name="胡大哥")
    client.force_login(staff)
    response = client.post(
        reverse("units:notice_create"),
        {"kinds": ["landlord"], "title": "消防检查", "body": "本月逐户检查。"},
        follow=True,
    )
    page = response.content.decode()
    notice = UnitNotice.objects.get()
    assert set(notice.units.values_list("name", flat=True)) == {"马阿姨出租屋", "老胡出租屋"}
    assert "The notice went to 2 units." in page
    assert "1 of them have no lead with an account" in page
    told = Notification.objects.filter(url=notice.get_absolute_url())
    assert list(told.values_list("recipient", flat=True)) == [landlord.pk]
    # The landlord finds it on their unit's page.
    client.force_login(landlord)
    assert "消防检查" in client.get(landlord_unit.get_absolute_url()).content.decode()


def test_a_notice_without_recipients_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(reverse("units:notice_create"), {"title": "x", "body": "y"})
    assert "Choose at least one kind of unit or one unit." in response.content.decode()
    assert UnitNotice.objects.count() == 0


def test_staff_add_a_unit_with_a_lead_and_coordinators_audited(client, staff, community, landlord):
    client.force_login(staff)
    data = {
        "name": "江滨工地",
        "kind": "construction_site",
        "address": "江滨路 3 号",
        "lead": landlord.pk,
        "lead_name": "",
        "lead_phone": "13800000000",
        "people": 45,
        "coordinators-TOTAL_FORMS": 2,
        "coordinators-INITIAL_FORMS": 0,
        "coordinators-0-name": "郑师傅",
        "coordinators-0-phone": "13900000009",
    }
    response = client.post(reverse("units:unit_create"), data)
    unit = Unit.objects.get(name="江滨工地")
    assert response["Location"] == unit.get_absolute_url()
    assert unit.community == community and unit.lead == landlord
    assert list(unit.coordinators.values_list("name", flat=True)) == ["郑师傅"]
    assert AuditEntry.objects.filter(action=Action.SET_UNIT_LEAD, person=landlord).exists()
    # Staff link a coordinator to their account: they then see the unit's page too.
    helper = UserFactory(community=community, display_name="郑师傅")
    client.post(
        reverse("units:unit_edit", args=[unit.pk]),
        {**data, "coordinators-0-user": helper.pk},
    )
    assert unit.coordinators.get().user == helper
    assert AuditEntry.objects.filter(action=Action.SET_UNIT_LEAD, person=helper).exists()
    client.force_login(helper)
    assert client.get(unit.get_absolute_url()).status_code == 200
    client.force_login(staff)
    # The same name twice in a community is refused with a message.
    response = client.post(reverse("units:unit_create"), data)
    assert "already has a unit of that name" in response.content.decode()


def test_the_lead_edits_the_contact_details(client, landlord, landlord_unit):
    client.force_login(landlord)
    data = {
        "address": "柳林路 20 号",
        "lead_name": "马秀英",
        "lead_phone": "13900000002",
        "people": 11,
        "coordinators-TOTAL_FORMS": 2,
        "coordinators-INITIAL_FORMS": 0,
        "coordinators-0-name": "马小明",
        "coordinators-0-phone": "",
    }
    response = client.post(reverse("units:unit_contacts", args=[landlord_unit.pk]), data)
    assert response.status_code == 302
    landlord_unit.refresh_from_db()
    assert (landlord_unit.address, landlord_unit.people) == ("柳林路 20 号", 11)
    assert landlord_unit.kind == UnitKind.LANDLORD  # not theirs to change
    assert list(landlord_unit.coordinators.values_list("name", flat=True)) == ["马小明"]
    # The lead's form offers no account to link (the community's accounts are not theirs).
    page = client.get(reverse("units:unit_contacts", args=[landlord_unit.pk])).content.decode()
    assert "coordinators-0-user" not in page


def test_staff_filter_agreements_by_status(client, staff, unit_template, landlord_unit, agreement):
    soon = make_agreement(unit_template, landlord_unit, ends=10, by=staff)
    soon.title = "快到期的责任书"
    soon.save()
    client.force_login(staff)
    page = client.get(reverse("units:agreements") + "?status=expiring").content.decode()
    assert soon.title in page and agreement.title not in page
    assert client.get(reverse("units:agreements") + "?status=nonsense").status_code == 200


def test_ids_that_do_not_fit_are_404(client, staff):
    client.force_login(staff)
    for url in ("/en/units/99999999999999999999/", "/en/units/agreements/9223372036854775808/"):
        assert client.get(url).status_code == 404


def test_ending_an_agreement(client, staff, agreement):
    client.force_login(staff)
    client.post(reverse("units:agreement_end", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.ended_on == timezone.localdate()
    response = client.post(reverse("units:agreement_end", args=[agreement.pk]), follow=True)
    assert "already ended" in response.content.decode()


def test_reading_who_signed_is_audited(client, staff, worker, workers_agreement):
    services.sign_as_worker(workers_agreement, worker)
    client.force_login(staff)
    page = client.get(reverse("units:signatures", args=[workers_agreement.pk])).content.decode()
    assert worker.public_name in page
    assert AuditEntry.objects.filter(action=Action.READ_WORKER_SIGNATURES).count() == 1

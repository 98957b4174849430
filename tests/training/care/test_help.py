"""Requests for help: asking (with consent), the status flow with a notification at each
step, staff filing for a resident, audit entries on every staff view, private documents,
waiting times."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from portal import audit, uploads
from portal.audit import AuditEntry
from portal.factories import UserFactory
from portal.models import Notification
from portal.privacy import services as privacy
from training.care import selectors, services
from training.care.models import HelpDocument, HelpRequest, HelpStep

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="证明.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def photo_with_gps():
    image = Image.new("RGB", (40, 30), "white")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (30.0, 15.0, 0.0)  # a GPS position
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("入学.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def help_request(asker):
    return services.ask_for_help(asker, HelpRequest.Kind.SCHOOL, "孩子入学需要帮助")


def test_asking_needs_the_family_help_consent(client, resident):
    client.force_login(resident)
    response = client.get(reverse("care:help"))
    assert response["Location"].startswith(reverse("privacy:sensitive", args=["family_help"]))
    privacy.give_sensitive_consent(resident, services.FAMILY_HELP)
    assert client.get(reverse("care:help")).status_code == 200
    privacy.withdraw_sensitive_consent(resident, services.FAMILY_HELP)
    response = client.post(reverse("care:help"), {"kind": "fees", "description": "学费减免"})
    assert response.status_code == 302 and not HelpRequest.objects.exists()


def test_a_resident_asks_with_a_document_kept_privately(client, asker, settings):
    client.force_login(asker)
    response = client.post(
        reverse("care:help"),
        {"kind": "school", "description": "孩子七岁，想就近入学", "document": pdf()},
    )
    help_request = HelpRequest.objects.get()
    assert response["Location"] == help_request.get_absolute_url()
    assert help_request.person == asker and help_request.community == asker.community
    assert help_request.status == HelpRequest.Status.RECEIVED
    document = help_request.documents.get()
    assert str(settings.PRIVATE_MEDIA_ROOT) in document.file.path
    assert str(settings.MEDIA_ROOT) not in document.file.path
    assert document.content_type == "application/pdf"
    assert Notification.objects.filter(recipient=asker).count() == 1


def test_a_file_that_is_not_a_document_or_photo_is_refused_with_a_message(client, asker):
    client.force_login(asker)
    fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("care:help"), {"kind": "school", "description": "入学", "document": fake}
    )
    assert response.status_code == 200
    assert not HelpRequest.objects.exists() and not HelpDocument.objects.exists()


def test_photos_lose_their_gps_position(client, help_request, asker):
    client.force_login(asker)
    client.post(reverse("care:help_upload", args=[help_request.pk]), {"document": photo_with_gps()})
    document = help_request.documents.get()
    assert document.content_type == "image/jpeg"
    with Image.open(document.file.path) as image:
        assert not image.getexif()


def test_documents_are_served_only_to_those_who_may_see_the_request(
    client, help_request, asker, community, staff, other_staff
):
    document = services.add_document(asker, help_request, uploads.clean_document(pdf()))
    url = reverse("care:help_document", args=[help_request.pk, document.pk])
    assert client.get(url).status_code == 404  # signed out
    for outsider in (UserFactory(community=community), other_staff):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(asker)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(staff)
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(actor=staff, action=audit.Action.READ_HELP_REQUEST).exists()


def test_the_status_flow_tells_the_person_at_each_step(client, help_request, asker, staff):
    client.force_login(staff)
    url = reverse("care:help_status", args=[help_request.pk])
    steps = [
        ("needs_info", "请补充户口本照片"),
        ("referred", "已转教育办"),
    ]
    for status, note in steps:
        client.post(url, {"status": status, "note": note})
    client.post(url, {"status": "declined", "note": ""})  # a decline needs a reason
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.REFERRED
    client.post(url, {"status": "declined", "note": "不符合减免条件"})
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.DECLINED
    assert help_request.reason == "不符合减免条件"
    assert help_request.assigned_to == staff
    assert list(HelpStep.objects.filter(request=help_request).values_list("status", flat=True)) == [
        "received",
        "needs_info",
        "referred",
        "declined",
    ]
    messages = list(
        Notification.objects.filter(recipient=asker)
        .order_by("pk")
        .values_list("message", flat=True)
    )
    assert len(messages) == 4  # received + three steps
    assert "请补充户口本照片" in messages[1] and "不符合减免条件" in messages[3]
    client.post(url, {"status": "granted", "note": ""})  # closed: nothing changes
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.DECLINED
    assert AuditEntry.objects.filter(action=audit.Action.SET_HELP_STATUS).count() == 3


def test_the_person_cannot_change_the_status(client, help_request, asker):
    client.force_login(asker)
    response = client.post(
        reverse("care:help_status", args=[help_request.pk]), {"status": "granted"}
    )
    assert response.status_code == 404
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.RECEIVED


def test_every_staff_view_writes_an_audit_entry_and_the_persons_own_view_none(
    client, help_request, asker, staff
):
    client.force_login(asker)
    assert client.get(help_request.get_absolute_url()).status_code == 200
    assert not AuditEntry.objects.filter(action=audit.Action.READ_HELP_REQUEST).exists()
    client.force_login(staff)
    for _ in range(2):
        assert client.get(help_request.get_absolute_url()).status_code == 200
    entries = AuditEntry.objects.filter(
        action=audit.Action.READ_HELP_REQUEST, actor=staff, person=asker
    )
    assert entries.count() == 2
    assert entries.first().community == help_request.community
    client.get(reverse("care:staff_help"))
    assert AuditEntry.objects.filter(action=audit.Action.READ_HELP_REQUEST).count() == 3


def test_staff_file_a_request_for_a_resident_at_a_service_point(client, staff, community):
    person = UserFactory(community=community, phone="+8613912345678")
    client.force_login(staff)
    response = client.post(
        reverse("care:staff_file"),
        {"phone": "139 1234 5678", "agreed": "on", "kind": "fees", "description": "学费减免"},
    )
    help_request = HelpRequest.objects.get()
    assert response["Location"] == help_request.get_absolute_url()
    assert help_request.person == person and help_request.filed_by == staff
    assert privacy.has_sensitive_consent(person, services.FAMILY_HELP)
    actions = set(AuditEntry.objects.filter(actor=staff).values_list("action", flat=True))
    assert {audit.Action.FILE_HELP_REQUEST, audit.Action.RECORD_SENSITIVE_CONSENT} <= actions
    assert Notification.objects.filter(recipient=person).exists()


def test_staff_cannot_file_for_a_resident_of_another_community(client, other_staff, community):
    UserFactory(community=community, phone="+8613912345679")
    client.force_login(other_staff)
    response = client.post(
        reverse("care:staff_file"),
        {"phone": "13912345679", "agreed": "on", "kind": "fees", "description": "学费减免"},
    )
    assert response.status_code == 200  # the form, with "no resident of your community"
    assert not HelpRequest.objects.exists()


def test_staff_see_days_waiting_and_the_median_per_status(client, asker, staff):
    now = timezone.now()
    old = services.ask_for_help(asker, HelpRequest.Kind.SCHOOL, "一")
    new = services.ask_for_help(asker, HelpRequest.Kind.FEES, "二")
    HelpRequest.objects.filter(pk=old.pk).update(received_at=now - timedelta(days=10))
    HelpStep.objects.filter(request=old).update(at=now - timedelta(days=10))
    HelpStep.objects.filter(request=new).update(at=now - timedelta(days=2))
    rows = {row["status"]: row for row in selectors.waiting_times(HelpRequest.objects.all(), now)}
    received = rows[HelpRequest.Status.RECEIVED.label]
    assert received["count"] == 2 and received["median_days"] == 6.0
    client.force_login(staff)
    page = client.get(reverse("care:staff_help")).content.decode()
    assert "10" in page and "6.0" in page


def test_the_workbench_shows_requests_waiting(help_request, staff, other_staff):
    from portal.capabilities import workbench_items

    mine = [item for item in workbench_items(staff) if item.url == reverse("care:staff_help")]
    assert [item.count for item in mine] == [1]
    assert not [i for i in workbench_items(other_staff) if i.url == reverse("care:staff_help")]


def test_my_data_holds_bookings_and_requests(help_request, asker):
    from portal.capabilities import personal_data_exporters

    data = {}
    for exporter in personal_data_exporters():
        data.update(exporter(asker))
    (mine,) = data["care.HelpRequest"].rows
    assert mine["description"] == "孩子入学需要帮助"
    assert [step["status"] for step in mine["steps"]] == [str(HelpRequest.Status.RECEIVED.label)]


def test_an_erased_account_takes_its_documents_files_with_it(
    help_request, asker, django_capture_on_commit_callbacks
):
    document = services.add_document(asker, help_request, uploads.clean_document(pdf()))
    path = document.file.path
    with django_capture_on_commit_callbacks(execute=True):
        asker.delete()
    assert not HelpRequest.objects.exists() and not HelpDocument.objects.exists()
    assert not Path(path).exists()

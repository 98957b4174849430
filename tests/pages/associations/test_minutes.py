"""Writing minutes from the phone form: drafts, autosave, publishing, uploads and history."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse
from PIL import ExifTags, Image

from governance.factories import MatterFactory, SessionIndexPageFactory, SessionPageFactory
from pages.associations.models import Attachment, Minutes, MinutesRevision
from pages.associations.uploads import MAX_UPLOAD_BYTES
from tests.factories.associations import MinutesFactory

from .conftest import minutes_data


def jpeg_with_gps(size=(3000, 2000)):
    image = Image.new("RGB", size, "red")
    exif = image.getexif()
    exif[ExifTags.Base.Make] = "Phone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (30.0, 35.0, 1.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("sheet.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def as_leader(client, association_leader):
    client.force_login(association_leader)
    return client


def create_url(association):
    return reverse("associations:minutes_create", args=[association.pk])


def test_leader_saves_a_draft_then_publishes(as_leader, association, member):
    response = as_leader.post(create_url(association), minutes_data())
    minutes = Minutes.objects.get(association=association)
    assert response["Location"] == reverse("associations:minutes_edit", args=[minutes.pk])
    assert minutes.status == Minutes.Status.DRAFT
    assert [
        (d.text, d.votes_for, d.votes_against, d.votes_abstain) for d in minutes.decisions.all()
    ] == [("每周轮流打扫", 12, 1, 2)]
    assert [(a.text, a.owner) for a in minutes.actions.all()] == [("做值日表", "何姐")]
    assert not member.notifications.exists()

    as_leader.post(
        reverse("associations:minutes_edit", args=[minutes.pk]),
        minutes_data(action="publish", **{"decisions-INITIAL_FORMS": "1"}),
    )
    minutes.refresh_from_db()
    assert minutes.is_published and minutes.published_at
    assert minutes.decisions.count() == 1  # saved again, not duplicated
    assert minutes.revisions.get().published
    assert member.notifications.filter(url=minutes.get_absolute_url()).exists()


def test_autosave_returns_json_and_never_duplicates_rows(as_leader, association):
    headers = {"X-Autosave": "1"}
    first = as_leader.post(create_url(association), minutes_data(), headers=headers)
    assert first.status_code == 200 and first.json()["saved"]
    minutes = Minutes.objects.get()
    second = as_leader.post(first.json()["url"], minutes_data(discussion="补充"), headers=headers)
    assert second.json()["saved"]
    minutes.refresh_from_db()
    assert minutes.discussion == "补充"
    assert minutes.decisions.count() == 1 and minutes.actions.count() == 1
    assert Minutes.objects.count() == 1


def test_autosave_with_errors_reports_them_and_saves_nothing(as_leader, association):
    response = as_leader.post(
        create_url(association), minutes_data(title=""), headers={"X-Autosave": "1"}
    )
    assert response.status_code == 400
    assert "title" in response.json()["errors"]
    assert not Minutes.objects.exists()


def test_photo_is_resized_and_stripped_of_gps(as_leader, association):
    data = minutes_data(photos=jpeg_with_gps())
    as_leader.post(create_url(association), data)
    attachment = Attachment.objects.get()
    assert attachment.kind == "photo" and attachment.content_type == "image/jpeg"
    assert attachment.name == "sheet.jpg"  # named by its content, not the upload's extension
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert max(image.size) == 1600
        assert image.size == (1600, 1067)
        assert "exif" not in image.info
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert not image.getexif()


@pytest.mark.parametrize(
    ("field", "upload", "message"),
    [
        ("photos", SimpleUploadedFile("evil.jpg", b"<script>alert(1)</script>"), "JPEG"),
        ("photos", SimpleUploadedFile("a.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "JPEG"),
        ("documents", SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf"), "PDF"),
        ("documents", SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * MAX_UPLOAD_BYTES), "8"),
    ],
    ids=["not-an-image", "gif", "not-a-pdf", "too-big"],
)
def test_bad_upload_is_refused_and_the_form_is_kept(
    as_leader, association, settings, field, upload, message
):
    settings.LANGUAGE_CODE = "en"
    clear_url_caches()  # reversing caches each language's prefix
    response = as_leader.post(
        create_url(association), minutes_data(discussion="我们说了很多话", **{field: upload})
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and upload.name in page
    assert "我们说了很多话" in page  # what was typed is still there
    assert "每周轮流打扫" in page
    assert not Minutes.objects.exists() and not Attachment.objects.exists()


def test_a_bad_upload_on_a_saved_draft_keeps_its_earlier_files(as_leader, association):
    as_leader.post(create_url(association), minutes_data(photos=jpeg_with_gps((400, 300))))
    minutes = Minutes.objects.get()
    response = as_leader.post(
        reverse("associations:minutes_edit", args=[minutes.pk]),
        minutes_data(title="新标题", photos=SimpleUploadedFile("x.jpg", b"nope")),
    )
    assert response.status_code == 400
    minutes.refresh_from_db()
    assert minutes.title == "六月例会"
    assert minutes.attachments.count() == 1


def test_pdf_and_word_documents_are_accepted(as_leader, association):
    import zipfile

    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    as_leader.post(
        create_url(association),
        minutes_data(
            documents=[
                SimpleUploadedFile("签到表.pdf", b"%PDF-1.4 ..."),
                SimpleUploadedFile("记录.bin", docx.getvalue()),
            ]
        ),
    )
    assert sorted(Attachment.objects.values_list("name", "content_type")) == [
        ("签到表.pdf", "application/pdf"),
        ("记录.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]


def test_editing_published_minutes_records_who_changed_what(
    as_leader, association, association_leader, member
):
    minutes = MinutesFactory(association=association, title="旧标题", attendance=10)
    as_leader.post(
        reverse("associations:minutes_edit", args=[minutes.pk]),
        minutes_data(title="新标题", attendance="12", attendees=[member.pk], action="save"),
    )
    revision = MinutesRevision.objects.get(minutes=minutes)
    assert revision.edited_by == association_leader
    changed = {change["field"]: (change["before"], change["after"]) for change in revision.changes}
    assert changed["title"] == ("旧标题", "新标题")
    assert changed["attendance"] == ("10", "12")
    assert changed["attendees"] == ("", member.public_name)
    history = as_leader.get(
        reverse("associations:minutes_history", args=[minutes.pk])
    ).content.decode()
    assert "旧标题" in history and "新标题" in history and association_leader.public_name in history

    # Saving without changes adds no entry; autosave never touches published minutes.
    data = minutes_data(title="新标题", attendance="12", attendees=[member.pk], action="save")
    as_leader.post(reverse("associations:minutes_edit", args=[minutes.pk]), data)
    assert MinutesRevision.objects.filter(minutes=minutes).count() == 1
    response = as_leader.post(
        reverse("associations:minutes_edit", args=[minutes.pk]), data, headers={"X-Autosave": "1"}
    )
    assert response.status_code == 409


def test_minutes_link_matters_of_the_community(as_leader, association, community):
    index = SessionIndexPageFactory(parent=association.get_parent().get_parent())
    session = SessionPageFactory(parent=index, community=community)
    matter = MatterFactory(session=session)
    foreign = MatterFactory()
    as_leader.post(create_url(association), minutes_data(matters=[matter.pk], action="publish"))
    minutes = Minutes.objects.get()
    assert list(minutes.matters.all()) == [matter]
    page = as_leader.get(minutes.get_absolute_url()).content.decode()
    assert matter.get_absolute_url() in page
    response = as_leader.post(create_url(association), minutes_data(matters=[foreign.pk]))
    assert response.status_code == 400

"""The upload pipeline (portal/uploads): photos recognised by content, measured from their
header before any pixel is decoded, cleaned of EXIF/GPS and re-encoded; documents by
signature; stored files served with headers that stop browsers guessing."""

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import ExifTags, Image, ImageFile
from wagtail.models import Site

from governance import services
from governance.factories import SessionIndexPageFactory, SessionPageFactory
from governance.forms import MatterForm
from governance.models import Matter
from portal import uploads

ROOT = Path(__file__).resolve().parents[2]


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(side=12000):
    """A valid 1-bit PNG of ``side`` × ``side`` pixels, all black: a few kilobytes that
    would unpack into hundreds of megabytes. Written chunk by chunk, never as an image."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def noise_png():
    buffer = io.BytesIO()
    Image.frombytes("RGB", (100, 100), os.urandom(30_000)).save(buffer, "PNG")
    return buffer.getvalue()


def with_gps(image_format="JPEG", size=(3000, 2000), orientation=None):
    image = Image.new("RGB", size, (200, 40, 40))
    exif = image.getexif()
    exif[ExifTags.Base.Make] = "Phone"
    exif[ExifTags.Base.DateTime] = "2026:03:01 08:00:00"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (30.0, 35.0, 1.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (114.0, 17.0, 2.0)
    buffer = io.BytesIO()
    image.save(buffer, image_format, exif=exif)
    suffix = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image_format]
    return SimpleUploadedFile(f"IMG_0001.{suffix}", buffer.getvalue(), content_type="image/jpeg")


def assert_no_metadata(data):
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(image.info)
    assert b"Exif" not in data and b"Phone" not in data


@pytest.fixture(autouse=True)
def english():
    """Messages are read in English here (the site's default language is Chinese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def no_decoding(monkeypatch):
    """Fails the test if any image is decoded (every decoder runs through ``load``)."""
    calls = []

    def refuse(self, *args, **kwargs):
        calls.append(self.size)
        raise AssertionError(f"an image of {self.size} was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    return calls


def test_a_12000_pixel_square_png_is_refused_from_its_header_alone(no_decoding):
    data = bomb_png()
    assert len(data) < 100_000
    with pytest.raises(ValidationError) as refused:
        uploads.clean_photo(SimpleUploadedFile("地图.png", data, content_type="image/png"))
    assert refused.value.code == "too_many_pixels"
    assert "地图.png" in refused.value.messages[0]
    assert "too many pixels" in refused.value.messages[0]
    assert no_decoding == []


def test_refusing_the_12000_pixel_png_costs_a_worker_almost_no_memory(tmp_path):
    """A fresh interpreter (so earlier tests' peaks don't count) runs the pipeline on the
    bomb and reports how far its peak resident memory grew while doing so."""
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(bomb_png())
    script = f"""
import json, resource, django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from portal import uploads
upload = SimpleUploadedFile("bomb.png", open({str(bomb)!r}, "rb").read())
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    uploads.clean_photo(upload)
    outcome = "accepted"
except ValidationError as error:
    outcome = error.code
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"outcome": outcome, "grew_kb": after - before, "peak_kb": after}}))
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["outcome"] == "too_many_pixels"
    assert report["grew_kb"] < 20 * 1024  # the decoded image alone would be 144 MB


def test_pillow_itself_refuses_images_over_the_limit_anywhere():
    assert Image.MAX_IMAGE_PIXELS == uploads.PILLOW_MAX_IMAGE_PIXELS


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_gps_and_all_exif_are_gone_after_the_pipeline(image_format):
    clean = uploads.clean_photo(with_gps(image_format))
    data = clean.content.read()
    assert_no_metadata(data)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == image_format
        assert max(image.size) == uploads.MAX_PHOTO_SIDE  # shrunk from 3000 × 2000
    assert clean.content_type == f"image/{image_format.lower()}"
    assert clean.name == "IMG_0001" + {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[image_format]


def test_a_photo_is_turned_upright_before_its_exif_is_dropped():
    clean = uploads.clean_photo(with_gps(size=(400, 300), orientation=6))
    with Image.open(clean.content) as image:
        assert image.size == (300, 400)


def test_a_palette_png_keeps_its_transparency():
    image = Image.new("P", (40, 40), 1)
    image.putpalette([255, 255, 255, 200, 0, 0] + [0] * 762)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", transparency=0)
    clean = uploads.clean_photo(SimpleUploadedFile("logo.png", buffer.getvalue()))
    with Image.open(clean.content) as result:
        assert result.mode == "P" and result.info.get("transparency") == 0


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", b"%PDF-1.4 a document named like a photo"),
        ("photo.png", b"<html><script>alert(1)</script></html>"),
        ("photo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 truncated"),
        ("photo.png", noise_png()[:4000]),
    ],
    ids=["pdf-as-jpg", "html-as-png", "gif", "truncated-jpeg", "truncated-png"],
)
def test_anything_but_a_whole_jpeg_png_or_webp_is_refused_as_a_photo(name, data):
    with pytest.raises(ValidationError) as refused:
        uploads.clean_photo(SimpleUploadedFile(name, data, content_type="image/jpeg"))
    assert refused.value.messages == [f"“{name}” is not a JPEG, PNG or WebP photo."]


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(no_decoding):
    upload = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * uploads.MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationError) as refused:
        uploads.clean_photo(upload)
    assert refused.value.code == "too_large"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_documents_are_recognised_by_content_and_renamed_to_match():
    pdf = uploads.clean_document(SimpleUploadedFile("../../签到表.exe", b"%PDF-1.4 ..."))
    assert (pdf.name, pdf.content_type) == ("签到表.pdf", "application/pdf")
    word = uploads.clean_document(SimpleUploadedFile("记录.bin", docx_bytes()))
    assert word.name == "记录.docx"
    assert word.content_type.endswith("wordprocessingml.document")
    for name, data in [("a.pdf", b"MZ\x90\x00 a program"), ("b.docx", b"PK\x03\x04 not a zip")]:
        with pytest.raises(ValidationError) as refused:
            uploads.clean_document(SimpleUploadedFile(name, data))
        assert refused.value.code == "not_a_document"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd.jpg", "passwd.jpg"),
        ("C:\\Users\\王\\照片 1.png", "照片 1.jpg"),
        ("bad\x00name\u202e.jpg", "badname.jpg"),
        ('a<b>:"c"|?*.jpg', "abc.jpg"),
        ("...", "file.jpg"),
        ("长" * 200 + ".jpg", "长" * 80 + ".jpg"),
    ],
)
def test_safe_names(sent, kept):
    assert uploads.safe_name(sent, ".jpg") == kept


# Matters: the resident's photo, as the issue found it, and as the public reads it.


@pytest.fixture
def collecting_session(db, community):
    home = Site.objects.get(is_default_site=True).root_page
    index = SessionIndexPageFactory(parent=home)
    return SessionPageFactory(
        parent=index, community=community, collecting_starts=timezone.now() - timedelta(days=5)
    )


def submit_matter(session, author, photo):
    form = MatterForm(
        {"title": "路灯坏了", "description": "三号楼前的路灯不亮。", "category": "safety"},
        {"photo": photo},
        session=session,
        author=author,
    )
    return form, (services.submit_matter(form) if form.is_valid() else None)


def test_an_accepted_matters_photo_reaches_the_public_without_gps(
    client, collecting_session, resident
):
    form, matter = submit_matter(collecting_session, resident, with_gps())
    assert matter is not None, form.errors
    services.accept(matter, collecting_session)

    response = client.get(reverse("governance:matter_photo", args=[matter.pk]))
    data = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert_no_metadata(data)
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    assert "IMG_0001" in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, max-age=3600"


def test_a_matter_with_a_pixel_bomb_is_refused_with_a_clear_message_and_nothing_saved(
    collecting_session, resident, no_decoding
):
    photo = SimpleUploadedFile("bomb.png", bomb_png(), content_type="image/png")
    form, matter = submit_matter(collecting_session, resident, photo)
    assert matter is None
    assert "too many pixels" in form.errors["photo"][0]
    assert not Matter.objects.exists()
    assert no_decoding == []


def test_a_photo_missing_from_the_disk_is_a_404_not_a_500(client, collecting_session, resident):
    form, matter = submit_matter(collecting_session, resident, with_gps(size=(50, 50)))
    services.accept(matter, collecting_session)
    matter.photo.storage.delete(matter.photo.name)
    assert client.get(reverse("governance:matter_photo", args=[matter.pk])).status_code == 404


def test_documents_are_served_as_downloads(tmp_path, settings):
    from django.core.files.storage import FileSystemStorage
    from django.db.models.fields.files import FieldFile

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("minutes/签到表.pdf", io.BytesIO(b"%PDF-1.4 ..."))

    class Field:  # what FieldFile needs of its field
        pass

    field = Field()
    field.storage = storage
    response = uploads.file_response(FieldFile(None, field, name))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E7%AD%BE%E5%88%B0%E8%A1%A8.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


# The Wagtail admin: editors' images and documents go through the same pipeline.


def test_an_image_uploaded_in_the_wagtail_admin_loses_its_gps(client, superuser):
    from wagtail.images import get_image_model

    client.force_login(superuser)
    response = client.post(
        reverse("wagtailimages:add"), {"title": "活动照片", "file": with_gps(), "collection": 1}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="活动照片")
    with image.file.open("rb") as stored:
        data = stored.read()
    assert_no_metadata(data)
    assert (image.width, image.height) == (2560, 1707)  # pages' pictures: at most 2560 px


def test_a_document_whose_content_is_not_what_its_name_says_is_refused_in_the_admin(
    client, superuser
):
    from wagtail.documents import get_document_model

    client.force_login(superuser)
    fake = SimpleUploadedFile("课件.pdf", b"MZ\x90\x00 a program", content_type="application/pdf")
    response = client.post(
        reverse("wagtaildocs:add"), {"title": "课件", "file": fake, "collection": 1}
    )
    assert response.status_code == 200
    with translation.override("zh-hans"):  # the admin speaks the user's language
        message = gettext("“%(name)s” is not really a .%(extension)s file.")
    assert message % {"name": "课件.pdf", "extension": "pdf"} in response.content.decode()
    real = SimpleUploadedFile("课件.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    response = client.post(
        reverse("wagtaildocs:add"), {"title": "课件", "file": real, "collection": 1}
    )
    assert response.status_code == 302
    assert get_document_model().objects.filter(title="课件").count() == 1


def test_photos_stored_before_the_pipeline_are_cleaned_once(collecting_session, resident):
    from django.core.management import call_command

    matter = Matter.objects.create(
        session=collecting_session,
        community=collecting_session.community,
        author=resident,
        title="旧议题",
        description="以前上传的照片。",
        category="safety",
        photo=with_gps(size=(800, 600)),
    )
    with matter.photo.open("rb") as stored:
        assert b"Phone" in stored.read()  # as the old form kept it

    out = io.StringIO()
    call_command("strip_image_metadata", stdout=out)
    assert "1 stored image(s) were cleaned" in out.getvalue()
    matter.refresh_from_db()
    with matter.photo.open("rb") as stored:
        data = stored.read()
    assert_no_metadata(data)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (800, 600)

    out = io.StringIO()
    call_command("strip_image_metadata", stdout=out)
    assert "0 stored image(s)" in out.getvalue()

import pytest

from training import services
from training.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(learner, course, lessons):
    learner.first_name = "王小红"
    learner.save()
    for lesson in lessons:
        enrolment = services.complete_lesson(learner, lesson)
    return Certificate.objects.get(enrolment=enrolment)


def test_the_certificate_pdf_is_a_pdf_for_its_holder(client, learner, certificate):
    client.force_login(learner)
    response = client.get(f"/training/certificates/{certificate.code}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_printable_certificate_shows_name_course_date_and_code(client, learner, certificate):
    client.force_login(learner)
    page = client.get(certificate.get_absolute_url()).content.decode()
    for text in ("王小红", certificate.course_title, certificate.code):
        assert text in page


@pytest.mark.parametrize("suffix", ["", "pdf/"])
def test_nobody_else_can_open_a_certificate(client, other_learner, certificate, suffix):
    client.force_login(other_learner)
    assert client.get(f"/training/certificates/{certificate.code}/{suffix}").status_code == 404


def test_the_public_verification_reveals_only_name_course_and_date(client, learner, certificate):
    learner.display_name = "小红的昵称"
    learner.save()
    page = client.get(f"/training/verify/?code={certificate.code.lower()}").content.decode()

    assert "王小红" in page and certificate.course_title in page
    assert "小红的昵称" not in page and learner.phone not in page


def test_an_unknown_code_is_not_verified(client, certificate):
    page = client.get("/training/verify/?code=NOPE123").content.decode()
    assert "王小红" not in page
    assert 'role="alert"' in page


def _fonts(reader):
    """Every font on the PDF's pages: (base name, embedded font program or None)."""
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptors = [font.get("/FontDescriptor")] + [
                descendant.get_object().get("/FontDescriptor")
                for descendant in font.get("/DescendantFonts", [])
            ]
            programs = [
                key
                for descriptor in descriptors
                if descriptor is not None
                for key in ("/FontFile", "/FontFile2", "/FontFile3")
                if key in descriptor.get_object()
            ]
            fonts.append((str(font["/BaseFont"]), programs[0] if programs else None))
    return fonts


def test_the_pdf_embeds_its_chinese_font_and_keeps_the_text_readable(client, learner, certificate):
    from io import BytesIO

    from pypdf import PdfReader

    client.force_login(learner)
    response = client.get(f"/training/certificates/{certificate.code}/pdf/")
    reader = PdfReader(BytesIO(response.content))

    fonts = _fonts(reader)
    assert fonts and all(program == "/FontFile2" for _, program in fonts), fonts
    assert any("NotoSansSC" in name for name, _ in fonts)
    text = reader.pages[0].extract_text()
    assert "王小红" in text
    assert certificate.course_title in text
    assert certificate.code in text


def test_a_rare_character_in_a_name_is_still_drawn(learner, certificate):
    """A character outside the embedded GB2312 set falls back to a font readers supply,
    instead of an empty box; the rest of the line stays embedded."""
    from io import BytesIO

    from pypdf import PdfReader

    from training.certificates import certificate_pdf

    certificate.name = "王堃"
    reader = PdfReader(BytesIO(certificate_pdf(certificate)))

    assert "王堃" in reader.pages[0].extract_text().replace("\n", "")
    fonts = dict(_fonts(reader))
    assert fonts["/STSong-Light"] is None
    assert [program for name, program in fonts.items() if "NotoSansSC" in name] == ["/FontFile2"]

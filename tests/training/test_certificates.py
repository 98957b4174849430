import pytest

from training.models import Certificate, Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(learner, course, lessons):
    learner.first_name = "王小红"
    learner.save()
    enrolment = Enrolment.enrol(learner, course)
    for lesson in lessons:
        enrolment.complete(lesson)
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

"""The certificate as an A4 PDF, drawn with reportlab's built-in Chinese font (no download)."""

from io import BytesIO

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"


def verification_url(certificate):
    return settings.WAGTAILADMIN_BASE_URL + reverse("training:verify") + f"?code={certificate.code}"


def certificate_pdf(certificate):
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(_("Certificate: %(course)s") % {"course": certificate.course_title})
    width, height = A4
    pdf.setLineWidth(2)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    lines = [
        (30, settings.WAGTAIL_SITE_NAME + " · " + _("Population school"), 60),
        (34, _("Certificate of completion"), 90),
        (26, certificate.name, 130),
        (16, _("has completed the course"), 145),
        (22, certificate.course_title, 165),
        (14, _("Date: %(date)s") % {"date": formats.date_format(certificate.issued_on)}, 195),
        (14, _("Verification code: %(code)s") % {"code": certificate.code}, 210),
        (10, verification_url(certificate), 222),
    ]
    for size, text, top in lines:
        pdf.setFont(FONT, size)
        pdf.drawCentredString(width / 2, height - top * mm, str(text))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()

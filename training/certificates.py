"""The certificate as an A4 PDF, with its Chinese font embedded.

The font is Noto Sans SC (SIL Open Font License, ``training/fonts/OFL.txt``), cut down to
the GB2312 characters and ASCII so it can live in the repository; reportlab embeds only
the glyphs a certificate uses, so every reader shows the same text. A character outside
that set (a rare one in a name) is drawn with reportlab's built-in Chinese font, which
readers supply themselves, rather than as an empty box.
"""

from functools import cache
from io import BytesIO
from itertools import groupby
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "NotoSansSC"
FONT_FILE = Path(__file__).resolve().parent / "fonts" / "NotoSansSC-Regular-GB2312.ttf"
FALLBACK_FONT = "STSong-Light"


@cache
def _covered():
    """Register the fonts once; the code points the embedded font has glyphs for."""
    font = TTFont(FONT, FONT_FILE)
    pdfmetrics.registerFont(font)
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return frozenset(font.face.charToGlyph)


def _runs(text):
    """``text`` split into (font, piece) runs: the embedded font wherever it can."""
    covered = _covered()
    return [
        (FONT if embedded else FALLBACK_FONT, "".join(piece))
        for embedded, piece in groupby(text, key=lambda char: ord(char) in covered)
    ]


def _draw_centred(pdf, text, size, centre, y):
    runs = _runs(text)
    x = centre - sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in runs) / 2
    for font, piece in runs:
        pdf.setFont(font, size)
        pdf.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, font, size)


def verification_url(certificate):
    return settings.WAGTAILADMIN_BASE_URL + reverse("training:verify") + f"?code={certificate.code}"


def certificate_pdf(certificate):
    _covered()
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, initialFontName=FONT)
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
        _draw_centred(pdf, str(text), size, width / 2, height - top * mm)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()

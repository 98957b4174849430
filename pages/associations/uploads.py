"""Checking and cleaning files posted with minutes.

Photos are recognised by their content (not their name), turned upright,
shrunk to at most 1600 px and re-encoded without any metadata, so the GPS
position a phone camera writes never leaves the server. Documents must be
PDF or Office files, again by content.
"""

import io
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PHOTO_SIDE = 1600
# Pillow format → (content type, file suffix, save options)
PHOTO_FORMATS = {
    "JPEG": ("image/jpeg", ".jpg", {"quality": 82, "optimize": True}),
    "PNG": ("image/png", ".png", {"optimize": True}),
    "WEBP": ("image/webp", ".webp", {"quality": 80}),
}
OFFICE_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}


class CleanFile:
    """A checked upload, ready to store."""

    def __init__(self, content, name, content_type):
        self.content = ContentFile(content, name=name)
        self.name = name
        self.content_type = content_type


def _check_size(upload):
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(MAX_UPLOAD_BYTES),
            }
        )


def _renamed(upload, suffix):
    return f"{PurePath(upload.name).stem[:80] or 'file'}{suffix}"


def clean_photo(upload):
    _check_size(upload)
    not_a_photo = ValidationError(
        _("“%(name)s” is not a JPEG, PNG or WebP photo.") % {"name": upload.name}
    )
    try:
        with Image.open(upload) as image:
            if image.format not in PHOTO_FORMATS:
                raise not_a_photo
            image_format = image.format
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as error:
        raise not_a_photo from error
    content_type, suffix, options = PHOTO_FORMATS[image_format]
    if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    upright.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    # A fresh image carries no EXIF, XMP or text chunks: only the pixels are saved.
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    if upright.mode == "P":
        clean.putpalette(upright.getpalette())
    buffer = io.BytesIO()
    clean.save(buffer, format=image_format, **options)
    return CleanFile(buffer.getvalue(), _renamed(upload, suffix), content_type)


def clean_document(upload):
    _check_size(upload)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return CleanFile(upload.read(), _renamed(upload, ".pdf"), "application/pdf")
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        names = []
    upload.seek(0)
    if "[Content_Types].xml" in names:
        for folder, (content_type, suffix) in OFFICE_TYPES.items():
            if any(name.startswith(folder) for name in names):
                return CleanFile(upload.read(), _renamed(upload, suffix), content_type)
    raise ValidationError(_("“%(name)s” is not a PDF, Word or Excel file.") % {"name": upload.name})

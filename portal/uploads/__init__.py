"""One pipeline for every file a person uploads, and one way to hand it back.

Every upload is recognised by its content, never by its name or the browser's word:

- **photos** (JPEG, PNG, WebP): the size in bytes is checked first, then the size in
  pixels read from the file's header alone, so a small file that would unpack into
  gigabytes (a "decompression bomb") is refused before any pixel is decoded. An accepted
  photo is turned upright, shrunk to a maximum side and re-encoded from its pixels
  alone, so the GPS position, camera and time a phone writes never leave the server.
- **documents** (PDF, Word, Excel): recognised by their signature and kept as sent.

Each ``clean_*`` function returns a :class:`CleanFile`: a Django ``File`` with a safe
name, ready for any ``FileField``; the caller chooses where it is stored (a public field,
or one on ``portal.storage.private_storage``). :func:`file_response` serves a stored file
with the right ``Content-Type``, ``Content-Disposition`` and ``X-Content-Type-Options``.
"""

import io
import logging
import mimetypes
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PHOTO_SIDE = 1600
# A 50-megapixel phone photo is a JPEG, which decodes at a reduced scale (Image.draft), so
# its memory stays small. PNG and WebP decode whole: at 4 bytes a pixel, 25 million pixels
# are 100 MB, and the limit keeps one worker well under 300 MB.
MAX_PIXELS = {"JPEG": 50_000_000, "PNG": 25_000_000, "WEBP": 25_000_000}
# Pillow's own guard (a warning above it, an error above twice it) for every image opened
# anywhere, Wagtail's renditions included.
PILLOW_MAX_IMAGE_PIXELS = max(MAX_PIXELS.values())

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
PDF = ("application/pdf", ".pdf")
# Content types that may be shown in the browser; everything else is downloaded.
INLINE_TYPES = {content_type for content_type, _suffix, _options in PHOTO_FORMATS.values()}
CONTENT_TYPES = {
    suffix: content_type
    for content_type, suffix in [
        *((t, s) for t, s, _o in PHOTO_FORMATS.values()),
        *OFFICE_TYPES.values(),
        PDF,
        ("image/jpeg", ".jpeg"),
    ]
}
# A stored file shown on its own may run nothing and load nothing.
FILE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@dataclass(frozen=True)
class CleanFile:
    """A checked upload, ready to store: ``content`` is a Django ``File`` named ``name``."""

    content: ContentFile
    name: str
    content_type: str


def configure_pillow():
    """Called once at start-up (portal.apps): Pillow refuses images above the limit."""
    Image.MAX_IMAGE_PIXELS = PILLOW_MAX_IMAGE_PIXELS


def safe_name(name, suffix):
    """The sent name without folders, control characters or characters file systems
    refuse, at most 80 characters, with ``suffix`` (which the content decided)."""
    stem = PurePath(str(name).replace("\\", "/")).stem
    stem = "".join(c for c in stem if not unicodedata.category(c).startswith("C"))
    stem = re.sub(r'[<>:"/\\|?*]+', "", stem)
    stem = " ".join(stem.split()).strip(". ")[:80].strip(". ")
    return f"{stem or 'file'}{suffix}"


def check_size(upload, max_bytes=None):
    max_bytes = max_bytes or MAX_UPLOAD_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_bytes),
            },
            code="too_large",
        )


def _too_many_pixels(upload, limit):
    return ValidationError(
        _(
            "“%(name)s” has too many pixels: a photo may have at most %(limit)s million. "
            "Please send a smaller photo or a screenshot of it."
        )
        % {"name": upload.name, "limit": limit // 1_000_000},
        code="too_many_pixels",
    )


def _open_image(upload, formats):
    """The image, opened from its header only (no pixel decoded), or a ValidationError."""
    not_a_photo = ValidationError(
        _("“%(name)s” is not a JPEG, PNG or WebP photo.") % {"name": upload.name},
        code="not_a_photo",
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=list(formats))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(upload, min(MAX_PIXELS[f] for f in formats)) from error
    except Exception as error:  # a hostile file may upset any parser
        raise not_a_photo from error
    width, height = image.size
    limit = MAX_PIXELS[image.format]
    if width * height > limit:
        image.close()
        raise _too_many_pixels(upload, limit)
    return image, not_a_photo


def clean_photo(upload, *, max_side=MAX_PHOTO_SIDE, max_bytes=None, formats=tuple(PHOTO_FORMATS)):
    """A JPEG, PNG or WebP photo, upright, at most ``max_side`` pixels wide and high, and
    re-encoded from its pixels alone: no EXIF (GPS), XMP, ICC or text chunks survive."""
    check_size(upload, max_bytes)
    image, not_a_photo = _open_image(upload, formats)
    image_format = image.format
    content_type, suffix, options = PHOTO_FORMATS[image_format]
    try:
        with image:
            if image_format == "JPEG":
                # Decode at 1/2, 1/4 or 1/8 scale when that is still big enough.
                image.draft(None, (max_side, max_side))
            image.load()
            ImageOps.exif_transpose(image, in_place=True)
            image.thumbnail((max_side, max_side))
            clean = _pixels_only(image, image_format)
    except Exception as error:  # truncated or corrupt data inside the file
        logger.info("Refused an image that would not decode: %s", error)
        raise not_a_photo from error
    buffer = io.BytesIO()
    clean.save(buffer, format=image_format, **options)
    name = safe_name(upload.name, suffix)
    return CleanFile(ContentFile(buffer.getvalue(), name=name), name, content_type)


def _pixels_only(image, image_format):
    """A fresh image holding only ``image``'s pixels (and palette and transparency)."""
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
        alpha = "transparency" in image.info or "A" in image.mode
        image = image.convert("RGBA" if alpha else "RGB")
    elif image_format == "PNG" and image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"):
        image = image.convert("RGBA")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    if image.mode == "P":
        clean.putpalette(image.getpalette())
    if image_format == "PNG" and "transparency" in image.info:
        clean.info["transparency"] = image.info["transparency"]
    return clean


def document_type(upload, kinds=("pdf", "docx", "xlsx")):
    """``(content type, suffix)`` of a PDF, Word or Excel file by its content, or None."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return PDF if "pdf" in kinds else None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        names = []
    upload.seek(0)
    if "[Content_Types].xml" in names:
        for folder, (content_type, suffix) in OFFICE_TYPES.items():
            if suffix[1:] in kinds and any(name.startswith(folder) for name in names):
                return content_type, suffix
    return None


def clean_document(upload, *, max_bytes=None, kinds=("pdf", "docx", "xlsx")):
    """A PDF, Word or Excel file, recognised by its content and renamed to match it."""
    check_size(upload, max_bytes)
    found = document_type(upload, kinds)
    if found is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, Word or Excel file.") % {"name": upload.name},
            code="not_a_document",
        )
    content_type, suffix = found
    name = safe_name(upload.name, suffix)
    return CleanFile(ContentFile(upload.read(), name=name), name, content_type)


def content_type_for(name):
    suffix = PurePath(name).suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def file_response(file, *, filename=None, content_type=None, as_attachment=None, max_age=3600):
    """Serve a stored upload (a ``FieldFile``) to someone the view has already let in.

    Photos are shown in the browser, everything else downloads; the browser is told not
    to guess the type, and the file on its own may run nothing. A file missing from the
    disk is a 404, not a 500.
    """
    filename = filename or PurePath(file.name).name
    content_type = content_type or content_type_for(file.name)
    if as_attachment is None:
        as_attachment = content_type not in INLINE_TYPES
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        logger.warning("Uploaded file missing from storage: %s", file.name)
        raise Http404 from error
    response = FileResponse(
        handle, content_type=content_type, as_attachment=as_attachment, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    response["Cache-Control"] = f"private, max-age={max_age}"
    return response


def has_metadata(path_or_file):
    """Whether a stored image still carries EXIF, XMP or text metadata (older uploads)."""
    try:
        with Image.open(path_or_file) as image:
            return bool(
                image.getexif()
                or {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(image.info)
                or getattr(image, "text", None)
            )
    except Exception:  # not an image we can read: nothing to strip
        return False

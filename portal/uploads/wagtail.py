"""The upload pipeline for files editors send through the Wagtail admin.

``WAGTAILIMAGES_IMAGE_FORM_BASE`` and ``WAGTAILDOCS_DOCUMENT_FORM_BASE`` name these forms,
so every way of adding an image or a document (the add and multiple-add pages, the
chooser's upload tab, replacing a file) goes through them: images are re-encoded without
their metadata like residents' photos, documents must be what their name says.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from . import clean_photo, document_type

# Pictures on pages may be wider than a resident's photo: a banner on a desktop screen.
CMS_IMAGE_MAX_SIDE = 2560
# Extension → how to recognise the content (Wagtail has already checked the extension).
MEDIA_SIGNATURES = {
    "mp3": lambda head: head[:3] == b"ID3" or (head[:1] == b"\xff" and head[1] & 0xE0 == 0xE0),
    "m4a": lambda head: head[4:8] == b"ftyp",
    "mp4": lambda head: head[4:8] == b"ftyp",
    "webm": lambda head: head[:4] == b"\x1a\x45\xdf\xa3",
}


def _newly_uploaded(file):
    return isinstance(file, UploadedFile)


class ImageForm(BaseImageForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not _newly_uploaded(file):
            return file
        max_bytes = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
        return clean_photo(file, max_side=CMS_IMAGE_MAX_SIDE, max_bytes=max_bytes).content


def _is_text(upload):
    head = upload.read(64 * 1024)
    upload.seek(0)
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as error:
            # A character cut at the end of the sample is still text.
            if error.start >= len(head) - 4:
                return True
            continue
        return True
    return False


def document_matches(upload, extension):
    """Whether the content of ``upload`` is what its ``extension`` says; None for an
    extension this module does not know (Wagtail's own check refuses or allows it)."""
    extension = extension.lower()
    if extension in ("pdf", "docx", "xlsx"):
        found = document_type(upload, kinds=(extension,))
        return found is not None
    if extension == "odt":
        head = upload.read(80)
        upload.seek(0)
        return head[:2] == b"PK" and b"mimetypeapplication/vnd.oasis.opendocument.text" in head
    if extension == "txt":
        return _is_text(upload)
    if extension in MEDIA_SIGNATURES:
        head = upload.read(16)
        upload.seek(0)
        return len(head) >= 8 and MEDIA_SIGNATURES[extension](head)
    return None


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not _newly_uploaded(file):
            return file
        extension = file.name.rpartition(".")[2]
        if document_matches(file, extension) is False:
            raise ValidationError(
                _("“%(name)s” is not really a .%(extension)s file.")
                % {"name": file.name, "extension": extension.lower()},
                code="content_mismatch",
            )
        return file

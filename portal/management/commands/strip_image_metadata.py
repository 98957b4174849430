"""Re-encode stored images that still carry EXIF, XMP or text metadata (run once after
upgrading: photos uploaded before the portal's pipeline kept their GPS position).

Every ``ImageField`` of every installed model is looked at; an image that carries
metadata is re-encoded at its own size by the upload pipeline and written back under
the same name. Running it again finds nothing to do.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import models
from PIL import Image

from portal import uploads


def image_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ImageField):
                yield model, field


class Command(BaseCommand):
    help = "Strip EXIF (GPS), XMP and text metadata from images already stored."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count them.")

    def handle(self, *args, dry_run=False, **options):
        cleaned = 0
        for model, field in image_fields():
            rows = model._default_manager.exclude(**{field.name: ""}).exclude(
                **{f"{field.name}__isnull": True}
            )
            for pk, name in rows.values_list("pk", field.name).iterator():
                if self.clean(field.storage, name, dry_run):
                    cleaned += 1
                    self.stdout.write(f"{model._meta.label} {pk}: {name}")
        verb = "carry" if dry_run else "were cleaned of"
        self.stdout.write(f"{cleaned} stored image(s) {verb} metadata.")

    def clean(self, storage, name, dry_run):
        try:
            with storage.open(name, "rb") as stored:
                data = stored.read()
        except (FileNotFoundError, OSError):
            return False
        upload = SimpleUploadedFile(name, data)
        if not uploads.has_metadata(upload):
            return False
        if dry_run:
            return True
        upload.seek(0)
        try:
            with Image.open(upload) as image:
                side = max(image.size)
            clean = uploads.clean_photo(upload, max_side=side, max_bytes=len(data) + 1)
        except (ValidationError, OSError) as error:
            self.stderr.write(f"{name}: left as it is ({error})")
            return False
        with storage.open(name, "wb") as stored:  # the same name: rows keep pointing at it
            stored.write(clean.content.read())
        return True

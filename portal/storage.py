"""Where uploads that not everyone may see are kept: outside MEDIA_ROOT, so the web
server never serves them directly. Views that check the reader's permission stream them
(members-only minutes, matters not yet triaged)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage():
    """A callable, so migrations record this function and not a path."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)

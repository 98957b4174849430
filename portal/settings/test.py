"""Tests: the base settings with fast hashing, in-memory mail and a throwaway var/ dir."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

TEST_VAR_DIR = Path(tempfile.mkdtemp(prefix="yishi-test-"))
SMS_BACKEND = "portal.sms.MemoryBackend"
SMS_FILE_PATH = TEST_VAR_DIR / "sms.log"
MEDIA_ROOT = TEST_VAR_DIR / "media"
PRIVATE_MEDIA_ROOT = TEST_VAR_DIR / "private_media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Rate limits stay on in tests: they are behaviour to test, backed by a real cache
# (local memory, or Redis when REDIS_URL is set, as CI's PostgreSQL run does). Parallel
# test workers (pytest-xdist) each get their own Redis database, since tests clear the cache.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
if os.environ.get("REDIS_URL"):
    _base, _, _db = os.environ["REDIS_URL"].rpartition("/")
    CACHES["default"]["LOCATION"] = f"{_base}/{int(_db or 0) + int(_worker)}"  # noqa: F405
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "portal.search.resilient",
        "PATH": TEST_VAR_DIR / "search_index",
        "INDEX": "test",
    }
}

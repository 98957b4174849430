"""Settings for running modelsearch's own backend test suite against portal.search.

modelsearch's test app needs the ``modelsearch`` app itself, which cannot sit
beside ``wagtail.search`` in one project, so the suite runs in its own process::

    MODELSEARCH_FIXTURES_DIR=/path/to/fixtures .venv/bin/pytest --noconftest \
        --ds=tests.search.modelsearch_settings tests/search/test_modelsearch_suite.py

The fixture ``search.json`` is not shipped in modelsearch's wheel; take it from
the django-modelsearch repository at the installed version
(``modelsearch/test/testapp/fixtures/search.json``). See docs/search-backend.md.
"""

import os
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
TEST_DIR = Path(tempfile.mkdtemp(prefix="yishi-modelsearch-"))

SECRET_KEY = "test-only-not-secret"  # noqa: S105
USE_TZ = True
INSTALLED_APPS = [
    "modelsearch.test.testapp",
    "modelsearch",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": TEST_DIR / "db.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
FIXTURE_DIRS = list(filter(None, [os.environ.get("MODELSEARCH_FIXTURES_DIR")]))
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MODELSEARCH_BACKENDS = {
    "default": {"BACKEND": "portal.search.backend", "PATH": TEST_DIR / "search_index"},
}

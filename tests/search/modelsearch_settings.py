"""Settings for running modelsearch's own backend test suite against portal.search.

modelsearch's test app needs the ``modelsearch`` app itself, which cannot sit
beside ``wagtail.search`` in one project, so the suite runs in its own process
(``tests/search/test_modelsearch_suite.py`` starts it from the normal run)::

    .venv/bin/pytest --noconftest --ds=tests.search.modelsearch_settings \
        tests/search/test_modelsearch_suite.py

Its fixture ``search.json`` (not shipped in modelsearch's wheel) is in
``tests/search/fixtures/``; see the README there.
"""

import tempfile
from pathlib import Path

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
FIXTURE_DIRS = [Path(__file__).resolve().parent / "fixtures"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MODELSEARCH_BACKENDS = {
    "default": {"BACKEND": "portal.search.backend", "PATH": TEST_DIR / "search_index"},
}

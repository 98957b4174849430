"""modelsearch's reusable backend tests, run against the Whoosh backend.

Collected (and skipped) in the normal test run; see modelsearch_settings.py for
how to run it. Tests that cannot pass are listed, with reasons, in
docs/search-backend.md and marked here.
"""

import pytest
from django.apps import apps
from django.conf import settings

if not apps.is_installed("modelsearch.test.testapp"):
    pytest.skip(
        "needs --ds=tests.search.modelsearch_settings (see that module)", allow_module_level=True
    )
if not settings.FIXTURE_DIRS:
    pytest.skip("set MODELSEARCH_FIXTURES_DIR to the suite's fixtures", allow_module_level=True)

from django.test import TestCase  # noqa: E402
from modelsearch.tests.test_backends import BackendTests  # noqa: E402


class TestWhooshBackend(BackendTests, TestCase):
    backend_path = "portal.search.backend"

"""modelsearch's reusable backend tests (``BackendTests``), run against the Whoosh backend.

Their test app needs the bare ``modelsearch`` app, which cannot be installed beside
``wagtail.search``, so under the project's settings this module holds one test
that runs the suite in a child pytest with ``tests.search.modelsearch_settings``
and fails with its output if any test fails. Under those settings the module is
the suite itself. Tests the backend cannot pass are listed in
docs/search-backend.md.
"""

import subprocess
import sys
from pathlib import Path

from django.apps import apps

REPO = Path(__file__).resolve().parents[2]

if apps.is_installed("modelsearch.test.testapp"):
    from django.test import TestCase
    from modelsearch.tests.test_backends import BackendTests

    class TestWhooshBackend(BackendTests, TestCase):
        backend_path = "portal.search.backend"

else:

    def test_modelsearch_backend_suite_passes():
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "--noconftest",
                "--ds=tests.search.modelsearch_settings",
                "-p",
                "no:cacheprovider",
                "-q",
                str(Path(__file__).relative_to(REPO)),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        summary = run.stdout.strip().splitlines()[-1:] or [run.stderr]
        assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-2000:]
        assert " passed" in summary[0] and "failed" not in summary[0], summary

"""Static files in production: hashed names from ``collectstatic``'s manifest, and a page
that still renders (unstyled, with a logged error) when a file was never collected.

Django's ManifestStaticFilesStorage raises on a name missing from the manifest, which
turns every page into a 500 on a server where ``collectstatic`` has not run yet. Here the
plain name is used instead and the error is logged once per name; ``manage.py check
--deploy`` says what to run (portal/checks.py).
"""

import logging

from django.contrib.staticfiles.storage import HashedFilesMixin, ManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class ForgivingManifestStaticFilesStorage(ManifestStaticFilesStorage):
    manifest_strict = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._reported = set()

    def url(self, name, force=False):
        try:
            return super().url(name, force)
        except ValueError:
            if name not in self._reported:
                self._reported.add(name)
                logger.error(
                    "Static file %r is not collected: run `manage.py collectstatic`.", name
                )
            return super(HashedFilesMixin, self).url(name)  # the plain, unhashed name

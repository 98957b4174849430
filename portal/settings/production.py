"""Production: refuses to start without a secret key and allowed hosts.

Behind a reverse proxy that terminates HTTPS: the files in deploy/ and the README's
"Production" section. Everything written at run time lives under ``YISHI_VAR_DIR``
(/var/lib/yishi in the shipped systemd units), outside the checkout: the SQLite
database if used, the search index, static files, public and private uploads.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

for _name in ("SECRET_KEY", "ALLOWED_HOSTS", "YISHI_BALLOT_KEY"):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"Set the {_name} environment variable for production.")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# Uploads beside the other run-time data, never inside the checkout (portal/checks.py).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names from collectstatic's manifest; a page still renders if it never ran.
    "staticfiles": {"BACKEND": "portal.staticfiles.ForgivingManifestStaticFilesStorage"},
}
# Links in feeds, mail and SMS: the first allowed host over HTTPS unless set explicitly.
_first_host = next((h.lstrip(".") for h in ALLOWED_HOSTS if h not in ("*", "")), "")  # noqa: F405
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{_first_host}")
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A real SMS gateway only: the development backend keeps phone numbers with their codes in a
# file and the console, so it is refused here (portal.checks, portal.E001). Until a gateway
# is configured, texts are not sent and residents are told so (password sign-in works).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "portal.sms.NoGatewayBackend")
YISHI_SMS_FILE_BACKEND_ALLOWED = False

"""Production: refuses to start without a secret key and allowed hosts.

Behind a reverse proxy that terminates HTTPS (see README, "Production").
"""

import os

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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

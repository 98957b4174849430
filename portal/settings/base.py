"""Settings shared by every environment. Safe by default: DEBUG off, no hosts.

Everything that differs between deployments comes from the environment and is
documented once, in the README's "Environment variables" table.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("YISHI_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    # The layers bottom-up: an app comes after those it builds on (its demo content is
    # built after theirs). Each declares what it adds in its AppConfig's capability.
    "portal",
    "portal.privacy",
    "governance",
    "governance.covenant",
    "governance.units",
    "training",
    "training.care",
    "pages",
    "pages.associations",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_comments_xtd",
    "django_comments",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.audit.AddressMiddleware",
    "portal.headers.ContentSecurityPolicyMiddleware",
    "portal.headers.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # ?pinyin=1 / ?pinyin=0: remembered in a cookie, before the page cache reads it.
    "portal.reach.middleware.PinyinSwitchMiddleware",
    "portal.caching.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.second_factor.SecondFactorMiddleware",
    # A signed-in person agrees to the privacy notice in force before going on.
    "portal.privacy.middleware.ConsentMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees a failed text message first (portal/middleware.py).
    "portal.middleware.SmsFailureMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

# Database: a SQLite file under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'yishi.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and a busy timeout let the dev server, the task worker and tests share the file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (production), local memory otherwise. While Redis is
# away the site runs without it (portal/cache.py): short timeouts keep requests quick.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "yishi",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1.0},
        }
    }
    # Sessions are read on every signed-in request: from Redis, written through to the
    # database so that a Redis restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# Accounts: a mainland mobile number with an SMS code or a password; e-mail optional.
SITE_ID = 1
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"phone"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "email", "password1*"]
ACCOUNT_SIGNUP_FORM_CLASS = "portal.accounts.forms.SignupProfileForm"
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Every code a resident types is six digits: easy on a phone keypad.
_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = _CODE_FORMAT
ACCOUNT_LOGIN_BY_CODE_FORMAT = _CODE_FORMAT
ACCOUNT_PASSWORD_RESET_BY_CODE_CODE_FORMAT = _CODE_FORMAT
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_PREVENT_ENUMERATION = True
# Address limits are high: a dormitory's Wi-Fi or a carrier's NAT puts many residents behind
# one address. Failed logins are limited per number ("key", AccountAdapter) as well, and
# texts with codes per number and per address (YISHI_SMS_LIMITS, counting only texts sent).
ACCOUNT_RATE_LIMITS = {
    "login": "120/m/ip",
    "login_failed": "60/10m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_phone": "1/m/user",
    "request_login_code": "30/m/ip,3/m/key",
    "verify_phone": "30/m/ip",
}
YISHI_SMS_LIMITS = {"number": "1/m,5/h", "address": "30/h"}
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_USER_DISPLAY = "portal.models.user_display"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Yishi"
# Recovery codes are made with the TOTP device and shown once (then only as ****).
MFA_RECOVERY_CODES_SHOW_ONCE = True
# Staff powers only in a session that passed TOTP (portal/second_factor.py): a staff account
# signed in with a password (or an SMS code) alone keeps a resident's powers, and is sent to
# the second-factor step (or to set TOTP up) from these paths and from any page it is refused.
YISHI_ADMIN_REQUIRES_MFA = True
YISHI_STAFF_PATHS = ["/admin/", "/django-admin/", "/comments/moderation/", "/comments/moderate/"]
# Every login form leads to allauth's (its rate limits, then TOTP): see portal/urls.py.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# Passwords are reset one way, allauth's (by SMS code: portal.views.new_password).
WAGTAIL_PASSWORD_RESET_ENABLED = False

# SMS and e-mail go through pluggable backends; the defaults write to the
# console and to files under var/ so a local user can read their codes.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "portal.sms.ConsoleFileBackend")
SMS_FILE_PATH = Path(os.environ.get("SMS_FILE_PATH", VAR_DIR / "sms.log"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "yishi@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: notifications and search indexing run outside the request.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# `manage.py daily` (the yishi-daily timer in deploy/) runs these management commands in
# order, each with its arguments; a capability with daily work (reminders, invitations,
# data retention) adds its command here.
YISHI_DAILY_JOBS = [
    "send_class_reminders",
    "covenant_invitations",
    "purge_personal_data_exports",
    "agreement_reminders",
]

# Internationalisation: Simplified Chinese first, English complete.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads only some people may see (portal/storage.py): never under MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Who is asking (portal/client_ip.py): how many reverse proxies we run in front of the portal
# append to X-Forwarded-For (nginx alone: 1), or a header one of them sets to the client's
# address. 0 and no header: the socket's address. allauth's rate limits are told the same.
YISHI_TRUSTED_PROXY_COUNT = int(os.environ.get("YISHI_TRUSTED_PROXY_COUNT", "0"))
YISHI_TRUSTED_CLIENT_IP_HEADER = os.environ.get("YISHI_TRUSTED_CLIENT_IP_HEADER") or None
ALLAUTH_TRUSTED_PROXY_COUNT = YISHI_TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = YISHI_TRUSTED_CLIENT_IP_HEADER

# Security defaults; production.py turns on the HTTPS-only parts.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
# Content-Security-Policy (django-csp 4; portal/headers.py): our own scripts, styles,
# images and media only, no inline script or style, no framing, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "media-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (and Django's) still use inline scripts and style attributes, blob:
# image previews and same-origin preview frames: these directives replace the above there.
YISHI_CSP_ADMIN_PREFIXES = ["/admin/", "/django-admin/"]
YISHI_CSP_ADMIN_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-ancestors": [SELF],
}
# Permissions-Policy (portal/headers.py): features no page of ours uses, for anything.
YISHI_PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
    "fullscreen": ["self"],
}

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("YISHI_SITE_NAME", "议事")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "portal.PortalImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 8 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# Editors' uploads go through the portal's pipeline (portal/uploads/): images re-encoded
# without metadata, documents recognised by their content.
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.uploads.wagtail.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.uploads.wagtail.DocumentForm"
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "txt", "mp3", "m4a", "mp4", "webm"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 100 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# A colleague's approval publishes school pages, though authors cannot (training/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "training.workflows.publish_approved"
# Search: Whoosh with jieba segmentation, index files under var/ (see docs/search-backend.md);
# portal.search.resilient queues failed index writes in the database and reports a lost index.
# To scale out to OpenSearch/Elasticsearch with a Chinese analyzer: docs/search-backend.md.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": os.environ.get("SEARCH_BACKEND", "portal.search.resilient"),
        "PATH": Path(os.environ.get("SEARCH_INDEX_PATH", VAR_DIR / "search_index")),
        "INDEX": os.environ.get("SEARCH_INDEX_NAME", "yishi"),
    },
}
# Search groups, home-page entry points, clock changes and each app's URLs are declared by
# the apps themselves (their AppConfig's capability: docs/architecture.md).

# Discussion (django-comments-xtd), configured once for matters, clauses and minutes.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 2
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_SALT = os.environ.get("COMMENTS_XTD_SALT", "yishi-comments").encode()
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_HIDE_REMOVED = True
YISHI_COMMENT_FLAG_THRESHOLD = int(os.environ.get("YISHI_COMMENT_FLAG_THRESHOLD", "3"))
# Top-level comments (each with its replies) per page of a discussion.
YISHI_COMMENT_THREADS_PER_PAGE = int(os.environ.get("YISHI_COMMENT_THREADS_PER_PAGE", "10"))

# Secret ballot: the key of the keyed hash that alone links a person to their ballot
# (governance.models.ballot_token). It lives outside the database, so a dump cannot link
# them; production refuses to start without it. Changing it during voting means nobody can
# change a vote already cast (docs/privacy-threat-model.md).
YISHI_BALLOT_KEY = os.environ.get("YISHI_BALLOT_KEY", "yishi-development-ballot-key")
# Retention (portal/privacy/retention.py, run by `manage.py daily`; README, "Privacy and
# retention"): comment IP addresses are erased after this many days, notifications deleted
# this many days after they were read.
YISHI_COMMENT_IP_RETENTION_DAYS = int(os.environ.get("YISHI_COMMENT_IP_RETENTION_DAYS", "90"))
YISHI_READ_NOTIFICATION_RETENTION_DAYS = int(
    os.environ.get("YISHI_READ_NOTIFICATION_RETENTION_DAYS", "180")
)
# The development SMS backends write numbers and codes to the console and a file: production
# sets this False, and a system check (portal.E001) then refuses them.
YISHI_SMS_FILE_BACKEND_ALLOWED = True
# Audit log of staff actions (portal/audit.py): entries older than this many days are purged
# (at least 183: six months).
YISHI_AUDIT_RETENTION_DAYS = max(183, int(os.environ.get("YISHI_AUDIT_RETENTION_DAYS", "365")))
# "My data" downloads (portal/personal_data/) are offered for this many days, then purged.
YISHI_PERSONAL_DATA_EXPORT_DAYS = int(os.environ.get("YISHI_PERSONAL_DATA_EXPORT_DAYS", "7"))

# Whole pages cached for anonymous readers (portal/caching.py), for this many seconds at
# most; 0 turns it off. On everywhere, the test suite included, so that every test that
# reads a page after a change also checks that the change empties the cache.
YISHI_PAGE_CACHE_SECONDS = int(os.environ.get("YISHI_PAGE_CACHE_SECONDS", "600"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"portal": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

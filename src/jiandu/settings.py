"""Settings, read from the environment.

- ``DATABASE_URL``: any dj-database-url URL; default an embedded SQLite file in ``var/``.
- ``JIANDU_SECRET_KEY``: Django's secret key. Without it a random key is generated once
  and kept in ``var/secret_key`` (fine for the demo, never for production).
- ``JIANDU_FIELD_KEY``: base64 of 32 bytes, the AES-GCM key for encrypted fields
  (reporter identities). Kept outside the database; generated into ``var/`` for the demo.
- ``JIANDU_AUDIT_KEY``: HMAC key of the audit chain; derived from the secret key if unset.
- ``JIANDU_DEBUG``: "1" for debug pages.
Production hardening lives in ``jiandu.settings_production``.
"""

from __future__ import annotations

import base64
import os
import secrets
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("JIANDU_HOME", SRC_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("JIANDU_VAR", BASE_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

TESTING = "pytest" in sys.modules or os.environ.get("JIANDU_TESTING") == "1"


def _persistent_secret(name: str, make) -> str:
    """A secret kept in var/ so that restarts of the demo keep sessions and ciphertexts."""
    path = VAR_DIR / name
    if path.exists():
        return path.read_text().strip()
    value = make()
    path.write_text(value)
    path.chmod(0o600)
    return value


SECRET_KEY = os.environ.get("JIANDU_SECRET_KEY") or _persistent_secret(
    "secret_key", lambda: secrets.token_urlsafe(50)
)
# Where the field key lives when it is not given in the environment (``jiandu
# rotate_field_key`` replaces it there); None: from JIANDU_FIELD_KEY, changed by the operator.
FIELD_KEY_FILE = None if os.environ.get("JIANDU_FIELD_KEY") else VAR_DIR / "field_key"
FIELD_ENCRYPTION_KEY = base64.b64decode(
    os.environ.get("JIANDU_FIELD_KEY")
    or _persistent_secret("field_key", lambda: base64.b64encode(secrets.token_bytes(32)).decode())
)
AUDIT_CHAIN_KEY = (os.environ.get("JIANDU_AUDIT_KEY") or f"audit:{SECRET_KEY}").encode()

DEBUG = os.environ.get("JIANDU_DEBUG") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("JIANDU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("JIANDU_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Developer commands (demo, otp, crosscheck synth); listed before the apps whose
    # commands it extends (its ``crosscheck`` adds ``synth`` to the runtime command).
    "jiandu.devtools",
    "jiandu.core",
    "jiandu.org",
    "jiandu.accounts",
    "jiandu.audit",
    "jiandu.intake",
    "jiandu.clues",
    "jiandu.cases",
    "jiandu.inspections",
    "jiandu.directives",
    "jiandu.integrity",
    "jiandu.crosscheck",
    # Last: its tables read the figures every app above registers in its ready().
    "jiandu.stats",
]

MIDDLEWARE = [
    # First: a portal request loses its client's address before anything can log it.
    "jiandu.core.privacy.AnonymousRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor login: django-otp marks the request's user verified from the session;
    # ours sends a user with a device to the TOTP step and a user whose role requires it
    # to enrolment before anything else answers (jiandu.accounts.middleware).
    "django_otp.middleware.OTPMiddleware",
    "jiandu.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jiandu.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jiandu.core.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jiandu.urls"
WSGI_APPLICATION = "jiandu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jiandu.core.context_processors.shell",
            ],
            "builtins": ["jiandu.core.templatetags.jiandu"],
        },
    }
]

_default_db = f"sqlite:///{VAR_DIR / 'jiandu.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_db)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # One writer at a time, taken at BEGIN: this is also what keeps the audit
        # chain linear on SQLite (see jiandu.audit.services).
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("JIANDU_CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# The database cache (table made by intake migration 0003) holds the public portal's
# rate-limit counters and used challenges, shared by every worker process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "jiandu_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# Behind a reverse proxy set this to the number of proxies that append to
# X-Forwarded-For (1 for nginx in front of gunicorn); the public portal's per-client rate
# limits then use the client's address instead of the proxy's.
JIANDU_TRUSTED_PROXY_HOPS = int(os.environ.get("JIANDU_TRUSTED_PROXY_HOPS", "0"))
JIANDU_PORTAL_POW_BITS = int(os.environ.get("JIANDU_PORTAL_POW_BITS", "18"))
# Seconds a page must have been open before a submission without JavaScript is accepted.
JIANDU_PORTAL_NOJS_WAIT = int(os.environ.get("JIANDU_PORTAL_NOJS_WAIT", "120"))
JIANDU_PORTAL_ENABLED = os.environ.get("JIANDU_PORTAL_ENABLED", "1") == "1"
# Notification delivery channels (``jiandu.core.notifications``): dotted paths to callables
# ``channel(user, notifications, *, digest)``, called after commit with what was just
# delivered (one notification when immediate, the day's batch for a digest). The in-app
# channel (the bell) is the only one shipped; an e-mail or SMS gateway, where one exists,
# is added here as a further channel.
JIANDU_NOTIFICATION_CHANNELS = ["jiandu.core.notifications.in_app"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests create many users. Production keeps Argon2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

# Django's four checks with messages in plain Chinese (jiandu.accounts.passwords).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "jiandu.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "jiandu.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "jiandu.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "jiandu.accounts.passwords.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = os.environ.get("JIANDU_AXES", "1") == "1"
# The client as the portal's rate limits see it (JIANDU_TRUSTED_PROXY_HOPS): behind
# nginx, REMOTE_ADDR is the proxy's, and every client would share one lockout counter.
AXES_CLIENT_IP_CALLABLE = "jiandu.core.privacy.client_ip"

# TOTP (django-otp): the issuer shown in authenticator apps; the admin never shows keys.
OTP_TOTP_ISSUER = "监督执纪一体化平台"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:workbench"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = int(os.environ.get("JIANDU_SESSION_SECONDS", str(2 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True  # the timeout counts from the last request (idle timeout)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = "Y年n月j日"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES = {
    "default": {  # a file appears under its name only once complete
        "BACKEND": "jiandu.core.storage.AtomicFileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "files")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # the demo serves straight from the source tree
MEDIA_ROOT = VAR_DIR / "files"  # outside the web root; files are served only through views
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Temporary files (uploads being received, imports, DuckDB spill, openpyxl's write-only
# sheets) go under VAR_DIR/tmp, never the system's temporary directory; the cross-check
# tasks sweep what a killed process left there (crosscheck.services.temp_sweep).
JIANDU_TMP_DIR = VAR_DIR / "tmp"
JIANDU_TMP_DIR.mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_TEMP_DIR = str(JIANDU_TMP_DIR)
if not TESTING:
    tempfile.tempdir = str(JIANDU_TMP_DIR)
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Background cross-check jobs beat from a thread while they work; a running job silent
# for CROSSCHECK_STALE_SECONDS died with its worker (the tests run jobs in-process,
# inside their transaction, so the thread is off there).
CROSSCHECK_HEARTBEAT_THREAD = not TESTING
CROSSCHECK_STALE_SECONDS = 180
if TESTING:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "jiandu.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "jiandu API",
    "DESCRIPTION": "监督执纪一体化平台接口",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

DJANGO_TABLES2_TEMPLATE = "core/ledger_table.html"  # core.tables.LedgerTable

# Every handler carries the filter that keeps a portal client's address out of the log
# (jiandu.core.privacy); a handler added here must carry it too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_client_address": {"()": "jiandu.core.privacy.ScrubClientAddress"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_client_address"]},
        # Django's error e-mails (sent only when ADMINS is set) dump the request's META.
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "no_client_address"],
            "level": "ERROR",
        },
    },
    "loggers": {
        "django": {
            "handlers": ["mail_admins"],
            "level": os.environ.get("JIANDU_LOG_LEVEL", "WARNING"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("JIANDU_LOG_LEVEL", "WARNING")},
}

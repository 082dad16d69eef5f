"""The one settings module of kehoach, driven by environment variables.

Defaults give a working development instance: SQLite in WAL mode under
``var/``, Vietnamese, Asia/Ho_Chi_Minh. Production sets ``KEHOACH_DEBUG=0``,
``KEHOACH_SECRET_KEY`` and usually ``DATABASE_URL``.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kehoach.lib.env import (
    cache_from_url,
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(env_str("KEHOACH_DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("KEHOACH_DEBUG", default=True)
TESTING = env_bool("KEHOACH_TESTING", default=False)

SECRET_KEY = env_secret("KEHOACH_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "KEHOACH_SECRET_KEY (or KEHOACH_SECRET_KEY_FILE) must be set when "
            "KEHOACH_DEBUG is off."
        )
    SECRET_KEY = "dev-only-insecure-key-not-for-production"  # noqa: S105 -- dev default

ALLOWED_HOSTS = env_list("KEHOACH_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("KEHOACH_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("KEHOACH_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
]
LOCAL_APPS = [
    "kehoach.orgs",
    "kehoach.documents",
    "kehoach.plans",
    "kehoach.api",
    "kehoach.notify",
    "kehoach.reports",
    "kehoach.search",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "kehoach.reports.freshness.VersionMiddleware",
]

ROOT_URLCONF = "kehoach.urls"
WSGI_APPLICATION = "kehoach.wsgi.application"
ASGI_APPLICATION = "kehoach.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kehoach.orgs.context_processors.viewer",
                "kehoach.notify.context_processors.notifications",
                "kehoach.plans.context_processors.task_counts",
            ],
        },
    }
]

# Database: SQLite under var/ in WAL mode by default, PostgreSQL via DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("KEHOACH_DB_CONN_MAX_AGE", 60)
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "kehoach.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": env_str("KEHOACH_SQLITE_TEST_NAME") or None},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+IP pair after repeated failures.
AXES_ENABLED = env_bool("KEHOACH_AXES_ENABLED", default=not TESTING)
AXES_FAILURE_LIMIT = env_int("KEHOACH_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("KEHOACH_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# i18n: Vietnamese is the source language; an English catalogue exists.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["kehoach.formats"]
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("KEHOACH_MEDIA_ROOT", str(DATA_DIR / "media")))
# The data directory holds the SQLite file, uploads and collected assets.
for _directory in (DATA_DIR, STATIC_ROOT):
    _directory.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Cache of computed pages (dashboards, inbox rows), keyed by the data version
# (kehoach.reports.freshness), so it is never stale across processes.
# KEHOACH_CACHE_URL: locmem:// (default, per process), file:///path,
# redis://host:port/db (needs the redis package) or dummy:// (off; the tests'
# default).
CACHE_URL = env_str("KEHOACH_CACHE_URL", "dummy://" if TESTING else "locmem://")
CACHES = {"default": cache_from_url(CACHE_URL)}

# Largest file a user may upload for import (bytes).
KEHOACH_MAX_UPLOAD_BYTES = env_int("KEHOACH_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Largest evidence file (task progress), checked by content type too.
KEHOACH_MAX_EVIDENCE_BYTES = env_int("KEHOACH_MAX_EVIDENCE_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail over SMTP.
EMAIL_HOST = env_str("KEHOACH_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("KEHOACH_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("KEHOACH_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("KEHOACH_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("KEHOACH_EMAIL_TLS", default=False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("KEHOACH_EMAIL_FROM", "kehoach@localhost")
# In development, outgoing mail is written to files under var/mail/ (one
# file per message) instead of being sent, so the demo stays quiet.
EMAIL_FILE_PATH = env_str("KEHOACH_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
EMAIL_BACKEND = env_str(
    "KEHOACH_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)

# Security headers; strict in production.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("KEHOACH_SESSION_SECONDS", 8 * 3600)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("KEHOACH_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("KEHOACH_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("KEHOACH_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("KEHOACH_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("KEHOACH_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Start-up banners and the task worker's per-poll lines are noise.
        "axes": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
    },
}

# Background work (django-tasks with its database backend; the immediate
# backend in tests) and notifications. See kehoach.notify and README.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "KEHOACH_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        )
    }
}
KEHOACH_WORKER_TICK_SECONDS = env_int("KEHOACH_WORKER_TICK_SECONDS", 60)
KEHOACH_NOTIFY_CLAIM_SECONDS = env_int("KEHOACH_NOTIFY_CLAIM_SECONDS", 300)
KEHOACH_NOTIFY_MAX_ATTEMPTS = env_int("KEHOACH_NOTIFY_MAX_ATTEMPTS", 5)
KEHOACH_NOTIFY_RETRY_SECONDS = env_int("KEHOACH_NOTIFY_RETRY_SECONDS", 60)
KEHOACH_EMAIL_ENABLED = env_bool("KEHOACH_EMAIL_ENABLED", default=True)
KEHOACH_GATEWAY_ENABLED = env_bool("KEHOACH_GATEWAY_ENABLED", default=False)
KEHOACH_WEBHOOKS_ENABLED = env_bool("KEHOACH_WEBHOOKS_ENABLED", default=False)

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# Rendering and digital signatures (documents.rendering, documents.signatures).
# Signing keys (PKCS#12) and their passphrases are kept here, never under
# MEDIA_ROOT; extra trusted roots for checking signatures: a PEM file or a
# folder of .pem/.crt files.
KEHOACH_SECRETS_DIR = Path(env_str("KEHOACH_SECRETS_DIR", str(DATA_DIR / "secrets")))
KEHOACH_SIGNING_TRUST_ROOTS = env_str("KEHOACH_SIGNING_TRUST_ROOTS")
LOGGING["loggers"].update(  # type: ignore[attr-defined]
    {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "ERROR"},
        # An untrusted signer is a verification result, not a server error.
        "pyhanko": {"level": "ERROR"},
    }
)
# Issuance workflow and registers (documents): acknowledgement and
# consultation links expire after this many days; the mailbox polled for
# incoming documents (off unless KEHOACH_IMAP_HOST is set).
KEHOACH_ACK_LINK_DAYS = env_int("KEHOACH_ACK_LINK_DAYS", 30)
KEHOACH_IMAP_HOST = env_str("KEHOACH_IMAP_HOST")
KEHOACH_IMAP_PORT = env_int("KEHOACH_IMAP_PORT", 993)
KEHOACH_IMAP_SSL = env_bool("KEHOACH_IMAP_SSL", default=True)
KEHOACH_IMAP_USER = env_str("KEHOACH_IMAP_USER")
KEHOACH_IMAP_PASSWORD = env_secret("KEHOACH_IMAP_PASSWORD")
KEHOACH_IMAP_FOLDER = env_str("KEHOACH_IMAP_FOLDER", "INBOX")
KEHOACH_IMAP_AGENCY = env_str("KEHOACH_IMAP_AGENCY")  # the agency's abbreviation
KEHOACH_IMAP_ACTOR = env_str("KEHOACH_IMAP_ACTOR")  # username the imports run as

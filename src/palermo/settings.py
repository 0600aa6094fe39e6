"""The one settings module. Production defaults fail closed; demo mode relaxes them explicitly.

Every value comes from the environment (see docs/configuration.md); a missing or malformed
value stops palermo at startup with a message saying what to set.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from palermo import env

BASE_DIR = Path(__file__).resolve().parent


def _demo_keys(data_dir: Path) -> dict[str, str]:
    """Demo mode only: keys generated once and kept in the data folder, so restarts reuse them."""
    path = data_dir / "demo-keys.json"
    if path.exists():
        stored: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        return stored

    def b64() -> str:
        return base64.b64encode(secrets.token_bytes(32)).decode()

    keys = {
        "PALERMO_SECRET_KEY": secrets.token_urlsafe(50),
        "PALERMO_DATA_KEYS": f"demo1:{b64()}",
        "PALERMO_INDEX_KEY": b64(),
        "PALERMO_AUDIT_KEY": b64(),
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(keys, handle)
    return keys


try:
    DEMO = env.boolean("PALERMO_DEMO", default=False)
    DATA_DIR = Path(env.raw("PALERMO_DATA_DIR") or "var").resolve()
    try:
        DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise env.ConfigError(
            f"PALERMO_DATA_DIR={str(DATA_DIR)!r} cannot be created: {exc.strerror}."
        ) from None
    _demo = _demo_keys(DATA_DIR) if DEMO else {}

    def _key(name: str, hint: str) -> str:
        value = env.raw(name)
        if value is None and name in _demo:
            return _demo[name]
        return env.required(name, hint)

    SECRET_KEY = _key("PALERMO_SECRET_KEY", "Set a long random string (50+ characters).")
    if len(SECRET_KEY) < 50:
        raise env.ConfigError("PALERMO_SECRET_KEY must be at least 50 characters long.")
    PALERMO_DATA_KEYS = env.key_ring(
        "PALERMO_DATA_KEYS",
        _key("PALERMO_DATA_KEYS", "Set id:base64key pairs (32-byte keys), newest first."),
    )
    PALERMO_INDEX_KEY = env.secret_bytes(
        "PALERMO_INDEX_KEY", _key("PALERMO_INDEX_KEY", "Set a base64 32-byte key.")
    )
    PALERMO_AUDIT_KEY = env.secret_bytes(
        "PALERMO_AUDIT_KEY", _key("PALERMO_AUDIT_KEY", "Set a base64 32-byte key.")
    )
    _distinct = {PALERMO_INDEX_KEY, PALERMO_AUDIT_KEY, *PALERMO_DATA_KEYS.values()}
    if len(_distinct) != len(PALERMO_DATA_KEYS) + 2:
        raise env.ConfigError("The data, index and audit keys must all be different.")
    ALLOWED_HOSTS = env.host_list(
        "PALERMO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEMO else []
    )
    if not ALLOWED_HOSTS:
        raise env.ConfigError("PALERMO_ALLOWED_HOSTS is not set; list the host names served.")
    DATABASE_URL = env.raw("DATABASE_URL")
    REQUIRE_2FA = env.boolean("PALERMO_REQUIRE_2FA", default=not DEMO)
    _lockout_failures = env.integer("PALERMO_LOCKOUT_FAILURES", default=5, minimum=1)
    _ssl_redirect = env.boolean("PALERMO_SSL_REDIRECT", default=not DEMO)
    _hsts_preload = env.boolean("PALERMO_HSTS_PRELOAD", default=False)
    PALERMO_REFLECTION_DAYS = env.integer("PALERMO_REFLECTION_DAYS", default=30, minimum=30)
    # Counts from 1 to PALERMO_MIN_CELL - 1 are never published (analytics/disclosure.py).
    PALERMO_MIN_CELL = env.integer("PALERMO_MIN_CELL", default=5, minimum=2)
    # CTDC microdata: every published combination of quasi-identifiers occurs at least k times
    # (analytics/ctdc_anonymise.py); the reporting country of the GLOTIP export (ISO 3166 code).
    PALERMO_CTDC_K = env.integer("PALERMO_CTDC_K", default=11, minimum=2)
    PALERMO_COUNTRY = env.raw("PALERMO_COUNTRY") or "RU"
    # The public complaint channel (docs/complaints.md): which organisation receives it, upload
    # limits and the rate limits on a keyed hash of the client address.
    PALERMO_COMPLAINTS_ORGANISATION = env.raw("PALERMO_COMPLAINTS_ORGANISATION") or (
        "Open Door Anti-Trafficking Centre" if DEMO else ""  # the demo's organisation A
    )
    PALERMO_COMPLAINT_FILE_MAX_BYTES = env.integer(
        "PALERMO_COMPLAINT_FILE_MAX_BYTES", default=5 * 1024 * 1024, minimum=1024
    )
    PALERMO_COMPLAINT_FILES_MAX = env.integer("PALERMO_COMPLAINT_FILES_MAX", default=3, minimum=0)
    PALERMO_COMPLAINT_RATE_WINDOW_SECONDS = env.integer(
        "PALERMO_COMPLAINT_RATE_WINDOW_SECONDS", default=900, minimum=60
    )
    PALERMO_COMPLAINT_SUBMISSIONS_PER_WINDOW = env.integer(
        "PALERMO_COMPLAINT_SUBMISSIONS_PER_WINDOW", default=5, minimum=1
    )
    PALERMO_COMPLAINT_RECEIPT_FAILURES_PER_WINDOW = env.integer(
        "PALERMO_COMPLAINT_RECEIPT_FAILURES_PER_WINDOW", default=5, minimum=1
    )
    PALERMO_CLIENT_ADDRESS_HEADER = env.raw("PALERMO_CLIENT_ADDRESS_HEADER") or ""
    # The public read-only recommendations page /public/recommendations/ (docs/monitoring.md).
    PALERMO_PUBLIC_MONITORING = env.boolean("PALERMO_PUBLIC_MONITORING", default=False)
except env.ConfigError as exc:
    raise ImproperlyConfigured(f"palermo cannot start: {exc}") from None

DEBUG = False
PALERMO_AUDIT_HEAD_FILE = DATA_DIR / "audit-head.json"
PALERMO_ATTACHMENTS_DIR = DATA_DIR / "attachments"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "palermo.core",
    "palermo.accounts",
    "palermo.api",
    "palermo.cases",
    "palermo.screening",
    "palermo.referrals",
    "palermo.complaints",
    "palermo.analytics",
    "palermo.justice",
    "palermo.estimates",
    "palermo.linkage",
    "palermo.monitoring",
    "palermo.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "palermo.accounts.middleware.SessionPolicyMiddleware",
    "palermo.accounts.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "palermo.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "palermo.urls"
WSGI_APPLICATION = "palermo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "palermo.core.context_processors.palermo",
            ],
        },
    },
]

# --- Database: SQLite (WAL, immediate transactions so writers queue) unless DATABASE_URL is set.
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            "palermo cannot start: DATABASE_URL must be a postgresql:// URL."
        )
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "palermo.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and authentication
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "palermo.accounts.validators.MaximumLengthValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = _lockout_failures
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Lockout is per account on purpose: offices share one NAT address, and an attacker rotating
# addresses is stopped by the per-account limit anyway.
# HSTS preloading binds the whole domain for years: the operator opts in with PALERMO_HSTS_PRELOAD.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]

OTP_TOTP_ISSUER = "palermo"

# --- Sessions: in the database, 12 h absolute, 30 min idle (SessionPolicyMiddleware enforces).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
PALERMO_SESSION_ABSOLUTE_SECONDS = 12 * 3600
PALERMO_SESSION_IDLE_SECONDS = 30 * 60
SESSION_COOKIE_AGE = PALERMO_SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Production serves over HTTPS only; the demo on http://127.0.0.1 relaxes exactly these.
SECURE_COOKIES = not DEMO
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_NAME = "__Host-palermo-session" if SECURE_COOKIES else "palermo-session"
CSRF_COOKIE_NAME = "__Host-palermo-csrf" if SECURE_COOKIES else "palermo-csrf"
LANGUAGE_COOKIE_NAME = "__Host-palermo-lang" if SECURE_COOKIES else "palermo-lang"
SECURE_SSL_REDIRECT = _ssl_redirect
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEMO else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEMO
SECURE_HSTS_PRELOAD = _hsts_preload
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# --- Languages: every string is translatable; English and Russian are complete.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")), ("ru", _("Russian")),
    # The public complaint pages only (the staff interface is English and Russian).
    ("uz", _("Uzbek")), ("tg", _("Tajik")), ("ky", _("Kyrgyz")),
]
PALERMO_STAFF_LANGUAGES = ["en", "ru"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
if DEMO:
    STATIC_ROOT.mkdir(exist_ok=True)  # served from the finders, but WhiteNoise wants it to exist
WHITENOISE_USE_FINDERS = DEMO
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Logs never carry personal data: only ids, actions and error classes are logged.
# Records about the public complaint pages lose the request object (and so its headers).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"public": {"()": "palermo.complaints.log_filters.DropPublicRequest"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        name: {"filters": ["public"]}
        for name in ("django.request", "django.security.csrf", "django.server")
    },
}

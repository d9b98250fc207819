"""Django settings for Moksori. Everything configurable is read here, from the environment, once."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

from moksori.config import database_url, store_paths

PATHS = store_paths()
BASE_DIR = Path(__file__).resolve().parent


def _env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """Signing key for sessions and CSRF: kept beside the store (0600), made by `moksori init`."""
    path = PATHS.home / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    return os.environ.get("MOKSORI_SECRET_KEY") or secrets.token_urlsafe(50)


def _databases() -> dict[str, dict[str, object]]:
    url = database_url()
    if url is None:
        return {
            "default": {
                "ENGINE": "moksori.web.db.sqlcipher",
                "NAME": str(PATHS.database),
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
                "TEST": {"NAME": str(PATHS.home / "test-store.db")},
            }
        }
    parsed = urlparse(url)
    return {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parsed.path.lstrip("/"),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "TEST": {"NAME": os.environ.get("MOKSORI_TEST_DATABASE", "test_moksori")},
        }
    }


DEBUG = _env_flag("MOKSORI_DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("MOKSORI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
HTTPS = _env_flag("MOKSORI_HTTPS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "moksori.web.accounts",
    "moksori.web.audit",
    "moksori.web.vocabulary",
    "moksori.web.testimonies",
    "moksori.web.coding",
    "moksori.web.linkage",
    "moksori.web.findings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "moksori.web.middleware.RequestIdMiddleware",
    "moksori.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "moksori.web.urls"
WSGI_APPLICATION = "moksori.web.wsgi.application"
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
                "moksori.web.context_processors.navigation",
            ]
        },
    }
]

DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "testimonies:survivor-list"

# Lockout after repeated failures; the attempt log holds account names, never survivor data.
AXES_FAILURE_LIMIT = int(os.environ.get("MOKSORI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"  # served by accounts:static; there is no collectstatic step

# Uploads stay in memory and go straight into encryption: never a plaintext temp file.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024 * 1024

SESSION_COOKIE_AGE = int(os.environ.get("MOKSORI_SESSION_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True  # an idle session expires; an active one does not
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # "no-referrer" makes Chromium send Origin: null, failing CSRF
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000

ADMINS: list[tuple[str, str]] = []  # no error e-mails: they would carry request data
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "moksori.web.log_filters.RedactFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("MOKSORI_LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}

# Moksori's own settings (documented in docs/admin/settings.md).
MOKSORI_PATHS = PATHS
MOKSORI_REQUIRE_TOTP = _env_flag("MOKSORI_REQUIRE_TOTP", default=True)

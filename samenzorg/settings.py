"""Settings for Samen Zorg Regelen.

Deploy-specific values come from the environment, with safe defaults for local use:
SQLite unless DATABASE_URL is set, console mail unless EMAIL_HOST is set, DEBUG only
when DJANGO_DEBUG=1 (``make run`` sets it).
"""

import os
import sys
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes"}


def env_list(name: str, default: str) -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG")
TESTING = env_bool("DJANGO_TESTING") or "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is niet ingesteld. Zet de omgevingsvariabele SECRET_KEY, "
            "of start lokaal met DJANGO_DEBUG=1 (make run doet dat)."
        )
    SECRET_KEY = "local-development-only-not-secret"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Django's tasks API: built in from Django 6 on (django.tasks), on Django 5.2 the
# django-tasks backport with the same API (see samenzorg.core.tasks).
TASKS_API = "django.tasks" if find_spec("django.tasks") else "django_tasks"

# Our apps first: their translations and templates take precedence over Django's
# (the admin's catalogue would otherwise turn "Home" into "Voorpagina").
INSTALLED_APPS = [
    "samenzorg.core",
    "samenzorg.accounts",
    "samenzorg.areas",
    "samenzorg.initiatives",
    "samenzorg.assessment",
    "samenzorg.networks",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "ninja",
    "axes",
    "csp",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    *(["django_tasks"] if TASKS_API == "django_tasks" else []),
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside all others: every error under /api/ as the API's JSON.
    "samenzorg.core.middleware.ApiErrorsAsJsonMiddleware",
    "samenzorg.core.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samenzorg.core.middleware.DutchFirstLocaleMiddleware",
    "samenzorg.core.middleware.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "samenzorg.core.middleware.RefuseNulBytesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "samenzorg.core.access.AccessMiddleware",
    "samenzorg.accounts.middleware.TwoFactorMiddleware",
    "samenzorg.core.ratelimits.ApiRateLimitMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it turns a lockout into the login page with a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samenzorg.urls"
WSGI_APPLICATION = "samenzorg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samenzorg.core.context_processors.site",
            ],
        },
    },
]

# SQLite (WAL, see core.apps) unless DATABASE_URL points elsewhere, e.g.
# postgres://user:password@host:5432/samenzorg
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept (one per server thread, DATABASE_CONN_MAX_AGE) on SQLite
    # too: opening one runs the PRAGMAs below, and closing the last one checkpoints
    # and removes the WAL file, about 3 ms of CPU and disk work on every request.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # Writers wait for each other (up to 20 s) instead of failing with
        # "database is locked" after Django's default of 5 s.
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
    }

# Cache: per process by default (one `make run` process). Several web processes need a
# shared cache so that a change made in one clears the cached lists of all:
# CACHE_URL=db (the database; run `manage.py createcachetable` once) or
# CACHE_URL=redis://host:6379/0 (needs the `redis` package).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith("redis"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
        }
    }
elif CACHE_URL == "db":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "samenzorg_cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out e-mail address and IP address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Uploaded and generated files (reports, files waiting for an import). They are not
# served as they are: views hand them out after checking who may have them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Background tasks (docs/decisions/0002-background-tasks.md): queued in the database and
# run by the worker (`manage.py db_worker`, started by `make run`). The tests run every
# task at once, in the process that enqueues it; so does TASKS_IMMEDIATE=1 where no
# worker can run.
TASKS = {
    "default": {
        "BACKEND": f"{TASKS_API}.backends.immediate.ImmediateBackend"
        if TESTING or env_bool("TASKS_IMMEDIATE")
        else "django_tasks_db.DatabaseBackend",
    }
}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Uploaded documents (core.Document) go through the default storage above: files in
# MEDIA_ROOT unless another backend is set (object storage with django-storages when
# several web servers share them). No URL serves MEDIA_ROOT: a document is only
# downloaded through /documenten/<id>/, which checks who may see it.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))

# Mail: the console backend unless an SMTP host is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Samen Zorg Regelen <noreply@localhost>"
)

# The site's own address (scheme and host) for links in mails sent without a request,
# such as notifications and the daily digest.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Map tiles: the areas are drawn from our own GeoJSON, so maps work without tiles.
MAP_TILE_URL = os.environ.get(
    "MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", "&copy; OpenStreetMap-bijdragers"
)

# --- Security ---------------------------------------------------------------------
# See docs/decisions/0005-security.md. Everything is on by default; behind HTTPS,
# SECURE_COOKIES=1 adds secure cookies, the redirect to HTTPS and HSTS.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
if env_bool("SECURE_PROXY_SSL_HEADER"):
    # Only behind a proxy that sets this header itself (and drops it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = (
    int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    if SESSION_COOKIE_SECURE
    else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SECURE_CONTENT_TYPE_NOSNIFF = True
# Cross-origin requests (the map tiles) get the origin only: OpenStreetMap's tile
# policy asks for a Referer, and no page address leaves the site.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit counts in the default cache. Per process (locmem) is right for one
    # process; several processes share CACHE_URL (README). The database cache adds
    # without a lock, so a burst may count a few requests too few; Django's own Redis
    # cache is atomic but not on the package's list.
    "django_ratelimit.E003",
    "django_ratelimit.W001",
]
if not SECURE_HSTS_PRELOAD:
    # Joining the browsers' preload list is a decision per domain (SECURE_HSTS_PRELOAD=1).
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Number of reverse proxies in front that add X-Forwarded-For (0: use REMOTE_ADDR).
# Login lockouts and rate limits count per client address, so behind a load balancer
# this must be set, or every visitor shares the balancer's address.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))


def _origin(url: str) -> str:
    """The scheme and host of a tile URL; ``{s}`` subdomains become a wildcard."""
    parts = urlsplit(url.replace("{s}.", "*."))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# Content-Security-Policy (django-csp): scripts only from our own static files; no
# inline scripts or event handlers (pages put their data in <script
# type="application/json"> blocks, which do not run). Styles allow 'unsafe-inline':
# the area legends colour their swatches with a style attribute per figure, htmx
# adds a <style> element for its request indicators, and the API's Swagger page sets
# styles inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        # data: for the SVG icons in the NL Design System CSS and the network map's PNG.
        "img-src": [SELF, "data:", *filter(None, [_origin(MAP_TILE_URL)])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords (or
# second-step codes) for one e-mail address from one IP address, that pair is locked
# out for AXES_COOLOFF_MINUTES. A beheerder unlocks it in /beheer/.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "samenzorg.accounts.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "samenzorg.core.ratelimits.client_ip"
AXES_LOCKOUT_CALLABLE = "samenzorg.accounts.views.lockout"
AXES_RESET_ON_SUCCESS = True
# Trying again while locked out does not make the lockout longer.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_SENSITIVE_PARAMETERS = ["password", "token"]

# Rate limits (django-ratelimit), counted in the cache; "N/period" with s, m, h or d
# (e.g. "20/h", "100/10m"). Each is read when a request comes in.
RATELIMIT_IP_META_KEY = "samenzorg.core.ratelimits.client_ip"
RATELIMIT_VIEW = "samenzorg.core.views.error_429"
RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "60/m")
RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "20/h")
RATELIMIT_MAIL = os.environ.get("RATELIMIT_MAIL", "5/h")
RATELIMIT_MAIL_IP = os.environ.get("RATELIMIT_MAIL_IP", "30/h")
RATELIMIT_QUESTIONNAIRE = os.environ.get("RATELIMIT_QUESTIONNAIRE", "30/h")
RATELIMIT_JOIN_CODE = os.environ.get("RATELIMIT_JOIN_CODE", "100/10m")
RATELIMIT_JOIN = os.environ.get("RATELIMIT_JOIN", "600/h")
RATELIMIT_SCORE = os.environ.get("RATELIMIT_SCORE", "120/m")
RATELIMIT_API = os.environ.get("RATELIMIT_API", "600/m")
RATELIMIT_API_ANON_WRITE = os.environ.get("RATELIMIT_API_ANON_WRITE", "30/m")
RATELIMIT_PERSONAL_DATA = os.environ.get("RATELIMIT_PERSONAL_DATA", "20/h")
RATELIMIT_ERASE = os.environ.get("RATELIMIT_ERASE", "5/h")

# Two-factor authentication (django-otp, TOTP): the name authenticator apps show; the
# admin never shows an app's secret.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Samen Zorg Regelen")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every login at INFO; failures and lockouts are warnings.
    "loggers": {"axes": {"level": os.environ.get("AXES_LOG_LEVEL", "WARNING")}},
}

"""Settings for Careers Portal, read from the environment.

With nothing set, the app runs on a SQLite file under var/ with Celery tasks run eagerly, so that
`make run` needs no servers. Production sets DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY, DEBUG=off,
ALLOWED_HOSTS and EMAIL_URL (see README "Configuration").
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The fallback key only serves local runs; check --deploy warns about it, so production sets one.
SECRET_KEY = env(
    "SECRET_KEY",
    default="django-insecure-local-development-only-0f4c9a2e7b1d4c8e9a3f6b2d5e8c1a7f",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# The address people reach the app at, for links in emails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "careers_portal.accounts",
    "careers_portal.schools",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "import_export",
    "simple_history",
    "plans",
    "benchmarks",
    "encounters",
    "destinations",
    "surveys",
    "careers_portal.insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "careers_portal.inputs.RefuseNullCharactersMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "careers_portal.accounts.sessions.SessionLifetimeMiddleware",
    "careers_portal.accounts.middleware.MembershipMiddleware",
    # After the membership: who must use two-step sign-in follows the roles held.
    "careers_portal.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes goes last so that it sees the outcome of the whole stack.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careers_portal.urls"
WSGI_APPLICATION = "careers_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careers_portal.accounts.context_processors.membership",
                "careers_portal.kept_pages.csrf_placeholder",
            ],
        },
    },
]

# SQLite, the embedded default for small schools: two people saving at once must queue, not fail.
# ATOMIC_REQUESTS opens deferred transactions that take the write lock only at their first write,
# too late to wait for it ("database is locked" at once); IMMEDIATE takes it at BEGIN, where the
# busy timeout applies. WAL lets pages read while someone saves.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'careers_portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # an invitation link stays valid for three days

# Throttle guessing: five wrong passwords are explained, the sixth pauses the account for a
# cool-off, never for good.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=6)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Per account and address together: a whole school shares one public IP, so never lock by IP alone.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Trying again while paused must not restart the pause: the page promises a fixed wait, and a
# classmate on the same network could otherwise keep a teacher locked out for good.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "careers_portal.accounts.throttle.username_for_pause"
AXES_CLIENT_IP_CALLABLE = "careers_portal.accounts.throttle.client_address"
# How many reverse proxies of ours stand in front of the app (0: none, the app is reached
# directly). Each adds the address it saw to X-Forwarded-For; the visitor's address is read that
# many entries from the right, never from what a visitor could type (README "Deploying").
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_VERBOSE = False

# Two-step sign-in (django-otp): an authenticator app (TOTP) and single-use recovery codes.
OTP_TOTP_ISSUER = "Careers Portal"
# django-otp's own throttle counts per device and doubles a wait of seconds; ours counts per
# account across the authenticator and the recovery codes and pauses like the password step
# (accounts.services.second_factor_check), so the per-device one is off.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
SECOND_FACTOR_FAILURE_LIMIT = env.int("SECOND_FACTOR_FAILURE_LIMIT", default=AXES_FAILURE_LIMIT)
SECOND_FACTOR_COOLOFF_TIME = timedelta(
    minutes=env.int(
        "SECOND_FACTOR_COOLOFF_MINUTES", default=int(AXES_COOLOFF_TIME.total_seconds() // 60)
    )
)
SECOND_FACTOR_RECOVERY_CODES = 10

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Dates read as "3 March 2026" across the app: our en-GB formats override the locale's.
FORMAT_MODULE_PATH = ["careers_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Local runs serve static files straight from the packages, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (
            {k: v for k, v in _smtp_options.items() if v not in (None, "")}
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Careers Portal <no-reply@careers-portal.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {40: "danger"}

# Content Security Policy (Django 6 built-in): our own files only, no inline scripts or styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# HTTPS hardening follows DEBUG: production (DEBUG off) gets it all, local runs stay on plain HTTP.
SECURE_HTTPS = env.bool("SECURE_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# A signed-in session ends after this long without activity, and this long after signing in
# whatever happens (careers_portal/accounts/sessions.py).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=120))
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=env.int("SESSION_LIFETIME_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
X_FRAME_OPTIONS = "DENY"

# The cache every web process shares (rate limits): Redis when CACHE_URL names one, else a table
# in the database (`manage.py createcachetable`), so that `make run` needs no server.
CACHE_URL = env("CACHE_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "careers_portal_cache",
        }
    ),
    # The figure pages' kept figures (careers_portal/figure_cache.py), apart from the rate
    # limits, so that a busy day's figures can never push a sign-in limit out of the cache.
    "figures": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "figures",
            # A Redis cut off answers nothing: give up quickly and work the figures out.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "careers_portal_figure_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    ),
}
# The figure pages' figures are kept in that cache until the data changes (careers_portal/
# figure_cache.py), and this long at most: the bound on a write made outside the app.
FIGURE_CACHE_SECONDS = env.int("FIGURE_CACHE_SECONDS", default=600)
# Password reset emails: a few per account, and more per address (a school shares one).
PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR = 3
PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 20

# Celery: eager (in-process) when no broker is configured, so local runs need no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Personal data: learners who left more than this many years ago are anonymised.
LEARNER_RETENTION_YEARS = env.int("LEARNER_RETENTION_YEARS", default=6)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every step of every PDF at INFO; only its problems belong in the log.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

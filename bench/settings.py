"""Settings for `make bench`: production settings plus the floor view's URL, served over plain HTTP.

bench/run.py sets DATABASE_URL, DEBUG=0 and SECURE_HTTPS=0 in the environment before this is read.
"""

from careers_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The test client (query counts) asks for "testserver"; gunicorn is reached on loopback.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# Static files are not measured: serve them from the packages so no collectstatic is needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = VAR_DIR / "bench" / "staticfiles"  # noqa: F405
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

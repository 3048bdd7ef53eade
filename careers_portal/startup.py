"""Checks that a served process makes before it takes its first request."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages


def require_collected_static_files() -> None:
    """Refuse to start with DEBUG off and no collected static files.

    Without the manifest every page (the error page included) answers 500 as soon as it names a
    stylesheet: a server that will fail every request must not start, and must say why.
    """
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return
    if storage.exists(storage.manifest_name):
        return
    raise ImproperlyConfigured(
        f"The static files are not collected: {settings.STATIC_ROOT} has no "
        f"{storage.manifest_name}. Run `python manage.py collectstatic --no-input` (the Docker "
        "image does it when it is built), then start the server again."
    )

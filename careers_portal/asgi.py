"""The served application; it refuses to start without collected static files."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers_portal.settings")

application = get_asgi_application()

from careers_portal.startup import require_collected_static_files  # noqa: E402 - needs settings

require_collected_static_files()

"""The served application; it refuses to start without collected static files."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers_portal.settings")

application = get_wsgi_application()

from careers_portal.startup import require_collected_static_files  # noqa: E402 - needs settings

require_collected_static_files()

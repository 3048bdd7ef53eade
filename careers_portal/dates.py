"""Today, as every rule of the app judges it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    """Today's date in England (TIME_ZONE): the day statuses, deadlines and years are judged on.

    One function for every app's views, so that a page and the rule it shows agree on the day.
    """
    return timezone.localdate()

"""Small helpers shared by the plan views."""

from __future__ import annotations

from django.utils import timezone


def today():
    return timezone.localdate()

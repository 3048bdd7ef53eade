"""Small helpers shared by the plan views."""

from __future__ import annotations

from careers_portal.dates import today

__all__ = ["today"]

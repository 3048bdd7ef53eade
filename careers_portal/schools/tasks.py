"""Scheduled work on learners (thin: each task calls one service)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task(name="schools.apply_retention", acks_late=True)
def apply_retention() -> int:
    """Nightly: anonymise learners who left more than LEARNER_RETENTION_YEARS ago (idempotent)."""
    from careers_portal.schools.services import learners_apply_retention

    return learners_apply_retention(
        today=timezone.localdate(), years=settings.LEARNER_RETENTION_YEARS
    )

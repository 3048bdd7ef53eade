"""Scheduled work on learners (thin: each task calls one service)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task(name="schools.apply_retention", acks_late=True)
def apply_retention() -> int:
    """Nightly: one apply_retention_for task per institution (careers_portal.celery fan-out);
    returns how many were queued."""
    from careers_portal.celery import for_each_institution

    return for_each_institution(apply_retention_for)


@shared_task(name="schools.apply_retention_for", acks_late=True)
def apply_retention_for(institution_id: int) -> int:
    """Anonymise one institution's learners who left more than LEARNER_RETENTION_YEARS ago
    (idempotent)."""
    from careers_portal.schools.services import learners_apply_retention

    return learners_apply_retention(
        today=timezone.localdate(),
        years=settings.LEARNER_RETENTION_YEARS,
        institution_id=institution_id,
    )


@shared_task(name="schools.import_check", acks_late=True)
def import_check(job_id: int) -> None:
    """Check a big import's file, writing progress to its job (schools/import_jobs.py)."""
    from careers_portal.schools.import_jobs import job_check

    job_check(job_id)


@shared_task(name="schools.import_apply", acks_late=True)
def import_apply(job_id: int) -> None:
    """Apply a checked import in one transaction; done once however often it is delivered."""
    from careers_portal.schools.import_jobs import job_apply

    job_apply(job_id)

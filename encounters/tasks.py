"""Scheduled work on coverage (thin: each task calls encounters.kept)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="encounters.rebuild_coverage_nightly", acks_late=True)
def rebuild_coverage_nightly() -> int:
    """Nightly: one rebuild_coverage task per institution; returns how many were queued."""
    from careers_portal.celery import for_each_institution

    return for_each_institution(rebuild_coverage)


@shared_task(name="encounters.rebuild_coverage", acks_late=True)
def rebuild_coverage(institution_id: int) -> int:
    """Rebuild one institution's kept coverage counts for today (idempotent); returns the
    number of groups kept, 0 for an institution that no longer exists."""
    from careers_portal.schools.models import Institution
    from encounters import kept

    if not Institution.objects.filter(pk=institution_id).exists():
        return 0
    return len(kept.rebuild(institution_id, kept.local_today()))

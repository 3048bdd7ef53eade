"""Celery tasks of insights: thin, taking ids, each calling one service (idempotent)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="insights.build_annual_report")
def build_annual_report(report_id: int) -> bool:
    """Build one institution's annual impact report (claimed once: a redelivery does nothing)."""
    from careers_portal.insights import services

    return services.report_build(report_id)


@shared_task(name="insights.request_annual_reports")
def request_annual_reports() -> int:
    """1 July: one report request, so one build task, per institution; governors and SLT are
    emailed a link when each is ready."""
    from careers_portal.dates import today
    from careers_portal.insights import services

    return services.request_all_reports(today=today())


@shared_task(name="insights.requeue_waiting_reports")
def requeue_waiting_reports() -> int:
    """Queue again the report requests the broker refused or lost."""
    from careers_portal.insights import services

    return services.requeue_waiting()

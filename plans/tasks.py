"""Plan emails, sent by the Celery worker (or in-process when no broker is set)."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_approval_request(request_id: int) -> int:
    """Email the people asked to approve the plan; never one of them twice for one request."""
    from plans import services  # services enqueue this task: import it when it runs

    return services.approval_request_send(request_id)

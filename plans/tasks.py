"""Plan emails, sent by the Celery worker (or in-process when no broker is set)."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_approval_request(request_id: int) -> int:
    """Email the people asked to approve the plan; never one of them twice for one request."""
    from plans import services  # services enqueue this task: import it when it runs

    return services.approval_request_send(request_id)


@shared_task(name="plans.send_reminders")
def send_reminders(day: str | None = None, retry_only: bool = False) -> int:
    """The daily reminders digest (plans.reminders); `day` as YYYY-MM-DD, else today.

    Acknowledged late (settings): a worker that dies mid-run leaves the message to be delivered
    again, and the sent-log makes the second run send only what the first did not."""
    import datetime as dt

    from plans import reminders

    when = dt.date.fromisoformat(day) if day else None
    return reminders.send_reminders(when, retry_only=retry_only).sent

"""The Celery app and the one beat schedule.

With no CELERY_BROKER_URL, tasks run eagerly in the web process (settings.CELERY_TASK_ALWAYS_EAGER),
so local runs need no Redis. Tasks are idempotent and acknowledged late, so a retry after a crash
never does the work twice.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers_portal.settings")

app = Celery("careers_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="careers_portal.remove_stale_uploads")
def remove_stale_uploads() -> int:
    """Delete uploaded files that nobody confirmed importing (careers_portal/uploads.py)."""
    from careers_portal import uploads

    return uploads.remove_stale_uploads()


def for_each_institution(task, *args) -> int:
    """Fan a nightly job out: one `task` (a registered Celery task) per institution, with the
    institution's id first, so a deployment with hundreds of institutions (a careers hub, a
    local authority) spreads the work across every worker instead of one long task. The
    scheduled task calls this and returns at once; each queued task is idempotent and acked late.
    Without a broker (tasks eager) they run here, one after another. Returns how many."""
    from careers_portal.schools.models import Institution

    ids = list(Institution.objects.order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        task.delay(pk, *args)
    return len(ids)


# The one beat schedule. Later features add their jobs here: daily action reminders, the 1 July
# annual impact report, nightly learner retention.
app.conf.beat_schedule = {
    "remove-stale-uploads": {
        "task": "careers_portal.remove_stale_uploads",
        "schedule": crontab(minute=17),  # hourly: a checked file waits at most 6 hours and a bit
    },
    # Reminders: the digest at 07:00 London time (CELERY_TIMEZONE), then hourly catch-ups that
    # only send digests claimed today and left unsent by a worker that died (plans.reminders).
    "daily-reminders": {
        "task": "plans.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "daily-reminders-catch-up": {
        "task": "plans.send_reminders",
        "schedule": crontab(hour="8-18", minute=5),
        "kwargs": {"retry_only": True},
    },
    # Nightly jobs fan out: each schedules one task per institution (for_each_institution).
    "learner-retention": {
        "task": "schools.apply_retention",
        "schedule": crontab(hour=2, minute=41),  # nightly, outside the school day
    },
    "kept-coverage": {
        # After midnight the calendar alone changes coverage (an encounter dated today starts to
        # count, BM5 starts again on 1 September): every institution's kept counts are rebuilt.
        "task": "encounters.rebuild_coverage_nightly",
        "schedule": crontab(hour=0, minute=7),
    },
    # 1 July: one annual impact report request (so one build task) per institution.
    "annual-impact-reports": {
        "task": "insights.request_annual_reports",
        "schedule": crontab(month_of_year=7, day_of_month=1, hour=5, minute=30),
    },
    # Report requests the broker refused or lost are queued again.
    "requeue-waiting-reports": {
        "task": "insights.requeue_waiting_reports",
        "schedule": crontab(minute="*/5"),
    },
}

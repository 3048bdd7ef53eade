"""A real Celery worker on Redis killed in the middle of the reminders run, then run again:
every digest is sent once and none twice (plans.reminders, README "Reminders").

The worker runs in a process of its own (tests/reminder_worker.py) so that it can be killed
with SIGKILL, as a crash or the out-of-memory killer would; it shares the test's PostgreSQL
database, which is why this test needs PostgreSQL (CI runs on it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

from careers_portal.accounts.models import Role
from careers_portal.celery import app
from plans.models import ReminderDigest
from tests.conftest import require
from tests.factories import MembershipFactory
from tests.plans.factories import ActionFactory, ObjectiveFactory, StrategicPlanFactory
from tests.test_celery_worker import redis_answers

# Redis database 13 is this test's (14 and 15 belong to other tests).
BROKER_URL = os.environ.get("REMINDER_TEST_BROKER_URL", "redis://127.0.0.1:6379/13")
OWNERS = 6
STALL_AFTER = 3
WAIT_SECONDS = 90
ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def _start_worker(queue: str, mail_dir: Path, *, stall_after: int | None) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reminder_worker",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": BROKER_URL,
        "REMINDER_TEST_QUEUE": queue,
        "REMINDER_TEST_MAIL_DIR": str(mail_dir),
    }
    env.pop("REMINDER_TEST_STALL_AFTER", None)
    if stall_after is not None:
        env["REMINDER_TEST_STALL_AFTER"] = str(stall_after)
    command = [sys.executable, "-m", "celery", "-A", "careers_portal", "worker"]
    command += ["--pool=solo", "--without-heartbeat", "--without-gossip", "--without-mingle"]
    command += ["-Q", queue, "--loglevel=WARNING"]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def _wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _enqueue(queue: str, day: dt.date) -> str:
    task_id = uuid.uuid4().hex
    with app.connection_for_write(BROKER_URL) as conn:
        app.send_task(
            "plans.send_reminders",
            kwargs={"day": day.isoformat()},
            queue=queue,
            task_id=task_id,
            connection=conn,
        )
    return task_id


def _result(client: redis.Redis, task_id: str):
    raw = client.get(f"celery-task-meta-{task_id}")
    return json.loads(raw) if raw else None


def _finished(client: redis.Redis, task_id: str) -> dict:
    _wait_until(lambda: _result(client, task_id) is not None, f"task {task_id}")
    outcome = _result(client, task_id)
    assert outcome["status"] == "SUCCESS", outcome
    return outcome


def _mails(mail_dir: Path) -> list[str]:
    return sorted(path.name.split("--")[0] for path in mail_dir.glob("*.eml"))


def _stop(worker: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    worker.wait(timeout=WAIT_SECONDS)


@pytest.mark.redis
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_a_worker_killed_mid_run_then_run_again_sends_each_digest_once(transactional_db, tmp_path):
    require(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL)")
    require(redis_answers(BROKER_URL), f"no Redis answers at {BROKER_URL}")
    client = redis.Redis.from_url(BROKER_URL)
    queue = f"test-reminders-{uuid.uuid4().hex}"
    day = dt.date.today() + dt.timedelta(days=1)  # noqa: DTZ011 (any day: the job is given it)
    plan = StrategicPlanFactory(start_year=day.year - 1, end_year=day.year + 2)
    objective = ObjectiveFactory(plan=plan)
    owners = [
        MembershipFactory(institution=plan.institution, role=Role.CHAMPION).user
        for _ in range(OWNERS)
    ]
    for owner in owners:
        for due in (1, 7):
            ActionFactory(objective=objective, owner=owner, due_date=day + dt.timedelta(days=due))
    workers = []
    task_ids: list[str] = []
    try:
        # The first run: three digests handed over, the worker stuck on the fourth, killed.
        first = _start_worker(queue, tmp_path, stall_after=STALL_AFTER)
        workers.append(first)
        _enqueue(queue, day)
        _wait_until(lambda: (tmp_path / "stalled").exists(), "the worker to stall")
        _stop(first, signal.SIGKILL)
        assert first.returncode == -signal.SIGKILL
        assert len(_mails(tmp_path)) == STALL_AFTER
        claims = ReminderDigest.objects.filter(day=day)
        assert claims.count() == OWNERS
        assert claims.filter(sent_at__isnull=False).count() == STALL_AFTER

        # Run again, on a new worker: only the digests not yet sent go.
        (tmp_path / "stalled").unlink()
        second = _start_worker(queue, tmp_path, stall_after=None)
        workers.append(second)
        task_ids.append(_enqueue(queue, day))
        assert _finished(client, task_ids[-1])["result"] == OWNERS - STALL_AFTER
        # And once more, as a repeated beat or a redelivered message would: nothing at all.
        task_ids.append(_enqueue(queue, day))
        assert _finished(client, task_ids[-1])["result"] == 0
    finally:
        for worker in workers:
            _stop(worker)
        # The killed worker's message stays unacknowledged in Redis: database 13 is ours alone.
        client.delete(
            queue, "unacked", "unacked_index", *(f"celery-task-meta-{t}" for t in task_ids)
        )

    assert _mails(tmp_path) == sorted(owner.email for owner in owners)
    assert ReminderDigest.objects.filter(day=day, sent_at__isnull=True).count() == 0
    for path in tmp_path.glob("*.eml"):
        text = path.read_text()
        assert "Due tomorrow" in text and "Due in 7 days" in text

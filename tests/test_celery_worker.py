"""A real Celery worker on Redis sends the invitation email once, however often it is enqueued.

The rest of the suite runs tasks eagerly; this test proves the production path: the message goes
through the broker, a worker picks it up, and the task's conditional update makes a repeat a no-op.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from kombu import pools

from careers_portal.accounts.models import Membership, Role
from careers_portal.accounts.tasks import send_invitation
from careers_portal.celery import app
from tests.conftest import require
from tests.factories import MembershipFactory

BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
WAIT_SECONDS = 10


def redis_answers(url: str) -> bool:
    """Whether a Redis server answers at `url`, within a second."""
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        return False


class FinishedTasks:
    """Task ids the worker thread has finished, for the test thread to wait on."""

    def __init__(self) -> None:
        self._done: set[str] = set()
        self._changed = threading.Condition()

    def __call__(self, task_id: str, **kwargs) -> None:
        with self._changed:
            self._done.add(task_id)
            self._changed.notify_all()

    def wait_for(self, task_id: str, timeout: float = WAIT_SECONDS) -> None:
        with self._changed:
            finished = self._changed.wait_for(lambda: task_id in self._done, timeout=timeout)
        assert finished, f"the worker did not finish task {task_id} within {timeout} s"


def _reset_connections() -> None:
    # The app caches its connection pools; they must follow the broker URL we set.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_app() -> Iterator[str]:
    """The Celery app pointed at Redis with real (not eager) tasks, on a queue of its own."""
    require(redis_answers(BROKER_URL), f"no Redis answers at {BROKER_URL}")
    # A queue per run, so that another test run on the same Redis never takes our messages.
    queue = f"test-{uuid.uuid4().hex}"
    names = ["broker_url", "task_always_eager", "task_default_queue", "worker_hijack_root_logger"]
    saved = {name: app.conf[name] for name in names}
    app.conf.update(
        broker_url=BROKER_URL,
        task_always_eager=False,
        task_default_queue=queue,
        worker_hijack_root_logger=False,
    )
    _reset_connections()
    try:
        yield queue
    finally:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)
        app.conf.update(saved)
        _reset_connections()


@pytest.fixture
def finished_tasks() -> Iterator[FinishedTasks]:
    receiver = FinishedTasks()
    task_postrun.connect(receiver, weak=False)
    try:
        yield receiver
    finally:
        task_postrun.disconnect(receiver)


def _wait_until(condition, timeout: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


@pytest.mark.redis
def test_a_real_worker_sends_the_invitation_once(transactional_db, redis_app, finished_tasks):
    membership = MembershipFactory(role=Role.SLT, user__email="new.slt@north.test")
    assert membership.invitation_sent_at is None

    with start_worker(
        app, pool="solo", queues=[redis_app], perform_ping_check=False, shutdown_timeout=10
    ):
        first = send_invitation.delay(membership.pk)
        finished_tasks.wait_for(first.id)
        _wait_until(lambda: len(mail.outbox) == 1)

        assert mail.outbox[0].to == ["new.slt@north.test"]
        assert "Careers Portal for" in mail.outbox[0].subject
        membership.refresh_from_db()
        sent_at = membership.invitation_sent_at
        assert sent_at is not None

        # Enqueued again (a retry, a double click): the worker runs it and sends nothing.
        second = send_invitation.delay(membership.pk)
        assert second.id != first.id
        finished_tasks.wait_for(second.id)

    assert len(mail.outbox) == 1
    assert Membership.objects.get(pk=membership.pk).invitation_sent_at == sent_at


@pytest.mark.redis
def test_the_task_went_through_the_broker_not_in_process(transactional_db, redis_app):
    # Without a worker, the message waits in Redis: proof that delay() did not run it eagerly.
    membership = MembershipFactory(role=Role.GOVERNOR)

    send_invitation.delay(membership.pk)

    assert mail.outbox == []
    client = redis.Redis.from_url(BROKER_URL)
    assert client.llen(redis_app) == 1

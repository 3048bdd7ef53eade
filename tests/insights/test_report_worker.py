"""The report through a real Celery worker on Redis (database 13): recorded, queued, built by the
worker; with the broker down the request says "could not be queued", and the periodic job queues
it again once the broker is back."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun

from careers_portal.celery import app
from careers_portal.dates import today
from careers_portal.insights import services
from careers_portal.insights.figures import year_of
from careers_portal.insights.models import AnnualReport
from tests.conftest import require
from tests.test_celery_worker import _reset_connections, redis_answers

BROKER_URL = "redis://127.0.0.1:6379/13"
NOBODY_LISTENS = "redis://127.0.0.1:1/13"
WAIT_SECONDS = 60  # a PDF build on a busy machine


def _point_at(url: str) -> None:
    app.conf.update(broker_url=url)
    _reset_connections()


@pytest.fixture
def worker_app() -> Iterator[str]:
    """The Celery app on Redis with real tasks, on a queue of its own; restored afterwards."""
    require(redis_answers(BROKER_URL), f"no Redis answers at {BROKER_URL}")
    queue = f"test-report-{uuid.uuid4().hex}"
    names = ["broker_url", "task_always_eager", "task_default_queue", "worker_hijack_root_logger"]
    saved = {name: app.conf[name] for name in names}
    app.conf.update(
        task_always_eager=False, task_default_queue=queue, worker_hijack_root_logger=False
    )
    _point_at(BROKER_URL)
    try:
        yield queue
    finally:
        _point_at(BROKER_URL)
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)
        app.conf.update(saved)
        _reset_connections()


def _status(report: AnnualReport) -> str:
    report.refresh_from_db()
    return report.status


class Builds:
    """How many report builds the worker thread has finished (the test thread waits on it,
    rather than polling the row while the worker writes it: SQLite would lock)."""

    def __init__(self) -> None:
        self.count = 0
        self._changed = threading.Condition()

    def __call__(self, sender=None, **kwargs) -> None:
        if sender is not None and sender.name == "insights.build_annual_report":
            with self._changed:
                self.count += 1
                self._changed.notify_all()

    def wait_for(self, count: int) -> None:
        with self._changed:
            done = self._changed.wait_for(lambda: self.count >= count, timeout=WAIT_SECONDS)
        assert done, f"the worker finished {self.count} builds of {count} within {WAIT_SECONDS} s"


@pytest.fixture
def builds() -> Iterator[Builds]:
    receiver = Builds()
    task_postrun.connect(receiver, weak=False)
    try:
        yield receiver
    finally:
        task_postrun.disconnect(receiver)


@pytest.mark.redis
def test_a_real_worker_builds_the_report_and_a_refused_request_is_queued_again(
    transactional_db, worker_app, builds, institution, governor
):
    year = year_of(today())
    with start_worker(
        app, pool="solo", queues=[worker_app], perform_ping_check=False, shutdown_timeout=30
    ):
        built, joined = services.report_request(institution=institution, academic_year=year)
        assert not joined
        builds.wait_for(1)
        assert _status(built) == AnnualReport.Status.READY, built.reason
        assert built.size > 0 and built.queued_at is not None

        # The broker goes away: the request is still recorded, and says it could not be queued.
        _point_at(NOBODY_LISTENS)
        refused, _ = services.report_request(institution=institution, academic_year=year)
        assert _status(refused) == AnnualReport.Status.NOT_QUEUED
        assert "could not be queued" in refused.reason

        # The broker is back: the periodic job queues it, the worker builds it.
        _point_at(BROKER_URL)
        assert services.requeue_waiting() == 1
        builds.wait_for(2)
        assert _status(refused) == AnnualReport.Status.READY, refused.reason
    assert AnnualReport.objects.filter(status=AnnualReport.Status.READY).count() == 2

"""/healthz answers 200 while the database answers (the broker's state in its JSON), else 503."""

from __future__ import annotations

import os
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import override_settings
from django.urls import reverse

from careers_portal import views
from tests.conftest import require
from tests.test_celery_worker import redis_answers

HEALTHZ = reverse("healthz")
REDIS_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
# Nothing listens on port 1: a broker that is configured but down.
DEAD_BROKER_URL = "redis://127.0.0.1:1/0"


def test_it_answers_200_when_the_database_answers(client, db):
    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": True}}
    assert "no-cache" in response["Cache-Control"]


def test_it_needs_no_sign_in_and_sets_no_cookie(client, db):
    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_it_answers_503_when_the_database_does_not(client, db, monkeypatch):
    monkeypatch.setattr(views, "_database_answers", lambda: False)

    response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": False}}


def test_the_database_check_fails_when_the_query_fails(db):
    with mock.patch.object(
        views.connection, "cursor", side_effect=DatabaseError("connection refused")
    ):
        answers = views._database_answers()

    assert answers is False
    assert views._database_answers() is True


@override_settings(CELERY_BROKER_URL=DEAD_BROKER_URL)
def test_it_answers_200_with_the_broker_down_saying_so(client, db):
    # An orchestrator must not take the web down with the broker: pages serve without it.
    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": True, "broker": False},
    }


@override_settings(CELERY_BROKER_URL=DEAD_BROKER_URL)
def test_it_answers_503_when_the_database_does_not_whatever_the_broker(client, db, monkeypatch):
    monkeypatch.setattr(views, "_database_answers", lambda: False)

    response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": False, "broker": False},
    }


@pytest.mark.redis
def test_it_answers_200_when_the_configured_broker_answers(client, db):
    require(redis_answers(REDIS_URL), f"no Redis at {REDIS_URL}")

    with override_settings(CELERY_BROKER_URL=REDIS_URL):
        response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True, "broker": True}}

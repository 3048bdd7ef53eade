"""The broker down: every page still serves, and /healthz answers 200 saying so.

Celery is pointed at a Redis that is not there, with tasks really queued (not run in-process),
and every URL pattern of the permission matrix is asked for by a visitor the matrix lets in.
"""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from kombu import pools

from careers_portal.celery import app
from tests.conftest import AUTUMN_TERM_2026, pinned_today
from tests.test_permissions import MATRIX, VISITORS

_today = pinned_today(AUTUMN_TERM_2026)

# Nothing listens on port 1.
DEAD_BROKER_URL = "redis://127.0.0.1:1/13"


def _reset_connections() -> None:
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    names = ["broker_url", "task_always_eager", "broker_connection_timeout"]
    saved = {name: app.conf[name] for name in names}
    app.conf.update(
        broker_url=DEAD_BROKER_URL, task_always_eager=False, broker_connection_timeout=1
    )
    _reset_connections()
    try:
        with override_settings(CELERY_BROKER_URL=DEAD_BROKER_URL):
            yield
    finally:
        app.conf.update(saved)
        _reset_connections()


@pytest.fixture
def world(role_users, institution, other_institution):
    return {**role_users, "institution": institution, "other_institution": other_institution}


GET_PAGES = sorted(
    name for name, row in MATRIX.items() if row.method == "get" and name != "admin:*"
)


@pytest.mark.parametrize("name", GET_PAGES)
def test_every_page_serves_with_the_broker_down(name, world, client_for, broker_down):
    row = MATRIX[name]
    visitor = next(
        (v for v in VISITORS if row.expect.get(v) == 200),
        next((v for v in VISITORS if isinstance(row.expect.get(v), int)), "anonymous"),
    )
    url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)

    response = client_for(world[visitor]).get(url)

    assert response.status_code < 500, f"{name} as {visitor}: {response.status_code}"
    if row.expect.get(visitor) == 200:
        assert response.status_code == 200


def test_healthz_answers_200_with_the_broker_down(client, db, broker_down):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "broker": False}


def test_an_invitation_is_saved_with_the_broker_down(client_for, leader, broker_down):
    from careers_portal.accounts.models import Membership

    response = client_for(leader).post(
        reverse("accounts:invite"),
        {
            "email": "new.person@north.test",
            "role": "governor",
            "first_name": "New",
            "last_name": "Person",
        },
    )

    assert response.status_code < 500
    assert Membership.objects.filter(user__email="new.person@north.test").exists()

"""The visitor's address behind trusted proxies, and the shared cache the rate limits count in."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.test import RequestFactory

from careers_portal import ratelimit
from careers_portal.accounts.throttle import client_address
from tests.conftest import require
from tests.test_celery_worker import redis_answers

ROOT = Path(__file__).resolve().parents[2]


def _request(remote="10.0.0.2", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/accounts/sign-in/", **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "10.0.0.2"),
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy configured: the header is the visitor's
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a typed entry on the left is ignored
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer hops than proxies: not through ours
        (1, "", "10.0.0.2"),
    ],
)
def test_it_reads_the_address_through_the_trusted_proxies_only(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(_request(forwarded=forwarded)) == expected


def test_behind_the_proxy_one_visitors_wrong_passwords_pause_only_them(client, leader, settings):
    from django.urls import reverse

    from tests.factories import PASSWORD

    settings.TRUSTED_PROXY_COUNT = 1
    sign_in = reverse("accounts:login")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            sign_in,
            {"username": leader.email, "password": f"no-{attempt}"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.66",
        )
    paused = client.post(
        sign_in,
        {"username": leader.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.66",
    )
    assert paused.status_code == 429
    # The leader at school, through the same proxy, is not paused by the stranger.
    at_school = client.post(
        sign_in,
        {"username": leader.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert at_school.status_code == 302


def test_the_limit_counts_per_key_and_window():
    hour = dt.timedelta(hours=1)
    assert all(ratelimit.attempt("t", "a", limit=2, window=hour) for _ in range(2))
    assert not ratelimit.attempt("t", "a", limit=2, window=hour)
    assert ratelimit.attempt("t", "b", limit=2, window=hour)


def _cache_backend(**env: str) -> str:
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    environment = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "DATABASE_URL"}}
    environment.update(DJANGO_SETTINGS_MODULE="careers_portal.settings", **env)
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_every_web_process_shares_one_cache():
    # Never a per-process memory cache in production: the database, or Redis when configured.
    assert _cache_backend() == "django.core.cache.backends.db.DatabaseCache"
    redis = "redis://127.0.0.1:6379/14"
    assert _cache_backend(CACHE_URL=redis) == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.redis
def test_the_limit_holds_across_processes_on_redis(settings):
    # Database 14: never the Celery test broker's (15), which this test empties.
    broker = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
    url = broker.rsplit("/", 1)[0] + "/14"
    require(redis_answers(url), f"no Redis answers at {url}")
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    caches["default"].clear()
    # Both processes count in the same window: the middle of this hour, as the test's clock
    # (which --today may have moved) has it, not the subprocess's own clock.
    moment = dt.datetime.now(tz=dt.UTC).replace(minute=30, second=0, microsecond=0)
    # Another process counts two attempts first, as a second gunicorn worker would.
    script = (
        "import datetime as dt, sys, django, time_machine; django.setup();"
        "time_machine.travel(dt.datetime.fromisoformat(sys.argv[1]), tick=False).start();"
        "from careers_portal import ratelimit;"
        "[ratelimit.attempt('shared', 'key', limit=3, window=dt.timedelta(hours=1)) "
        "for _ in range(2)]"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "careers_portal.settings"}
    environment["CACHE_URL"] = url
    subprocess.run(
        [sys.executable, "-c", script, moment.isoformat()], cwd=ROOT, env=environment, check=True
    )
    hour = dt.timedelta(hours=1)
    with time_machine.travel(moment, tick=False):
        assert ratelimit.attempt("shared", "key", limit=3, window=hour)
        assert not ratelimit.attempt("shared", "key", limit=3, window=hour)
    caches["default"].clear()


def test_an_address_trying_many_accounts_is_slowed_down_not_paused(client, institution):
    import time_machine
    from django.contrib.auth import SESSION_KEY
    from django.urls import reverse

    from careers_portal.accounts.throttle import ADDRESS_FAILURES_BEFORE_SLOWING
    from tests.factories import PASSWORD, MembershipFactory

    sign_in = reverse("accounts:login")
    teacher = MembershipFactory(institution=institution).user
    with time_machine.travel(dt.datetime(2027, 1, 12, 10, 0, 3, tzinfo=dt.UTC), tick=False) as t:
        for number in range(ADDRESS_FAILURES_BEFORE_SLOWING):
            client.post(sign_in, {"username": f"guess{number}@school.test", "password": "x"})
        # The school's address is slowed: one attempt per 10 seconds, with a message saying so.
        first = client.post(sign_in, {"username": "guess@school.test", "password": "x"})
        assert "Wait 10 seconds" not in first.content.decode()
        second = client.post(sign_in, {"username": teacher.email, "password": PASSWORD})
        assert second.status_code == 200
        assert "Wait 10 seconds, then sign in again" in second.content.decode()
        # Never paused: ten seconds on, the teacher at the same address signs in.
        t.shift(dt.timedelta(seconds=10))
        third = client.post(sign_in, {"username": teacher.email, "password": PASSWORD})
        assert third.status_code == 302
        assert client.session[SESSION_KEY] == str(teacher.pk)

"""Fixtures for every test: an institution with one person per role, and an outsider.

`leader`, `champion`, `slt` and `governor` are users of `institution`; `outsider` is a
careers leader of `other_institution`. `client_for(user)` gives a signed-in test client.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from careers_portal.accounts.models import Role
from tests.factories import DepartmentFactory, InstitutionFactory, MembershipFactory

IN_CI = os.environ.get("CI", "").lower() == "true"
LONDON = ZoneInfo("Europe/London")


# --- Today, for the whole run -------------------------------------------------------------------
# The suite must be true on any date. `--today 2028-03-15` (or TODAY=2028-03-15, or
# `make test TODAY=2028-03-15`) moves the clock for the whole test process before any test runs:
# the tests, the factories and the live server of the browser tests (a thread of this process)
# all see that day. The clock ticks on from 10:00 London time, so Playwright's waits still pass.
# A test that names its own date travels again inside this one and comes back to it afterwards.
def pytest_addoption(parser):
    parser.addoption(
        "--today",
        default=os.environ.get("TODAY") or None,
        metavar="YYYY-MM-DD",
        help="Run the suite as if today were this date (default: the real date; env TODAY).",
    )


def _today_option(config) -> dt.date | None:
    value = config.getoption("--today")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"--today wants a date as YYYY-MM-DD, not {value!r}") from None


def pytest_configure(config):
    today = _today_option(config)
    if today is None:
        return
    traveller = time_machine.travel(dt.datetime.combine(today, dt.time(10, 0), LONDON), tick=True)
    traveller.start()
    config.stash[_TRAVELLER] = traveller


def pytest_unconfigure(config):
    traveller = config.stash.get(_TRAVELLER, None)
    if traveller is not None:
        traveller.stop()


def pytest_collection_modifyitems(config, items):
    # Under pytest-xdist (`make test` runs a process per core) the tests that need Redis run in
    # one process, one after another: they share the Redis server's databases.
    for item in items:
        if item.get_closest_marker("redis"):
            item.add_marker(pytest.mark.xdist_group("redis"))


def pytest_report_header(config):
    today = _today_option(config)
    shown = (today or dt.date.today()).strftime("%A %-d %B %Y")  # noqa: DTZ011
    return f"today: {shown}" + (" (clock moved by --today)" if today else " (the real date)")


_TRAVELLER = pytest.StashKey[time_machine.travel]()


def travel_to(day: dt.date, hour: int = 10):
    """Move the clock to a named day, `hour` o'clock London time, and let it tick from there."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour, 0), LONDON), tick=True)


# A Sunday in the autumn term of 2026/27: the day the tests with typed dates were written around
# (encounters logged "2026-11-20", a self-assessment of "2026-10-15", actions due "2026-11-30").
AUTUMN_TERM_2026 = dt.date(2026, 11, 22)


def pinned_today(day: dt.date):
    """An autouse fixture for a test folder whose tests type dates: every test runs on `day`."""

    @pytest.fixture(autouse=True)
    def _pinned_today():
        with travel_to(day):
            yield

    return _pinned_today


def require(condition: bool, reason: str) -> None:
    """Skip a test whose outside component is missing, except in CI where it must fail."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counts and kept figures belong to the test that made them."""
    yield
    from django.core.cache import caches

    caches["default"].clear()
    caches["figures"].clear()
    from careers_portal import figure_cache

    figure_cache._unreachable_until = 0.0  # a test's cache failure is not the next test's
    figure_cache._change_owed = False


@pytest.fixture
def institution(db):
    return InstitutionFactory(name="Northfield Academy")


@pytest.fixture
def department(institution):
    return DepartmentFactory(institution=institution, name="Science")


@pytest.fixture
def other_institution(db):
    return InstitutionFactory(name="Southfield School")


def _member(institution, role, **extra):
    return MembershipFactory(institution=institution, role=role, **extra).user


@pytest.fixture
def leader(institution):
    return _member(institution, Role.CAREERS_LEADER)


@pytest.fixture
def champion(institution, department):
    return _member(institution, Role.CHAMPION, department=department)


@pytest.fixture
def slt(institution):
    return _member(institution, Role.SLT)


@pytest.fixture
def governor(institution):
    return _member(institution, Role.GOVERNOR)


@pytest.fixture
def outsider(other_institution):
    return _member(other_institution, Role.CAREERS_LEADER)


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def role_users(leader, champion, slt, governor, outsider):
    """Every kind of visitor the permission matrix checks, by name (None is anonymous)."""
    return {
        "anonymous": None,
        "leader": leader,
        "champion": champion,
        "slt": slt,
        "governor": governor,
        "outsider": outsider,
    }

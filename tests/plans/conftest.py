from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.plans.factories import StrategicPlanFactory

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _today():
    """The plans' rules depend on today: pin it to the project's today."""
    with time_machine.travel(dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def plan(institution):
    return StrategicPlanFactory(institution=institution)

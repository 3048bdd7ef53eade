from __future__ import annotations

import pytest

from tests.conftest import AUTUMN_TERM_2026, pinned_today
from tests.plans.factories import StrategicPlanFactory

TODAY = AUTUMN_TERM_2026

# The plans' tests type their dates (actions due "2026-11-30"): they run on the day they name.
_today = pinned_today(TODAY)


@pytest.fixture
def plan(institution):
    return StrategicPlanFactory(institution=institution)

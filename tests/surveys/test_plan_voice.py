"""The plan's current state shows the latest voice figures beside the leader's text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans import live
from surveys.panels import plan_voice_figures
from tests.plans.factories import StrategicPlanFactory
from tests.surveys.factories import a_survey, answer

pytestmark = pytest.mark.django_db


def test_the_plan_shows_the_latest_voice(institution, governor, client_for):
    survey = a_survey(institution, key="baseline-parents")
    for value in [5, 4, 4, 2, 2, 1]:
        answer(survey, value)
    small = a_survey(institution, key="baseline-staff")
    answer(small, 5)
    plan = StrategicPlanFactory(institution=institution)
    body = client_for(governor).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Voice of parents and carers: Parents&#x27; and carers&#x27; view" in body
    assert "50% agree, 6 responses" in body
    assert "fewer than 6 answered, 1 response" in body


def test_the_plan_works_without_the_provider(institution, leader, client_for):
    plan = StrategicPlanFactory(institution=institution)
    live.unregister(plan_voice_figures)
    try:
        page = client_for(leader).get(reverse("plans:detail", args=[plan.pk]))
    finally:
        live.register(plan_voice_figures)
    assert page.status_code == 200 and "Voice of" not in page.content.decode()

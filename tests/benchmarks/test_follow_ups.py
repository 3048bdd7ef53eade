"""benchmarks shows the plan actions made from its items only through its extension point."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from benchmarks import follow_ups
from plans.follow_ups import plan_follow_ups
from tests.benchmarks.factories import MaturityResponseFactory, MaturityReviewFactory
from tests.plans.factories import ActionFactory, StrategicPlanFactory

ROOT = Path(__file__).resolve().parents[2]


def test_benchmarks_never_names_the_plan():
    # The lower app knows no app above it: no import, no URL, no reverse relation of theirs.
    knows_plans = re.compile(r"from plans|import plans|plans:|plan_actions|can\.plans_edit")
    sources = [*(ROOT / "benchmarks").rglob("*.py"), *(ROOT / "templates/benchmarks").rglob("*")]
    offenders = [
        str(path.relative_to(ROOT))
        for path in sources
        if path.is_file()
        and "migrations" not in path.parts
        and knows_plans.search(path.read_text())
    ]
    assert offenders == []


@pytest.fixture
def priority(institution):
    from benchmarks.models import MaturityStatement

    review = MaturityReviewFactory(institution=institution)
    return MaturityResponseFactory(
        review=review, statement=MaturityStatement.objects.get(code="1.3"), marking="priority"
    )


def test_the_review_shows_the_plan_actions_made_from_a_priority(
    priority, client_for, leader, slt, institution
):
    plan = StrategicPlanFactory(institution=institution)
    ActionFactory(
        objective__plan=plan,
        description="Share the plan with governors",
        from_maturity_response=priority,
    )
    url = reverse("benchmarks:review_detail", args=[priority.review.pk])
    page = client_for(leader).get(url).content.decode()
    assert "In the plan:" in page and "Share the plan with governors (priority" in page
    assert "Turn into a plan action" in page
    # SLT read the follow-up but cannot start one.
    page = client_for(slt).get(url).content.decode()
    assert "Share the plan with governors" in page
    assert "Turn into a plan action" not in page


def test_the_pages_work_with_no_provider(priority, client_for, leader):
    follow_ups.unregister(plan_follow_ups)
    try:
        response = client_for(leader).get(
            reverse("benchmarks:review_detail", args=[priority.review.pk])
        )
    finally:
        follow_ups.register(plan_follow_ups)
    assert response.status_code == 200
    assert "Turn into a plan action" not in response.content.decode()

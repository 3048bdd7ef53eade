"""Objectives link to the Gatsby Benchmarks' reference data; the current state shows the latest
self-assessment's scores (Compass beside, never mixed) and the maturity priorities."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from benchmarks.models import (
    AnswerStatus,
    Benchmark,
    Criterion,
    CriterionAnswer,
    MaturityStatement,
)
from plans import services
from plans.models import benchmark_version_for
from plans.pdf import plan_pdf
from tests.benchmarks.factories import (
    MaturityResponseFactory,
    MaturityReviewFactory,
    SelfAssessmentFactory,
    compass,
)
from tests.plans.conftest import TODAY
from tests.plans.factories import ObjectiveFactory, ReviewFactory, StrategicPlanFactory
from tests.plans.test_pdf import _text


def bm(number: int, version: str = "2025") -> Benchmark:
    return Benchmark.objects.get(version=version, number=number)


# Objectives and benchmarks ---------------------------------------------------------------


def test_it_uses_the_2025_benchmarks_for_plans_from_2025():
    assert (benchmark_version_for(2024), benchmark_version_for(2025)) == ("2018", "2025")


def test_it_offers_the_plans_benchmarks_as_numbered_checkboxes(plan, leader, client_for):
    html = client_for(leader).get(reverse("plans:objective_create", args=[plan.pk])).content
    html = html.decode()
    boxes = re.findall(r'type="checkbox"[^>]* name="benchmarks" value="(\d+)"', html)
    assert boxes == [str(bm(n).pk) for n in range(1, 9)]
    assert "1 A stable careers programme" in html
    assert "3 Addressing the needs of each young person" in html
    assert f'value="{bm(3, "2018").pk}"' not in html


def test_it_refuses_a_benchmark_of_another_version_in_the_form(plan, leader, client_for):
    response = client_for(leader).post(
        reverse("plans:objective_create", args=[plan.pk]),
        {"title": "Readiness", "scope": "careers_provision", "benchmarks": [bm(5, "2018").pk]},
    )
    html = response.content.decode()
    assert "Choose from the eight Gatsby Benchmarks listed." in html
    assert 'value="Readiness"' in html
    assert not plan.objectives.exists()


def test_it_refuses_a_benchmark_of_another_version_in_the_service(plan, leader):
    objective = ObjectiveFactory.build(plan=plan, number=1)
    with pytest.raises(ValidationError, match="uses the 2025 Gatsby Benchmarks"):
        services.objective_save(objective=objective, by=leader, benchmarks=[bm(5, "2018")])
    assert not plan.objectives.exists()


def test_it_shows_the_linked_benchmarks_in_the_document(plan, leader, client_for):
    objective = ObjectiveFactory(plan=plan, number=1)
    objective.benchmarks.set([bm(6), bm(5)])
    html = client_for(leader).get(plan.get_absolute_url()).content.decode()
    assert (
        "<li>5 Encounters with employers and employees</li><li>6 Experiences of workplaces</li>"
        in html
    )


def test_it_keeps_the_linked_benchmarks_in_the_objectives_history(plan, leader, client_for):
    objective = ObjectiveFactory(plan=plan, number=1, title="Readiness")
    objective.benchmarks.set([bm(5)])
    client = client_for(leader)
    response = client.post(
        reverse("plans:objective_edit", args=[objective.pk]),
        {
            "number": "1",
            "title": "Readiness",
            "scope": "careers_provision",
            "benchmarks": [bm(6).pk, bm(5).pk],
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("plans:objective_history", args=[objective.pk])).content.decode()
    assert (
        '<td data-label="What">Linked Gatsby Benchmarks</td><td data-label="Before">Benchmark 5'
        '</td><td data-label="After">Benchmark 5, Benchmark 6</td>' in page
    )
    assert objective.history.first().history_user == leader


def test_it_carries_benchmarks_forward_by_number_into_the_new_version(institution, leader):
    old = StrategicPlanFactory(institution=institution, start_year=2022, end_year=2025)
    objective = ObjectiveFactory(plan=old, number=1)
    objective.benchmarks.set([bm(3, "2018"), bm(8, "2018")])
    ReviewFactory(plan=old)
    new = services.plan_create(
        institution=institution,
        by=leader,
        title="Strategic Careers Plan",
        start_year=2025,
        end_year=2028,
        copy_from=old,
    )
    copied = new.objectives.get(number=1)
    assert list(copied.benchmarks.order_by("number")) == [bm(3), bm(8)]


# Reference data survives earlier flushes: benchmarks reloads it on post_migrate.
def test_it_migrates_benchmark_numbers_to_reference_rows(transactional_db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("plans", "0002_objective_benchmarks_action_sources")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    institution = apps.get_model("schools", "Institution").objects.create(
        name="Old School", kind="school"
    )
    plans = apps.get_model("plans", "StrategicPlan")
    objectives = apps.get_model("plans", "Objective")
    new = plans.objects.create(institution=institution, start_year=2025, end_year=2028)
    old = plans.objects.create(institution=institution, start_year=2022, end_year=2025)
    first = objectives.objects.create(plan=new, number=1, title="A", linked_benchmarks=[5, 6])
    second = objectives.objects.create(plan=old, number=1, title="B", linked_benchmarks=[3])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    from plans.models import Objective

    migrated = {
        o.pk: [(b.version, b.number) for b in o.benchmarks.order_by("number")]
        for o in Objective.objects.all()
    }
    assert migrated == {first.pk: [("2025", 5), ("2025", 6)], second.pk: [("2018", 3)]}


# Current state ---------------------------------------------------------------------------


def test_it_says_how_to_get_scores_when_there_is_no_assessment(plan, leader, client_for):
    html = client_for(leader).get(plan.get_absolute_url()).content.decode()
    assert "Complete a self-assessment to see your scores here" in html
    assert reverse("benchmarks:assessment_create") in html
    assert "No priority action areas marked yet." in html


@pytest.fixture
def assessed(institution):
    SelfAssessmentFactory(institution=institution, assessed_on=dt.date(2025, 10, 1))
    latest = SelfAssessmentFactory(institution=institution, assessed_on=dt.date(2026, 10, 1))
    criteria = list(
        Criterion.objects.filter(benchmark__version="2025", benchmark__number=1, audience="school")
    )
    statuses = [AnswerStatus.MET, AnswerStatus.IN_PROGRESS] + [AnswerStatus.NOT_MET] * len(criteria)
    for criterion, status in zip(criteria, statuses, strict=False):
        CriterionAnswer.objects.create(self_assessment=latest, criterion=criterion, status=status)
    compass(latest, 1, 62)
    review = MaturityReviewFactory(institution=institution, reviewed_on=dt.date(2026, 9, 20))
    MaturityResponseFactory(
        review=review, statement=MaturityStatement.objects.get(code="2.4"), marking="priority"
    )
    MaturityResponseFactory(
        review=review, statement=MaturityStatement.objects.get(code="1.5"), marking="strength"
    )
    return {"latest": latest, "criteria": criteria, "review": review}


def test_it_shows_the_latest_scores_and_compass_apart(plan, assessed, governor, client_for):
    html = client_for(governor).get(plan.get_absolute_url()).content.decode()
    total = len(assessed["criteria"])
    percent = (200 + total) // (2 * total)
    assert "self-assessment of 1 October 2026" in html
    assert (
        f'<span class="fw-semibold">{percent}%</span> <span class="small">(1 of {total} met)'
        in (html)
    )
    assert '<td data-label="In progress">1</td>' in html
    assert '<td data-label="Official Compass">62%</td>' in html
    assert html.count("Not entered") == 7


def test_it_lists_the_maturity_priorities_not_the_strengths(plan, assessed, leader, client_for):
    html = client_for(leader).get(plan.get_absolute_url()).content.decode()
    assert "2.4 Destinations data" in html
    assert "#statement-2.4" in html
    assert "1.5 Governance" not in html


def test_it_puts_the_scores_in_the_pdf(plan, assessed, tmp_path):
    text = _text(plan_pdf(plan, TODAY), tmp_path)
    assert "62%" in text and "2.4 Destinations data" in text
    assert "Complete a self-assessment" not in text

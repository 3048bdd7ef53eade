"""Objectives and milestones: adding, validation that keeps what was typed, history."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from benchmarks.models import Benchmark
from plans.models import Milestone, Objective
from tests.plans.factories import ObjectiveFactory

OBJECTIVE = {
    "title": "Enhance learner readiness for employment",
    "scope": "careers_provision",
    "problem": "Learners need more structured employer encounters.",
    "strategic_objective": "By July 2026, every learner has meaningful encounters.",
    "outcomes": "Improved confidence and destinations.",
    "target_date": "2026-07-31",
}


def benchmark_ids(*numbers: int, version: str = "2025") -> list[str]:
    """Form values for the benchmark checkboxes: the reference rows' ids."""
    return [str(Benchmark.objects.get(version=version, number=n).pk) for n in numbers]


def test_it_adds_an_objective_numbered_after_the_last(plan, leader, client_for):
    ObjectiveFactory(plan=plan, number=1)
    response = client_for(leader).post(
        reverse("plans:objective_create", args=[plan.pk]),
        {**OBJECTIVE, "number": "", "benchmarks": benchmark_ids(5, 6)},
    )
    objective = plan.objectives.get(number=2)
    assert response.status_code == 302
    assert [(b.version, b.number) for b in objective.benchmarks.order_by("number")] == [
        ("2025", 5),
        ("2025", 6),
    ]
    assert objective.target_date == dt.date(2026, 7, 31)


def test_it_warns_after_saving_when_the_plan_has_fewer_than_three(plan, leader, client_for):
    response = client_for(leader).post(
        reverse("plans:objective_create", args=[plan.pk]), OBJECTIVE, follow=True
    )
    assert "recommends 3 to 5 strategic objectives; this plan has 1" in response.content.decode()
    assert plan.objectives.count() == 1


def test_it_keeps_what_was_typed_when_the_title_is_empty(plan, leader, client_for):
    response = client_for(leader).post(
        reverse("plans:objective_create", args=[plan.pk]), {**OBJECTIVE, "title": ""}
    )
    page = response.content.decode()
    assert "Enter a title for the objective." in page
    assert "Learners need more structured employer encounters." in page
    assert not Objective.objects.exists()


def test_it_refuses_a_target_date_before_the_plan_starts(plan, leader, client_for):
    response = client_for(leader).post(
        reverse("plans:objective_create", args=[plan.pk]),
        {**OBJECTIVE, "target_date": "2024-07-31"},
    )
    page = response.content.decode()
    assert "The target date is before the plan starts (1 September 2025)." in page
    assert 'value="2024-07-31"' in page


def test_it_refuses_a_number_already_used(plan, leader, client_for):
    ObjectiveFactory(plan=plan, number=1)
    response = client_for(leader).post(
        reverse("plans:objective_create", args=[plan.pk]), {**OBJECTIVE, "number": 1}
    )
    assert "Objective 1 already exists: choose another." in response.content.decode()


def test_it_edits_an_objective_and_shows_its_history(plan, leader, client_for):
    client = client_for(leader)
    client.post(reverse("plans:objective_create", args=[plan.pk]), OBJECTIVE)
    objective = plan.objectives.get()
    client.post(
        reverse("plans:objective_edit", args=[objective.pk]),
        {**OBJECTIVE, "number": 1, "title": "Learner readiness"},
    )
    objective.refresh_from_db()
    assert objective.title == "Learner readiness"
    page = client.get(reverse("plans:objective_history", args=[objective.pk])).content.decode()
    assert f"{leader}</span>\n      changed it" in page
    assert "Enhance learner readiness for employment" in page  # before
    assert "Learner readiness" in page  # after
    assert "created it" in page


def test_it_adds_a_milestone_and_refuses_a_date_before_the_plan(plan, leader, client_for):
    objective = ObjectiveFactory(plan=plan)
    client = client_for(leader)
    response = client.post(
        reverse("plans:milestone_create", args=[objective.pk]),
        {"title": "CPD delivered", "due_date": "2025-03-01"},
    )
    assert "The due date is before the plan starts (1 September 2025)." in (
        response.content.decode()
    )
    assert 'value="CPD delivered"' in response.content.decode()
    client.post(
        reverse("plans:milestone_create", args=[objective.pk]),
        {"title": "CPD delivered", "due_date": "2026-03-31"},
    )
    assert Milestone.objects.get().due_date == dt.date(2026, 3, 31)


def test_it_removes_an_objective_with_its_actions(plan, leader, client_for):
    objective = ObjectiveFactory(plan=plan)
    client_for(leader).post(reverse("plans:objective_delete", args=[objective.pk]))
    assert not Objective.objects.exists()

"""The plan's step of "Start the new academic year" (careers_portal.schools.new_year): its
milestones that recur each year are carried into the new year, once, leaving the old year's as
they were."""

from __future__ import annotations

import datetime as dt

import pytest

from careers_portal.schools import new_year
from careers_portal.schools.services import academic_year_ensure
from plans import services
from plans.models import Milestone
from plans.new_year import PlanNewYearStep
from tests.plans.factories import MilestoneFactory, ObjectiveFactory, StrategicPlanFactory


def test_the_plan_registers_its_step():
    assert [step for step in new_year.steps() if step.name == "Plan"]
    assert any(isinstance(step, PlanNewYearStep) for step in new_year.steps())


def _recurring(objective, month: int, years, **extra) -> list[Milestone]:
    series = Milestone.new_series()
    return [
        MilestoneFactory(
            objective=objective,
            title="Annual review of encounters and feedback",
            due_date=services.recurring_due(year, month),
            due_is_month=True,
            series=series,
            **extra,
        )
        for year in years
    ]


@pytest.fixture
def years():
    return academic_year_ensure(start_year=2026), academic_year_ensure(start_year=2027)


def test_preview_changes_nothing_and_apply_carries_once(institution, leader, years):
    from_year, to_year = years
    # A plan whose period was extended to 2029 after its July milestone was made for 2026/27.
    plan = StrategicPlanFactory(institution=institution, start_year=2026, end_year=2029)
    objective = ObjectiveFactory(plan=plan, number=2)
    (old,) = _recurring(objective, 7, [2026], owner=leader, responsible="Careers Leader")
    old.done_date = dt.date(2027, 7, 14)
    old.save()
    MilestoneFactory(objective=objective, due_date=dt.date(2027, 3, 1))  # not recurring
    step = PlanNewYearStep()

    (preview,) = step.preview(institution=institution, from_year=from_year, to_year=to_year)
    assert preview.count == 1
    assert preview.label == "Plan milestones that recur each year, to carry into 2027/28"
    assert preview.items == (
        f"Annual review of encounters and feedback: July 2028 (priority 2, {plan})",
    )
    assert Milestone.objects.count() == 2  # the preview wrote nothing

    (done,) = step.apply(institution=institution, from_year=from_year, to_year=to_year, by=leader)
    assert done.count == 1
    assert done.label == "Plan milestones that recur each year, carried into 2027/28"
    new = Milestone.objects.get(series=old.series, due_date=dt.date(2028, 7, 31))
    assert (new.title, new.owner, new.responsible, new.done_date, new.due_is_month) == (
        old.title,
        leader,
        "Careers Leader",
        None,
        True,
    )
    assert new.history.first().history_user == leader
    old.refresh_from_db()
    assert (old.due_date, old.done_date) == (dt.date(2027, 7, 31), dt.date(2027, 7, 14))

    # Idempotent: twice changes nothing.
    (again,) = step.apply(institution=institution, from_year=from_year, to_year=to_year, by=leader)
    assert again.count == 0
    assert Milestone.objects.filter(series=old.series).count() == 2


def test_a_series_already_in_the_new_year_is_left_alone(institution, years):
    from_year, to_year = years
    plan = StrategicPlanFactory(institution=institution, start_year=2025, end_year=2028)
    rows = _recurring(ObjectiveFactory(plan=plan), 7, [2025, 2026, 2027])
    step = PlanNewYearStep()
    (preview,) = step.preview(institution=institution, from_year=from_year, to_year=to_year)
    assert preview.count == 0
    step.apply(institution=institution, from_year=from_year, to_year=to_year, by=None)
    assert Milestone.objects.filter(series=rows[0].series).count() == 3


def test_a_plan_that_ends_is_not_carried_but_warned(institution, years):
    from_year, to_year = years
    plan = StrategicPlanFactory(institution=institution, start_year=2024, end_year=2027)
    _recurring(ObjectiveFactory(plan=plan), 7, [2026])
    (preview,) = PlanNewYearStep().preview(
        institution=institution, from_year=from_year, to_year=to_year
    )
    assert preview.count == 0
    assert f"{plan} ends before 2027/28: copy it forward" in preview.warning


def test_another_institutions_and_archived_plans_are_not_touched(
    institution, other_institution, years
):
    from_year, to_year = years
    theirs = StrategicPlanFactory(institution=other_institution, start_year=2026, end_year=2029)
    _recurring(ObjectiveFactory(plan=theirs), 7, [2026])
    archived = StrategicPlanFactory(
        institution=institution, start_year=2026, end_year=2029, status="archived"
    )
    _recurring(ObjectiveFactory(plan=archived), 7, [2026])
    (done,) = PlanNewYearStep().apply(
        institution=institution, from_year=from_year, to_year=to_year, by=None
    )
    assert done.count == 0
    assert Milestone.objects.count() == 2


def test_an_owner_who_left_keeps_the_new_row_with_a_warning(institution, leader, years):
    from_year, to_year = years
    plan = StrategicPlanFactory(institution=institution, start_year=2026, end_year=2029)
    _recurring(ObjectiveFactory(plan=plan), 9, [2026], owner=leader)
    leader.memberships.update(is_active=False)
    step = PlanNewYearStep()
    (preview,) = step.preview(institution=institution, from_year=from_year, to_year=to_year)
    assert "1 of them belong to someone who has left" in preview.warning
    (done,) = step.apply(institution=institution, from_year=from_year, to_year=to_year, by=None)
    assert done.count == 1
    assert Milestone.objects.get(due_date=dt.date(2027, 9, 30)).owner == leader

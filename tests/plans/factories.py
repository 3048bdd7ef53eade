"""Factories for the plan's models."""

from __future__ import annotations

import datetime as dt

import factory

from plans.models import Action, Milestone, Objective, Review, StrategicPlan, SwotItem
from tests.factories import InstitutionFactory


class StrategicPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicPlan

    institution = factory.SubFactory(InstitutionFactory)
    title = "Strategic Careers Plan"
    start_year = 2025
    end_year = 2028
    next_review_date = dt.date(2027, 7, 15)


class SwotItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SwotItem

    plan = factory.SubFactory(StrategicPlanFactory)
    quadrant = SwotItem.Quadrant.STRENGTH
    text = factory.Sequence(lambda n: f"Strength {n}")
    order = factory.Sequence(lambda n: n)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(StrategicPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Objective {n}")
    problem = "Careers leadership is not yet embedded."
    outcomes = "Clear ownership of careers across departments."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    objective = factory.SubFactory(ObjectiveFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    due_date = dt.date(2027, 3, 1)
    order = factory.Sequence(lambda n: n)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = dt.date(2027, 6, 1)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    plan = factory.SubFactory(StrategicPlanFactory)
    date = dt.date(2026, 7, 10)
    findings = "Employer encounters grew; destinations tracking is patchy."


# URL keyword arguments for the permission matrix: objects of `world["institution"]`, made once
# per test and kept in `world`; the champion owns the action and the milestone.


def _plan_world(world: dict) -> dict:
    if "plan" not in world:
        plan = StrategicPlanFactory(institution=world["institution"])
        objective = ObjectiveFactory(plan=plan, number=1)
        world["plan"] = plan
        world["objective"] = objective
        world["action"] = ActionFactory(objective=objective, owner=world["champion"])
        world["milestone"] = MilestoneFactory(objective=objective, owner=world["champion"])
        world["swot_item"] = SwotItemFactory(plan=plan)
        SwotItemFactory(plan=plan)
    return world


def a_plan(world: dict) -> dict:
    return {"pk": _plan_world(world)["plan"].pk}


def an_objective(world: dict) -> dict:
    return {"pk": _plan_world(world)["objective"].pk}


def an_action(world: dict) -> dict:
    return {"pk": _plan_world(world)["action"].pk}


def a_milestone(world: dict) -> dict:
    return {"pk": _plan_world(world)["milestone"].pk}


def a_swot_item(world: dict) -> dict:
    return {"pk": _plan_world(world)["swot_item"].pk}


def a_priority_response(world: dict) -> dict:
    """A priority statement of a maturity review of the world's institution (with a plan)."""
    from tests.benchmarks.factories import MaturityResponseFactory, MaturityReviewFactory

    _plan_world(world)
    review = MaturityReviewFactory(institution=world["institution"])
    return {"pk": MaturityResponseFactory(review=review, marking="priority").pk}


def a_criterion_not_met(world: dict) -> dict:
    """A criterion answered "not met" in a self-assessment of the world's institution."""
    from benchmarks.models import Criterion, CriterionAnswer
    from tests.benchmarks.factories import SelfAssessmentFactory

    _plan_world(world)
    assessment = SelfAssessmentFactory(institution=world["institution"])
    criterion = Criterion.objects.filter(
        benchmark__version=assessment.version, audience=assessment.audience
    ).first()
    answer = CriterionAnswer.objects.create(
        self_assessment=assessment, criterion=criterion, status="not_met"
    )
    return {"pk": answer.pk}


def an_approval(world: dict) -> dict:
    """An SLT approval of the world's plan, with its stored PDF."""
    if "approval" not in world:
        from plans import services

        plan = _plan_world(world)["plan"]
        world["approval"] = services.plan_approve_slt(plan=plan, by=world["slt"])
    return {"pk": world["approval"].pk}

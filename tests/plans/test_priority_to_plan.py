"""Priority to plan: actions made from a maturity priority or a criterion not met, linked back."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from benchmarks.models import AnswerStatus, Criterion, CriterionAnswer, MaturityStatement
from plans import services
from plans.models import Action, StrategicPlan
from tests.benchmarks.factories import (
    MaturityResponseFactory,
    MaturityReviewFactory,
    SelfAssessmentFactory,
)
from tests.plans.factories import ActionFactory, ObjectiveFactory, StrategicPlanFactory

IMPROVE = "Write a three-year careers plan with SLT and link it to the school development plan."


@pytest.fixture
def priority(institution):
    review = MaturityReviewFactory(institution=institution, reviewed_on=dt.date(2026, 10, 5))
    return MaturityResponseFactory(
        review=review,
        statement=MaturityStatement.objects.get(code="1.3"),
        level=1,
        marking="priority",
        actions_to_improve=IMPROVE,
        by_when_who="HT3 - SR",
    )


def _answer(institution, status: str = AnswerStatus.NOT_MET) -> CriterionAnswer:
    assessment = SelfAssessmentFactory(institution=institution, assessed_on=dt.date(2026, 10, 1))
    criterion = Criterion.objects.filter(
        benchmark__version="2025", benchmark__number=8, audience="school"
    ).first()
    return CriterionAnswer.objects.create(
        self_assessment=assessment, criterion=criterion, status=status
    )


@pytest.fixture
def objective(plan):
    return ObjectiveFactory(plan=plan, number=1, title="Embed careers leadership")


# The service -----------------------------------------------------------------------------


def test_it_creates_the_action_linked_to_the_priority(priority, objective, leader):
    action = services.action_create_from_priority(
        source=priority, objective=objective, by=leader, owner=leader, due=dt.date(2027, 2, 12)
    )
    action.refresh_from_db()
    assert action.from_maturity_response == priority
    assert action.from_criterion_answer is None
    assert action.description == IMPROVE  # the statement's "actions to improve"
    assert (action.owner, action.due_date) == (leader, dt.date(2027, 2, 12))
    assert list(priority.plan_actions.all()) == [action]
    assert action.history.first().history_user == leader


def test_it_creates_the_action_linked_to_a_criterion_not_met(institution, objective, leader):
    answer = _answer(institution)
    action = services.action_create_from_priority(source=answer, objective=objective, by=leader)
    assert action.from_criterion_answer == answer
    assert action.description.startswith(f"Meet {answer.criterion.code}: ")


def test_it_refuses_an_objective_of_another_institutions_plan(priority, other_institution, leader):
    elsewhere = ObjectiveFactory(plan=StrategicPlanFactory(institution=other_institution))
    with pytest.raises(ValidationError) as error:
        services.action_create_from_priority(source=priority, objective=elsewhere, by=leader)
    assert "in another institution's plan" in error.value.message_dict["objective"][0]
    assert not Action.objects.exists()


def test_it_refuses_an_objective_of_an_archived_plan(priority, institution, leader):
    archived = StrategicPlanFactory(institution=institution, status=StrategicPlan.Status.ARCHIVED)
    with pytest.raises(ValidationError, match="archived"):
        services.action_create_from_priority(
            source=priority, objective=ObjectiveFactory(plan=archived), by=leader
        )
    assert not Action.objects.exists()


def test_it_never_lets_an_action_come_from_two_places(institution, priority, objective):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(
            objective=objective,
            from_maturity_response=priority,
            from_criterion_answer=_answer(institution),
        )


# The page --------------------------------------------------------------------------------


def test_it_prefills_the_action_from_the_statement(priority, objective, plan, leader, client_for):
    other = ObjectiveFactory(
        plan=StrategicPlanFactory(
            institution=plan.institution, start_year=2020, end_year=2023, status="archived"
        )
    )
    page = client_for(leader).get(reverse("plans:action_from_statement", args=[priority.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "1.3 Strategic careers planning" in html
    assert IMPROVE in html
    assert "Priority 1: Embed careers leadership" in html
    # only the current plan's objectives
    assert not re.search(rf'name="objective"[^>]*value="{other.pk}"', html)
    assert re.search(rf'name="objective"[^>]*value="{objective.pk}"', html)


def test_it_adds_the_action_in_one_step_and_goes_back(priority, objective, leader, client_for):
    client = client_for(leader)
    response = client.post(
        reverse("plans:action_from_statement", args=[priority.pk]),
        {
            "objective": objective.pk,
            "description": "Draft the three-year plan",
            "owner": leader.pk,
            "due_date": "2027-02-12",
        },
    )
    review_url = reverse("benchmarks:review_detail", args=[priority.review_id])
    assert response.status_code == 302
    assert response["Location"] == f"{review_url}#statement-1.3"
    action = Action.objects.get()
    assert (action.objective, action.from_maturity_response) == (objective, priority)
    assert (action.description, action.due_date) == (
        "Draft the three-year plan",
        dt.date(2027, 2, 12),
    )
    # The statement shows its action and status (word and colour) ...
    review_page = client.get(review_url).content.decode()
    assert "Draft the three-year plan" in review_page
    assert '<span class="status status-green">On track</span>' in review_page
    # ... and the plan shows where the action came from, linking back.
    plan_page = client.get(objective.plan.get_absolute_url()).content.decode()
    assert (
        f'From <a href="{review_url}#statement-1.3">maturity review 1.3 Strategic careers '
        "planning</a>" in plan_page
    )
    edit_page = client.get(reverse("plans:action_edit", args=[action.pk])).content.decode()
    assert "maturity review 1.3 Strategic careers planning</a>" in edit_page


def test_it_keeps_what_was_typed_when_no_objective_is_chosen(
    priority, objective, leader, client_for
):
    response = client_for(leader).post(
        reverse("plans:action_from_statement", args=[priority.pk]),
        {"description": "My own wording", "due_date": "2027-02-12"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose the objective the action belongs to." in html
    assert "My own wording" in html and 'value="2027-02-12"' in html
    assert not Action.objects.exists()


def test_it_refuses_an_objective_outside_the_current_plan(
    priority, objective, other_institution, leader, client_for
):
    elsewhere = ObjectiveFactory(plan=StrategicPlanFactory(institution=other_institution))
    response = client_for(leader).post(
        reverse("plans:action_from_statement", args=[priority.pk]),
        {"objective": elsewhere.pk, "description": "Sneaky"},
    )
    assert "Choose one of your current plan&#x27;s objectives." in response.content.decode()
    assert not Action.objects.exists()


def test_it_says_what_to_do_first_without_a_plan(priority, leader, client_for):
    html = (
        client_for(leader)
        .get(reverse("plans:action_from_statement", args=[priority.pk]))
        .content.decode()
    )
    assert "You have no current plan yet." in html
    assert reverse("plans:create") in html


def test_it_says_what_to_do_first_without_objectives(priority, plan, leader, client_for):
    html = (
        client_for(leader)
        .get(reverse("plans:action_from_statement", args=[priority.pk]))
        .content.decode()
    )
    assert "has no objectives yet." in html
    assert reverse("plans:objective_create", args=[plan.pk]) in html


def test_it_offers_the_link_on_priorities_to_the_leader_only(
    priority, plan, leader, governor, client_for
):
    url = reverse("benchmarks:review_detail", args=[priority.review_id])
    link = reverse("plans:action_from_statement", args=[priority.pk])
    assert link in client_for(leader).get(url).content.decode()
    assert link not in client_for(governor).get(url).content.decode()


def test_it_turns_a_criterion_not_met_into_an_action(institution, objective, leader, client_for):
    answer = _answer(institution)
    met = CriterionAnswer.objects.create(
        self_assessment=answer.self_assessment,
        criterion=Criterion.objects.filter(benchmark__version="2025", audience="school").first(),
        status=AnswerStatus.MET,
    )
    client = client_for(leader)
    detail = answer.self_assessment.get_absolute_url()
    page = client.get(detail).content.decode()
    assert reverse("plans:action_from_criterion", args=[answer.pk]) in page
    assert reverse("plans:action_from_criterion", args=[met.pk]) not in page
    response = client.post(
        reverse("plans:action_from_criterion", args=[answer.pk]),
        {"objective": objective.pk, "description": "Book a level 6 adviser for Y11"},
    )
    assert response["Location"] == f"{detail}#criterion-{answer.pk}"
    action = Action.objects.get()
    assert action.from_criterion_answer == answer
    assert "Book a level 6 adviser for Y11" in client.get(detail).content.decode()
    plan_page = client.get(objective.plan.get_absolute_url()).content.decode()
    assert f"criterion {answer.criterion.code}</a>" in plan_page


def test_it_brings_the_schools_next_steps_and_by_when_who(priority, objective, leader, client_for):
    """Seed 002: "Next steps summary" is the school's own; "HT3 - SR" is half term 3 and SR."""
    priority.next_steps = "Share careers plan with stakeholders"
    priority.save()
    client = client_for(leader)
    url = reverse("plans:action_from_statement", args=[priority.pk])
    page = client.get(url)
    form = page.context["form"]
    assert form.initial["description"] == "Share careers plan with stakeholders"
    assert form.initial["responsible"] == "SR"
    ht3 = form.initial["half_term"]
    # The review was on 5 October 2026: the next HT3 of the plan is spring 2027.
    assert (ht3.number, ht3.academic_year.start_year) == (3, 2026)
    html = page.content.decode()
    assert "Share careers plan with stakeholders</textarea>" in html
    assert IMPROVE not in html.split("<form")[1]  # the model's wording is not offered
    saved = client.post(
        url,
        {
            "objective": str(objective.pk),
            "description": form.initial["description"],
            "responsible": "SR",
            "half_term": str(ht3.pk),
        },
    )
    assert saved.status_code == 302
    action = Action.objects.get()
    assert (action.description, action.responsible, action.half_term) == (
        "Share careers plan with stakeholders",
        "SR",
        ht3,
    )
    assert action.due_label == "HT3 2026/27"


def test_a_span_of_half_terms_is_due_by_the_last(priority, objective, leader, client_for):
    priority.by_when_who = "HT3/4 SR/ JHu"
    priority.save()
    page = client_for(leader).get(reverse("plans:action_from_statement", args=[priority.pk]))
    initial = page.context["form"].initial
    assert (initial["half_term"].number, initial["responsible"]) == (4, "SR/ JHu")


def test_a_level_not_chosen_yet_is_said_in_words(priority, objective, leader, client_for):
    priority.level = None
    priority.save()
    page = client_for(leader).get(reverse("plans:action_from_statement", args=[priority.pk]))
    assert "No level chosen yet" in page.content.decode()

"""The plan list, creating a plan (blank or copied forward), the document, approval and review."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from plans.models import Action, StrategicPlan
from tests.plans.factories import (
    ActionFactory,
    MilestoneFactory,
    ObjectiveFactory,
    ReviewFactory,
    StrategicPlanFactory,
    SwotItemFactory,
)


def test_it_shows_an_empty_state_that_says_what_to_do_first(leader, client_for):
    response = client_for(leader).get(reverse("plans:list"))
    assert "There is no strategic careers plan yet." in response.content.decode()
    assert reverse("plans:create") in response.content.decode()


def test_it_lists_the_institutions_plans_only(institution, other_institution, leader, client_for):
    StrategicPlanFactory(institution=institution, title="Our plan")
    StrategicPlanFactory(institution=other_institution, title="Their plan")
    page = client_for(leader).get(reverse("plans:list")).content.decode()
    assert "Our plan" in page
    assert "Their plan" not in page


def test_it_creates_a_blank_plan(institution, leader, client_for):
    response = client_for(leader).post(
        reverse("plans:create"),
        {
            "title": "Strategic Careers Plan",
            "start_year": 2025,
            "end_year": 2028,
            "review_frequency": "annually",
            "next_review_date": "2026-07-15",
        },
    )
    plan = StrategicPlan.objects.get(institution=institution)
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert (plan.period, plan.status, plan.created_by) == ("2025-2028", "draft", leader)
    assert plan.next_review_date == dt.date(2026, 7, 15)


def test_it_keeps_what_was_typed_when_the_title_is_empty(institution, leader, client_for):
    response = client_for(leader).post(
        reverse("plans:create"),
        {"title": "", "start_year": 2025, "end_year": 2024, "review_frequency": "annually"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a title, for example Strategic Careers Plan." in page
    assert 'value="2025"' in page
    assert not StrategicPlan.objects.exists()


def test_it_says_the_plan_must_end_after_it_starts(leader, client_for):
    response = client_for(leader).post(
        reverse("plans:create"),
        {
            "title": "Next plan",
            "start_year": 2028,
            "end_year": 2025,
            "review_frequency": "annually",
        },
    )
    assert "The plan must end in or after the year it starts." in response.content.decode()
    assert 'value="Next plan"' in response.content.decode()


def test_it_copies_unfinished_work_and_next_years_actions_forward(institution, leader, client_for):
    old = StrategicPlanFactory(institution=institution, start_year=2022, end_year=2025)
    objective = ObjectiveFactory(plan=old, number=1, title="Employer encounters")
    ActionFactory(objective=objective, description="Finished work", status="done")
    ActionFactory(
        objective=objective,
        description="Unfinished work",
        status="in_progress",
        owner=leader,
        due_date=dt.date(2024, 1, 1),
    )
    MilestoneFactory(objective=objective, title="Reached", done_date=dt.date(2024, 5, 1))
    MilestoneFactory(objective=objective, title="Not reached", due_date=dt.date(2026, 1, 1))
    SwotItemFactory(plan=old, text="Engaged link governor")
    ReviewFactory(plan=old, actions_for_next_year="- Run a parents' careers evening\n- Audit BM4\n")
    response = client_for(leader).post(
        reverse("plans:create"),
        {
            "title": "Strategic Careers Plan",
            "start_year": 2025,
            "end_year": 2028,
            "review_frequency": "annually",
            "copy_from": old.pk,
        },
    )
    new = StrategicPlan.objects.exclude(pk=old.pk).get()
    assert response.status_code == 302
    actions = Action.objects.filter(objective__plan=new)
    assert sorted(actions.values_list("description", flat=True)) == [
        "Audit BM4",
        "Run a parents' careers evening",
        "Unfinished work",
    ]
    assert all(action.carried_over for action in actions)
    carried = actions.get(description="Unfinished work")
    # A due date from before the new plan starts cannot stand; the owner and status come along.
    assert (carried.due_date, carried.owner, carried.status) == (None, leader, "in_progress")
    assert new.objectives.values_list("number", "title").first() == (1, "Employer encounters")
    assert [m.title for m in new.objectives.get(number=1).milestones.all()] == ["Not reached"]
    assert new.swot_items.get().text == "Engaged link governor"
    assert new.copied_from == old


def test_it_shows_every_section_of_the_document_in_order(plan, leader, client_for):
    plan.careers_vision = "Every learner makes confident choices."
    plan.save()
    ObjectiveFactory(plan=plan, number=1, title="Embed careers leadership")
    page = client_for(leader).get(plan.get_absolute_url()).content.decode()
    headings = ["1. Vision", "2. Current state", "3. SWOT analysis", "4. Strategic objectives"]
    positions = [page.index(heading) for heading in [*headings, "5. Monitoring and review"]]
    assert positions == sorted(positions)
    assert "Every learner makes confident choices." in page
    assert "Priority 1: Embed careers leadership" in page


def test_it_warns_but_does_not_block_outside_three_to_five_objectives(plan, leader, client_for):
    ObjectiveFactory(plan=plan, number=1)
    page = client_for(leader).get(plan.get_absolute_url()).content.decode()
    assert "recommends 3 to 5 strategic objectives; this plan has 1" in page
    for number in (2, 3):
        ObjectiveFactory(plan=plan, number=number)
    page = client_for(leader).get(plan.get_absolute_url()).content.decode()
    assert "recommends 3 to 5" not in page


def test_it_records_who_approved_and_when(plan, slt, governor, client_for):
    client_for(slt).post(reverse("plans:approve_slt", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.slt_approved_by == slt
    assert plan.slt_approved_at is not None
    assert plan.status == "draft"
    client_for(governor).post(reverse("plans:approve_governors", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.governors_approved_by == governor
    assert plan.status == "approved"
    page = client_for(governor).get(plan.get_absolute_url()).content.decode()
    assert f"22 November 2026 by {slt}" in page
    assert f"22 November 2026 by {governor}" in page
    assert "15 July 2027" in page  # the next review date


def test_it_offers_each_role_only_its_own_approval(plan, slt, governor, champion, client_for):
    slt_page = client_for(slt).get(plan.get_absolute_url()).content.decode()
    governor_page = client_for(governor).get(plan.get_absolute_url()).content.decode()
    champion_page = client_for(champion).get(plan.get_absolute_url()).content.decode()
    assert "Record SLT approval" in slt_page and "Record governors" not in slt_page
    assert "Record governors' approval" in governor_page
    assert "Record SLT approval" not in governor_page
    assert "Edit vision" not in governor_page and "Add an objective" not in governor_page
    assert "Record" not in champion_page


def test_it_records_the_annual_review_and_the_next_review_date(plan, leader, client_for):
    response = client_for(leader).post(
        reverse("plans:review", args=[plan.pk]),
        {
            "date": "2026-07-10",
            "findings": "Encounters rose; destinations data is patchy.",
            "adjustments": "Moved the careers fair to spring.",
            "actions_for_next_year": "Run a parents' careers evening",
            "next_review_date": "2027-07-09",
        },
    )
    assert response.status_code == 302
    review = plan.reviews.get()
    assert (review.reviewed_by, review.date) == (leader, dt.date(2026, 7, 10))
    plan.refresh_from_db()
    assert plan.next_review_date == dt.date(2027, 7, 9)
    page = client_for(leader).get(plan.get_absolute_url()).content.decode()
    assert "Run a parents&#x27; careers evening" in page


def test_it_asks_for_the_findings_of_a_review(plan, leader, client_for):
    response = client_for(leader).post(
        reverse("plans:review", args=[plan.pk]),
        {"date": "2026-07-10", "findings": "", "adjustments": "Kept this"},
    )
    assert "Write what the review found, even briefly." in response.content.decode()
    assert "Kept this" in response.content.decode()


def test_it_saves_the_vision_and_current_state(plan, leader, client_for):
    client = client_for(leader)
    client.post(
        reverse("plans:vision", args=[plan.pk]),
        {"careers_vision": "Confident choices for all", "comments_parents": "More evenings"},
    )
    client.post(
        reverse("plans:current_state", args=[plan.pk]),
        {"compass_score": "62%", "lmi_context": "Growth in green construction"},
    )
    plan.refresh_from_db()
    assert plan.careers_vision == "Confident choices for all"
    assert plan.comments_parents == "More evenings"
    assert (plan.compass_score, plan.lmi_context) == ("62%", "Growth in green construction")
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Growth in green construction" in page and "More evenings" in page


def test_it_changes_the_plans_details(plan, leader, client_for):
    response = client_for(leader).post(
        reverse("plans:edit", args=[plan.pk]),
        {
            "title": "Careers Strategy",
            "start_year": 2025,
            "end_year": 2028,
            "review_frequency": "termly",
            "next_review_date": "2027-01-10",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.review_frequency) == ("Careers Strategy", "termly")

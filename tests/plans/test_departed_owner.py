"""A departed owner (issue 9.12): someone whose membership was deactivated.

They show as "left"; their actions and milestones stay editable (progress and the full edit)
without a server error; copying the plan forward asks the leader to reassign their unfinished
items, or carries them unowned with a warning.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from careers_portal.accounts.models import Membership
from careers_portal.accounts.services import membership_deactivate
from plans.models import Action, Milestone, StrategicPlan
from tests.plans.factories import ActionFactory, MilestoneFactory, ObjectiveFactory


@pytest.fixture
def departed(plan, leader, champion):
    objective = ObjectiveFactory(plan=plan, number=1)
    action = ActionFactory(objective=objective, owner=champion, description="Name champions")
    milestone = MilestoneFactory(objective=objective, owner=champion, title="Champions named")
    membership_deactivate(membership=Membership.objects.get(user=champion), by=leader)
    return action, milestone


def test_the_plan_shows_a_departed_owner_as_left(departed, plan, champion, leader, client_for):
    client = client_for(leader)
    for url in (plan.get_absolute_url(), reverse("plans:actions", args=[plan.pk])):
        page = client.get(url).content.decode()
        assert f"{escape(str(champion))} (left)" in page, url


def test_the_leader_updates_a_departed_owners_action(departed, leader, client_for):
    action, _milestone = departed
    client = client_for(leader)
    response = client.post(
        reverse("plans:action_update", args=[action.pk]),
        {"status": "in_progress", "progress_notes": "Picked up by the leader", "version": 1},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress_notes) == ("in_progress", "Picked up by the leader")


def test_the_leader_edits_a_departed_owners_action_keeping_or_changing_the_owner(
    departed, leader, champion, client_for
):
    action, _milestone = departed
    client = client_for(leader)
    page = client.get(reverse("plans:action_edit", args=[action.pk])).content.decode()
    assert f"{escape(str(champion))} (left)" in page
    data = {
        "description": "Name champions in every department",
        "owner": champion.pk,
        "responsible": "",
        "due_date": "2027-03-01",
        "status": "not_started",
        "version": action.version,
    }
    response = client.post(reverse("plans:action_edit", args=[action.pk]), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.owner) == ("Name champions in every department", champion)
    # Someone who left cannot be given new work.
    other = ActionFactory(objective=action.objective)
    response = client.post(
        reverse("plans:action_edit", args=[other.pk]), {**data, "version": other.version}
    )
    assert response.status_code == 200
    assert "works at" in response.content.decode()
    response = client.post(
        reverse("plans:action_edit", args=[action.pk]),
        {**data, "owner": leader.pk, "version": action.version},
    )
    action.refresh_from_db()
    assert action.owner == leader


def test_the_leader_records_a_departed_owners_milestone(departed, leader, client_for):
    _action, milestone = departed
    client = client_for(leader)
    client.post(
        reverse("plans:milestone_update", args=[milestone.pk]),
        {"done_date": "2026-11-20", "version": milestone.version},
    )
    milestone.refresh_from_db()
    assert milestone.done_date == dt.date(2026, 11, 20)
    response = client.post(
        reverse("plans:milestone_edit", args=[milestone.pk]),
        {
            "title": "Champions named in all departments",
            "owner": milestone.owner_id,
            "due_date": "2027-06-01",
            "done_date": "",
            "version": milestone.version,
        },
    )
    assert response.status_code == 302


def _copy(client, plan, **extra):
    return client.post(
        reverse("plans:create"),
        {
            "title": "Strategic Careers Plan",
            "start_year": 2028,
            "end_year": 2031,
            "review_frequency": "annually",
            "copy_from": plan.pk,
            **extra,
        },
        follow=True,
    )


def test_copy_forward_reassigns_a_departed_owners_items(
    departed, plan, leader, champion, client_for
):
    client = client_for(leader)
    page = client.get(reverse("plans:create")).content.decode()
    assert f"{escape(str(champion))} (left)" in page
    response = _copy(client, plan, **{f"reassign_{champion.pk}": leader.pk})
    assert response.status_code == 200
    new = StrategicPlan.objects.exclude(pk=plan.pk).get()
    assert list(Action.objects.filter(objective__plan=new).values_list("owner", flat=True)) == [
        leader.pk
    ]
    assert list(Milestone.objects.filter(objective__plan=new).values_list("owner", flat=True)) == [
        leader.pk
    ]


def test_copy_forward_carries_them_unowned_with_a_warning(
    departed, plan, leader, champion, client_for
):
    response = _copy(client_for(leader), plan)
    assert response.status_code == 200
    page = response.content.decode()
    new = StrategicPlan.objects.exclude(pk=plan.pk).get()
    assert Action.objects.filter(objective__plan=new, owner=None).count() == 1
    assert Milestone.objects.filter(objective__plan=new, owner=None).count() == 1
    assert f"without an owner: {champion} has left" in page


def test_a_model_rule_about_a_field_the_form_does_not_show_goes_above_the_form(
    departed, plan, leader
):
    from plans.forms import ActionProgressForm

    action, _milestone = departed
    form = ActionProgressForm({"status": "done", "version": action.version}, instance=action)
    action.owner_id = leader.pk + 1000  # nobody at the institution: the model refuses it
    assert not form.is_valid()
    assert "works at" in " ".join(form.non_field_errors())

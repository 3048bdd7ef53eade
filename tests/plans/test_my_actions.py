"""My actions: each person's own actions and milestones, updated where they are listed."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.plans.factories import (
    ActionFactory,
    MilestoneFactory,
    ObjectiveFactory,
    StrategicPlanFactory,
)


def test_it_lists_only_what_the_person_owns_across_objectives(plan, champion, leader, client_for):
    first, second = ObjectiveFactory(plan=plan, number=1), ObjectiveFactory(plan=plan, number=2)
    ActionFactory(objective=first, owner=champion, description="Run the careers fair")
    ActionFactory(objective=second, owner=champion, description="Book employer talks")
    ActionFactory(objective=second, owner=leader, description="Leader's own")
    MilestoneFactory(objective=first, owner=champion, title="Fair booked")
    MilestoneFactory(objective=first, owner=leader, title="Leader's milestone")
    page = client_for(champion).get(reverse("plans:mine")).content.decode()
    assert "Run the careers fair" in page and "Book employer talks" in page
    assert "Fair booked" in page
    assert "Leader&#x27;s own" not in page and "Leader&#x27;s milestone" not in page
    assert page.count('name="status"') == 2
    assert f'action="{reverse("plans:action_update", args=[first.actions.get().pk])}"' in page


def test_it_leaves_out_archived_plans_and_other_institutions(
    institution, other_institution, champion, client_for
):
    archived = StrategicPlanFactory(institution=institution, status="archived")
    ActionFactory(objective=ObjectiveFactory(plan=archived), owner=champion, description="Old")
    elsewhere = StrategicPlanFactory(institution=other_institution)
    ActionFactory(objective=ObjectiveFactory(plan=elsewhere), owner=champion, description="Far")
    page = client_for(champion).get(reverse("plans:mine")).content.decode()
    assert "You do not own any actions." in page


def test_it_shows_owners_without_update_rights_their_work_read_only(plan, slt, client_for):
    ActionFactory(objective=ObjectiveFactory(plan=plan), owner=slt, progress_notes="Budget agreed")
    page = client_for(slt).get(reverse("plans:mine")).content.decode()
    assert "Budget agreed" in page
    assert 'name="status"' not in page


def test_it_saves_progress_and_returns_to_the_list(plan, champion, client_for):
    action = ActionFactory(
        objective=ObjectiveFactory(plan=plan), owner=champion, due_date=dt.date(2026, 12, 1)
    )
    client = client_for(champion)
    assert "Due soon" in client.get(reverse("plans:mine")).content.decode()
    response = client.post(
        reverse("plans:action_update", args=[action.pk]),
        {
            "status": "done",
            "progress_notes": "Fair held",
            "version": 1,
            "next": reverse("plans:mine") + f"#action-{action.pk}",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Progress saved" in page
    assert "Fair held" in page
    assert '<span class="status status-blue">Done</span>' in page

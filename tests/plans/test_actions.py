"""Actions: adding and editing with clear errors, owners' updates, conflicts and history."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.html import escape

from plans.models import Action
from tests.plans.factories import ActionFactory, MilestoneFactory, ObjectiveFactory

ACTION = {
    "description": "Deliver CPD on careers education and the Gatsby Benchmarks.",
    "is_cpd": "on",
    "responsible": "HR",
    "due_date": "2026-03-31",
    "status": "not_started",
    "progress_notes": "",
    "evidence_links": "",
}


def _edit_data(action, **changes):
    data = {
        "description": action.description,
        "responsible": action.responsible,
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "status": action.status,
        "progress_notes": action.progress_notes,
        "evidence_links": action.evidence_links,
        "owner": action.owner_id or "",
        "version": action.version,
    }
    return {**data, **changes}


def test_it_adds_an_action_with_an_owner_from_the_institution(plan, leader, champion, client_for):
    objective = ObjectiveFactory(plan=plan)
    response = client_for(leader).post(
        reverse("plans:action_create", args=[objective.pk]), {**ACTION, "owner": champion.pk}
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.owner, action.is_cpd, action.version) == (champion, True, 1)


def test_it_refuses_a_due_date_before_the_plan_starts_and_keeps_the_rest(plan, leader, client_for):
    objective = ObjectiveFactory(plan=plan)
    response = client_for(leader).post(
        reverse("plans:action_create", args=[objective.pk]), {**ACTION, "due_date": "2025-06-30"}
    )
    page = response.content.decode()
    assert "The due date is before the plan starts (1 September 2025). Choose a later date." in page
    assert "Deliver CPD on careers education and the Gatsby Benchmarks." in page
    assert 'value="2025-06-30"' in page
    assert not Action.objects.exists()


def test_it_refuses_an_owner_from_another_institution(plan, leader, outsider, client_for):
    objective = ObjectiveFactory(plan=plan)
    response = client_for(leader).post(
        reverse("plans:action_create", args=[objective.pk]), {**ACTION, "owner": outsider.pk}
    )
    page = response.content.decode()
    assert f"Choose someone who works at {plan.institution}" in page
    assert 'value="HR"' in page
    assert not Action.objects.exists()


def test_it_refuses_an_action_without_a_description(plan, leader, client_for):
    objective = ObjectiveFactory(plan=plan)
    response = client_for(leader).post(
        reverse("plans:action_create", args=[objective.pk]), {**ACTION, "description": ""}
    )
    assert "Describe the action." in response.content.decode()
    assert 'value="HR"' in response.content.decode()


def test_it_saves_an_edit_and_counts_the_version(plan, leader, client_for):
    action = ActionFactory(objective=ObjectiveFactory(plan=plan))
    response = client_for(leader).post(
        reverse("plans:action_edit", args=[action.pk]), _edit_data(action, status="in_progress")
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.version) == ("in_progress", 2)


def test_it_never_silently_overwrites_a_newer_save(plan, leader, champion, client_for):
    action = ActionFactory(objective=ObjectiveFactory(plan=plan), owner=champion)
    stale = _edit_data(action, progress_notes="Leader's notes", status="blocked")
    # The champion saves first, from the version both of them opened.
    client_for(champion).post(
        reverse("plans:action_update", args=[action.pk]),
        {"status": "in_progress", "progress_notes": "Champion's notes", "version": 1},
    )
    response = client_for(leader).post(reverse("plans:action_edit", args=[action.pk]), stale)
    page = response.content.decode()
    assert response.status_code == 409
    assert f"{escape(str(champion))} saved this action while you were editing it" in page
    assert "Your version" in page and "Saved version" in page
    assert "Leader&#x27;s notes" in page and "Champion&#x27;s notes" in page
    action.refresh_from_db()
    assert (action.progress_notes, action.version) == ("Champion's notes", 2)
    # The form now carries the saved version: saving again keeps the leader's on purpose.
    assert 'name="version" value="2"' in page
    client_for(leader).post(reverse("plans:action_edit", args=[action.pk]), {**stale, "version": 2})
    action.refresh_from_db()
    assert (action.progress_notes, action.status, action.version) == (
        "Leader's notes",
        "blocked",
        3,
    )


def test_it_shows_a_conflict_to_an_owner_too(plan, leader, champion, client_for):
    action = ActionFactory(objective=ObjectiveFactory(plan=plan), owner=champion)
    client_for(leader).post(
        reverse("plans:action_edit", args=[action.pk]), _edit_data(action, status="done")
    )
    response = client_for(champion).post(
        reverse("plans:action_update", args=[action.pk]),
        {"status": "in_progress", "progress_notes": "Half way", "version": 1},
    )
    assert response.status_code == 409
    assert "Half way" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "done"


def test_it_lets_an_owner_update_status_and_progress(plan, champion, client_for):
    action = ActionFactory(objective=ObjectiveFactory(plan=plan), owner=champion)
    response = client_for(champion).post(
        reverse("plans:action_update", args=[action.pk]),
        {
            "status": "in_progress",
            "progress_notes": "Met two employers",
            "version": 1,
            "next": reverse("plans:mine"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:mine")
    action.refresh_from_db()
    assert (action.status, action.progress_notes) == ("in_progress", "Met two employers")


def test_it_stops_a_champion_updating_someone_elses_action(plan, champion, leader, client_for):
    action = ActionFactory(objective=ObjectiveFactory(plan=plan), owner=leader)
    response = client_for(champion).post(
        reverse("plans:action_update", args=[action.pk]),
        {"status": "done", "progress_notes": "", "version": 1},
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "not_started"


def test_it_stops_a_champion_editing_the_plans_structure(plan, champion, client_for):
    action = ActionFactory(objective=ObjectiveFactory(plan=plan), owner=champion)
    response = client_for(champion).post(
        reverse("plans:action_edit", args=[action.pk]), _edit_data(action, description="Mine")
    )
    assert response.status_code == 403


def test_it_shows_who_changed_what_and_when(plan, leader, champion, governor, client_for):
    action = ActionFactory(objective=ObjectiveFactory(plan=plan), owner=champion)
    client_for(leader).post(
        reverse("plans:action_edit", args=[action.pk]),
        _edit_data(action, responsible="HR and tutors"),
    )
    client_for(champion).post(
        reverse("plans:action_update", args=[action.pk]),
        {"status": "done", "progress_notes": "All done", "version": 2},
    )
    page = client_for(governor).get(reverse("plans:action_history", args=[action.pk]))
    page = page.content.decode()
    assert page.index(str(champion)) < page.index(str(leader))  # newest first
    assert "Not started" in page and "Done" in page
    assert "HR and tutors" in page and "All done" in page
    assert "22 November 2026" in page
    assert "Version" not in page


def test_it_lets_a_milestone_owner_record_it_done(plan, champion, slt, client_for):
    milestone = MilestoneFactory(objective=ObjectiveFactory(plan=plan), owner=champion)
    client_for(champion).post(
        reverse("plans:milestone_update", args=[milestone.pk]), {"done_date": "2026-11-20"}
    )
    milestone.refresh_from_db()
    assert milestone.done_date == dt.date(2026, 11, 20)
    response = client_for(slt).post(
        reverse("plans:milestone_update", args=[milestone.pk]), {"done_date": ""}
    )
    assert response.status_code == 403

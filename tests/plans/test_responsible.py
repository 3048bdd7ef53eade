"""Responsible once per objective (issue 9.6, part): seed 000 writes "Responsible" once per
priority; its actions show it unless they name their own. A milestone can name a responsible
text; the plan has an owner line ("Quality of Education Manager")."""

from __future__ import annotations

from django.urls import reverse

from plans import selectors, services
from tests.plans.factories import ActionFactory, MilestoneFactory, ObjectiveFactory


def test_actions_show_their_objectives_responsible_unless_they_say_otherwise(
    plan, leader, client_for
):
    objective = ObjectiveFactory(plan=plan, number=1, responsible="Quality of Education Manager")
    ActionFactory(objective=objective, description="Appoint champions")
    ActionFactory(objective=objective, description="Deliver CPD", responsible="HR (for CPD)")
    MilestoneFactory(objective=objective, title="CPD delivered", responsible="HR")
    plan.owner_line = "Quality of Education Manager"
    plan.save()
    client = client_for(leader)
    table = client.get(reverse("plans:actions", args=[plan.pk])).content.decode()
    assert table.count("Quality of Education Manager") == 1
    assert "HR (for CPD)" in table
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Plan owner" in page
    assert "CPD delivered: by 1 June 2027 · HR" in page
    rows = client.get(reverse("plans:actions_export", args=[plan.pk, "csv"])).content.decode()
    assert "Quality of Education Manager" in rows and "HR (for CPD)" in rows


def test_a_change_of_objective_responsible_is_a_change_since_approval(plan, slt, governor):
    objective = ObjectiveFactory(plan=plan, number=1)
    services.plan_approve_slt(plan=plan, by=slt)
    services.plan_approve_governors(plan=plan, by=governor)
    objective.responsible = "Data Coordinators"
    objective.save()
    plan.refresh_from_db()
    state = selectors.approval_state(plan)
    assert "Priority 1: responsible changed from (empty) to Data Coordinators" in state.changes

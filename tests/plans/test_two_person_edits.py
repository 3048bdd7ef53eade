"""Two careers leaders editing the same part of the plan: the second save never silently wins
(issue 9.11). Each shared form gets the conflict page with both versions; saving it again keeps
the second person's version on purpose. One mechanism (careers_portal.locking) for them all."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest
from django.forms import ModelForm
from django.urls import reverse
from django.utils.html import escape

from careers_portal.accounts.models import Role
from careers_portal.locking import EditConflict, VersionedModelForm
from plans import forms as plan_forms
from plans import services
from plans.models import Action, Milestone, Objective, StrategicPlan
from tests.factories import MembershipFactory
from tests.plans.factories import MilestoneFactory, ObjectiveFactory, SwotItemFactory

DETAILS = {
    "title": "Strategic Careers Plan",
    "start_year": 2025,
    "end_year": 2028,
    "review_frequency": "annually",
    "next_review_date": "2027-07-15",
}
OBJECTIVE = {
    "number": 1,
    "title": "Enhance learner readiness",
    "scope": "careers_provision",
    "target_date": "2027-07-31",
}


@pytest.fixture
def second_leader(institution):
    return MembershipFactory(institution=institution, role=Role.CAREERS_LEADER).user


def _plan_case(url_name, field, base):
    def build(plan):
        return plan, reverse(url_name, args=[plan.pk]), dict(base)

    return build, field


def _objective_case(plan):
    objective = ObjectiveFactory(plan=plan, number=1)
    return objective, reverse("plans:objective_edit", args=[objective.pk]), dict(OBJECTIVE)


def _milestone_case(plan):
    milestone = MilestoneFactory(objective=ObjectiveFactory(plan=plan, number=1))
    url = reverse("plans:milestone_edit", args=[milestone.pk])
    return milestone, url, {"title": milestone.title, "due_date": "2027-06-01"}


CASES = {
    "plan details": (*_plan_case("plans:edit", "title", DETAILS),),
    "vision": (*_plan_case("plans:vision", "careers_vision", {}),),
    "current state": (*_plan_case("plans:current_state", "lmi_context", {}),),
    "key priority areas": (*_plan_case("plans:swot", "key_priority_areas", {}),),
    "objective": (_objective_case, "title"),
    "milestone": (_milestone_case, "title"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_second_save_gets_both_versions_never_a_silent_overwrite(
    case, plan, leader, second_leader, client_for
):
    build, field = CASES[case]
    obj, url, data = build(plan)
    first, second = client_for(leader), client_for(second_leader)
    # Both open the form at version 1; the first saves.
    assert 'name="version" value="1"' in second.get(url).content.decode()
    response = first.post(url, {**data, field: "Theirs, saved first", "version": 1})
    assert response.status_code == 302, case
    # The second saves from the version they opened: refused, with both versions shown.
    response = second.post(url, {**data, field: "Mine, typed meanwhile", "version": 1})
    page = response.content.decode()
    assert response.status_code == 409, case
    assert f"{escape(str(leader))} saved this" in page  # a name may hold an apostrophe
    assert "Your version" in page and "Saved version" in page
    assert "Mine, typed meanwhile" in page and "Theirs, saved first" in page
    obj.refresh_from_db()
    assert getattr(obj, field) == "Theirs, saved first"
    # Saving the conflict page again keeps the second person's version, on purpose.
    assert 'name="version" value="2"' in page
    response = second.post(url, {**data, field: "Mine, typed meanwhile", "version": 2})
    assert response.status_code == 302, case
    obj.refresh_from_db()
    assert (getattr(obj, field), obj.version) == ("Mine, typed meanwhile", 3)


def test_an_owner_marking_a_milestone_done_is_not_overwritten_by_a_stale_edit(
    plan, leader, champion, client_for
):
    milestone = MilestoneFactory(objective=ObjectiveFactory(plan=plan, number=1), owner=champion)
    title = milestone.title
    edit = reverse("plans:milestone_edit", args=[milestone.pk])
    stale = {"title": "Renamed", "due_date": "2027-06-01", "owner": champion.pk, "version": 1}
    client_for(champion).post(
        reverse("plans:milestone_update", args=[milestone.pk]),
        {"done_date": "2026-11-20", "version": 1},
    )
    response = client_for(leader).post(edit, stale)
    assert response.status_code == 409
    milestone.refresh_from_db()
    assert (milestone.title, milestone.done_date) == (title, dt.date(2026, 11, 20))


def test_the_lock_is_a_conditional_update_that_holds_without_row_locks(plan):
    """Two copies of one row loaded at version 1: the first save wins, the second is refused,
    on SQLite as on PostgreSQL (no select_for_update involved)."""
    one = StrategicPlan.objects.get(pk=plan.pk)
    two = StrategicPlan.objects.get(pk=plan.pk)
    services.plan_update(plan=one, by=None, expected_version=1, careers_vision="One")
    with pytest.raises(EditConflict) as conflict:
        services.plan_update(plan=two, by=None, expected_version=1, careers_vision="Two")
    assert conflict.value.saved.careers_vision == "One"
    plan.refresh_from_db()
    assert (plan.careers_vision, plan.version) == ("One", 2)


def test_a_refused_write_does_not_move_the_version_on(plan):
    objective = ObjectiveFactory(plan=plan, number=1)
    objective.title = ""  # refused by the model's rules
    with pytest.raises(Exception):  # noqa: B017 - a ValidationError from full_clean
        services.objective_save(objective=objective, by=None, expected_version=1)
    objective.refresh_from_db()
    assert objective.version == 1


def test_every_form_that_edits_a_shared_row_carries_the_lock():
    """A ModelForm over a model with a version column must be a VersionedModelForm."""
    versioned = {Action, Milestone, Objective, StrategicPlan}
    for name, form in inspect.getmembers(plan_forms, inspect.isclass):
        model = getattr(getattr(form, "_meta", None), "model", None)
        if issubclass(form, ModelForm) and model in versioned and name != "PlanCreateForm":
            assert issubclass(form, VersionedModelForm), name
    for model in versioned:
        assert model._meta.get_field("version")


@pytest.mark.parametrize("htmx", [True, False])
def test_two_people_editing_one_swot_item(htmx, plan, leader, second_leader, client_for):
    item = SwotItemFactory(plan=plan, text="Engaged link governor")
    url = reverse("plans:swot_edit", args=[item.pk])
    headers = {"HX-Request": "true"} if htmx else {}
    opened = client_for(second_leader).get(url, headers=headers).content.decode()
    assert 'name="version" value="1"' in opened
    client_for(leader).post(url, {"text": "Theirs, saved first", "version": 1}, headers=headers)
    response = client_for(second_leader).post(
        url, {"text": "Mine, typed meanwhile", "version": 1}, headers=headers
    )
    page = response.content.decode()
    assert response.status_code == (200 if htmx else 409)
    assert "Someone else changed this SWOT item" in page
    assert "Mine, typed meanwhile" in page and "Theirs, saved first" in page
    assert 'name="version" value="2"' in page
    item.refresh_from_db()
    assert item.text == "Theirs, saved first"
    client_for(second_leader).post(
        url, {"text": "Mine, typed meanwhile", "version": 2}, headers=headers
    )
    item.refresh_from_db()
    assert (item.text, item.version) == ("Mine, typed meanwhile", 3)

"""A plan's status is set by the approval and archive services only (issue 9.3).

Every path that could write it is held to that rule here: the plan's forms, the admin, a plain
save of the model (which imports and any future code go through), and a stale copy saved after
an approval. The services themselves are the only way it changes.
"""

from __future__ import annotations

import inspect

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.test import RequestFactory
from django.urls import reverse

from careers_portal.locking import EditConflict
from plans import forms as plan_forms
from plans import services
from plans.models import StrategicPlan

DETAILS = {
    "title": "Strategic Careers Plan",
    "start_year": 2025,
    "end_year": 2028,
    "review_frequency": "annually",
    "next_review_date": "2027-07-15",
}


def _plan_model_forms():
    return [
        form
        for _name, form in inspect.getmembers(plan_forms, inspect.isclass)
        if issubclass(form, ModelForm) and getattr(form._meta, "model", None) is StrategicPlan
    ]


def test_no_form_of_the_plan_offers_its_status():
    found = _plan_model_forms()
    assert {form.__name__ for form in found} >= {"PlanCreateForm", "PlanDetailsForm"}
    for form in found:
        assert "status" not in form.base_fields, form.__name__


@pytest.mark.parametrize("posted", ["approved", "archived"])
def test_it_ignores_a_status_posted_to_the_plan_details(posted, plan, leader, client_for):
    response = client_for(leader).post(
        reverse("plans:edit", args=[plan.pk]), {**DETAILS, "status": posted}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == StrategicPlan.Status.DRAFT


def test_it_creates_every_plan_as_a_draft_whatever_is_posted(institution, leader, client_for):
    client_for(leader).post(reverse("plans:create"), {**DETAILS, "status": "approved"})
    assert StrategicPlan.objects.get(institution=institution).status == "draft"


def test_the_admin_shows_the_status_but_cannot_change_it(plan, django_user_model):
    model_admin = admin.site._registry[StrategicPlan]
    request = RequestFactory().get("/")
    request.user = django_user_model.objects.create_superuser(email="root@example.test")
    assert "status" in model_admin.get_readonly_fields(request, plan)
    assert "status" not in model_admin.get_form(request, plan).base_fields


def test_a_plain_save_refuses_a_changed_status(plan):
    plan.status = StrategicPlan.Status.APPROVED
    with pytest.raises(ValidationError) as error:
        plan.save()
    assert "approve" in str(error.value)
    plan.refresh_from_db()
    assert plan.status == StrategicPlan.Status.DRAFT
    with pytest.raises(ValidationError):
        services.plan_update(plan=plan, by=None, status=StrategicPlan.Status.ARCHIVED)


def test_a_copy_loaded_before_an_approval_does_not_undo_it(plan, slt, governor):
    stale = StrategicPlan.objects.get(pk=plan.pk)
    services.plan_approve_slt(plan=plan, by=slt)
    services.plan_approve_governors(plan=plan, by=governor)
    with pytest.raises(EditConflict):  # the approvals moved the plan's version on
        services.plan_update(plan=stale, by=None, title="Careers Strategy")
    stale.refresh_from_db()
    services.plan_update(plan=stale, by=None, title="Careers Strategy")
    plan.refresh_from_db()
    assert (plan.title, plan.status) == ("Careers Strategy", StrategicPlan.Status.APPROVED)


def test_the_approval_and_archive_services_set_it(plan, slt, governor, leader):
    services.plan_approve_slt(plan=plan, by=slt)
    plan.refresh_from_db()
    assert plan.status == StrategicPlan.Status.DRAFT  # one approval of two
    services.plan_approve_governors(plan=plan, by=governor)
    plan.refresh_from_db()
    assert plan.status == StrategicPlan.Status.APPROVED
    services.plan_archive(plan=plan, by=leader)
    plan.refresh_from_db()
    assert plan.status == StrategicPlan.Status.ARCHIVED
    assert plan.history.first().history_user == leader


def test_the_leader_archives_a_plan_from_its_details_page(plan, leader, client_for):
    client = client_for(leader)
    page = client.get(reverse("plans:edit", args=[plan.pk])).content.decode()
    assert reverse("plans:archive", args=[plan.pk]) in page
    response = client.post(reverse("plans:archive", args=[plan.pk]), follow=True)
    plan.refresh_from_db()
    assert plan.status == StrategicPlan.Status.ARCHIVED
    assert "is archived" in response.content.decode()
    page = client.get(reverse("plans:edit", args=[plan.pk])).content.decode()
    assert reverse("plans:archive", args=[plan.pk]) not in page

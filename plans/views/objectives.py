"""Objectives, their actions and milestones: edit pages, owners' updates, conflicts, history."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from careers_portal.accounts.permissions import (
    capability_required,
    get_for_institution,
    role_can,
)
from careers_portal.forms import add_errors
from plans import selectors, services
from plans.forms import (
    ActionForm,
    ActionProgressForm,
    MilestoneDoneForm,
    MilestoneForm,
    ObjectiveForm,
)
from plans.models import Action, Milestone, Objective, StrategicPlan
from plans.views._helpers import today


def _objective(request, pk) -> Objective:
    return get_for_institution(
        request, Objective.objects.select_related("plan__institution"), pk=pk
    )


def _action(request, pk) -> Action:
    return get_for_institution(
        request,
        Action.objects.select_related(
            "objective__plan__institution",
            "owner",
            "half_term__academic_year",
            *selectors.ACTION_SOURCES,
        ),
        pk=pk,
    )


def _milestone(request, pk) -> Milestone:
    return get_for_institution(
        request, Milestone.objects.select_related("objective__plan__institution", "owner"), pk=pk
    )


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _warn_objective_count(request, plan: StrategicPlan) -> None:
    warning = selectors.objectives_warning(plan.objectives.count())
    if warning:
        messages.warning(request, warning)


# Objectives ------------------------------------------------------------------------------


@capability_required("plans.edit")
def objective_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for_institution(request, StrategicPlan, pk=pk)
    objective = Objective(plan=plan)
    form = ObjectiveForm(
        request.POST or None,
        instance=objective,
        initial={"number": services.objective_next_number(plan)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            objective = services.objective_save(
                objective=form.instance, by=request.user, benchmarks=form.cleaned_data["benchmarks"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Objective {objective.number} added. Now add its actions.")
            _warn_objective_count(request, plan)
            return redirect("plans:objective_edit", pk=objective.pk)
    return render(
        request,
        "plans/objective_form.html",
        {
            "form": form,
            "plan": plan,
            "warning": selectors.objectives_warning(plan.objectives.count(), adding=True),
        },
    )


@capability_required("plans.edit")
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = _objective(request, pk)
    plan = objective.plan
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_save(
                objective=form.instance, by=request.user, benchmarks=form.cleaned_data["benchmarks"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Objective {objective.number} saved.")
            return redirect(f"{plan.get_absolute_url()}#objective-{objective.pk}")
    actions, milestones = selectors.objective_work(objective, today())
    return render(
        request,
        "plans/objective_edit.html",
        {
            "form": form,
            "plan": plan,
            "objective": objective,
            "actions": actions,
            "milestones": milestones,
        },
    )


@require_POST
@capability_required("plans.edit")
def objective_delete(request: HttpRequest, pk: int) -> HttpResponse:
    objective = _objective(request, pk)
    plan = objective.plan
    services.objective_delete(objective=objective, by=request.user)
    messages.success(request, f"Objective {objective.number} and its actions were removed.")
    _warn_objective_count(request, plan)
    return redirect(f"{plan.get_absolute_url()}#objectives")


# Actions ---------------------------------------------------------------------------------


@capability_required("plans.edit")
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    objective = _objective(request, pk)
    form = ActionForm(
        request.POST or None, instance=Action(objective=objective), plan=objective.plan
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(objective=objective, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Action added.")
            if "add_another" in request.POST:
                return redirect("plans:action_create", pk=objective.pk)
            return redirect("plans:objective_edit", pk=objective.pk)
    return render(
        request, "plans/action_form.html", {"form": form, "objective": objective, "action": None}
    )


def _display(action: Action, name: str) -> str:
    value = getattr(action, name)
    if name == "status":
        return action.get_status_display()
    if name == "is_cpd":
        return "Yes" if value else "No"
    if value is None or value == "":
        return "(empty)"
    if hasattr(value, "strftime"):
        return format_date(value, "j F Y")
    return str(value)


def _conflict(request, form_class, saved: Action, yours: dict, template: str, **kwargs):
    """Both versions side by side; the form keeps what was typed, ready to save over the new."""
    mine = _with_values(saved, yours)
    rows = []
    for name in yours:
        ours, theirs = _display(mine, name), _display(saved, name)
        rows.append(
            {
                "field": selectors.field_label(Action, name),
                "yours": ours,
                "saved": theirs,
                "differs": ours != theirs,
            }
        )
    data = request.POST.copy()
    data["version"] = saved.version
    form = form_class(data, instance=copy.copy(saved), **kwargs)
    who = saved.history.select_related("history_user").first()
    messages.error(
        request,
        f"{who.history_user or 'Someone'} saved this action while you were editing it, so your "
        "changes have not been saved yet. Compare the two versions below: save again to keep "
        "yours, or go back to keep theirs.",
    )
    return render(
        request,
        template,
        {
            "form": form,
            "action": saved,
            "objective": saved.objective,
            "conflict_rows": rows,
            "conflict_by": who.history_user,
            "conflict_at": who.history_date,
        },
        status=409,
    )


def _with_values(action: Action, values: dict) -> Action:
    mine = copy.copy(action)
    for name, value in values.items():
        setattr(mine, name, value)
    return mine


def _action_save(
    request, action: Action, form, template: str, **form_kwargs
) -> HttpResponse | None:
    """Save a valid action form unless someone saved first: then return the conflict page.

    A rule the service enforces puts its errors on the form, so `form.errors` tells the caller.
    """
    fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    try:
        services.action_update(
            action=action, by=request.user, expected_version=form.cleaned_data["version"], **fields
        )
    except services.ActionConflict as conflict:
        return _conflict(request, type(form), conflict.saved, fields, template, **form_kwargs)
    except ValidationError as error:
        add_errors(form, error)
    return None


@capability_required("plans.edit")
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    objective = action.objective
    form = ActionForm(request.POST or None, instance=copy.copy(action), plan=objective.plan)
    if request.method == "POST" and form.is_valid():
        conflict = _action_save(
            request, action, form, "plans/action_form.html", plan=objective.plan
        )
        if conflict is not None:
            return conflict
        if not form.errors:
            messages.success(request, "Action saved.")
            return redirect(
                _next_url(request, reverse("plans:objective_edit", args=[objective.pk]))
            )
    return render(
        request, "plans/action_form.html", {"form": form, "objective": objective, "action": action}
    )


def _may_update(request, owner_id) -> bool:
    return owner_id == request.user.pk or role_can(request.membership.role, "plans.edit")


@capability_required("actions.update_own")
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    """An owner's update of status and progress notes (the careers leader may update any)."""
    action = _action(request, pk)
    if not _may_update(request, action.owner_id):
        raise PermissionDenied("Only the action's owner or the careers leader can update it.")
    form = ActionProgressForm(request.POST or None, instance=copy.copy(action))
    if request.method == "POST" and form.is_valid():
        conflict = _action_save(request, action, form, "plans/action_update.html")
        if conflict is not None:
            return conflict
        if not form.errors:
            messages.success(request, f"Progress saved: {Truncator(action.description).words(10)}")
            return redirect(_next_url(request, reverse("plans:mine")))
    return render(
        request,
        "plans/action_update.html",
        {"form": form, "action": action, "objective": action.objective},
    )


@require_POST
@capability_required("plans.edit")
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    services.action_delete(action=action, by=request.user)
    messages.success(request, "Action removed.")
    return redirect("plans:objective_edit", pk=action.objective_id)


# Milestones ------------------------------------------------------------------------------


def _milestone_saved(request: HttpRequest, form, done_message: str) -> bool:
    """Save a valid milestone form; on a rule's refusal the errors go back onto the form."""
    if not form.is_valid():
        return False
    try:
        services.milestone_save(milestone=form.instance, by=request.user)
    except ValidationError as error:
        add_errors(form, error)
        return False
    messages.success(request, done_message)
    return True


@capability_required("plans.edit")
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    objective = _objective(request, pk)
    form = MilestoneForm(
        request.POST or None, instance=Milestone(objective=objective), plan=objective.plan
    )
    if request.method == "POST" and _milestone_saved(request, form, "Milestone added."):
        if "add_another" in request.POST:
            return redirect("plans:milestone_create", pk=objective.pk)
        return redirect("plans:objective_edit", pk=objective.pk)
    return render(request, "plans/milestone_form.html", {"form": form, "objective": objective})


@capability_required("plans.edit")
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk)
    objective = milestone.objective
    form = MilestoneForm(request.POST or None, instance=milestone, plan=objective.plan)
    if request.method == "POST" and _milestone_saved(request, form, "Milestone saved."):
        return redirect("plans:objective_edit", pk=objective.pk)
    return render(
        request,
        "plans/milestone_form.html",
        {"form": form, "objective": objective, "milestone": milestone},
    )


@require_POST
@capability_required("actions.update_own")
def milestone_update(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner records (or clears) the date a milestone was reached."""
    milestone = _milestone(request, pk)
    if not _may_update(request, milestone.owner_id):
        raise PermissionDenied("Only the milestone's owner or the careers leader can update it.")
    form = MilestoneDoneForm(request.POST, instance=milestone)
    if form.is_valid():
        services.milestone_save(milestone=form.instance, by=request.user)
        messages.success(request, f"Milestone saved: {milestone.title}.")
    else:
        messages.error(request, "Enter the date it was done, like 3 March 2026.")
    return redirect(_next_url(request, reverse("plans:mine")))


@require_POST
@capability_required("plans.edit")
def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk)
    services.milestone_delete(milestone=milestone, by=request.user)
    messages.success(request, "Milestone removed.")
    return redirect("plans:objective_edit", pk=milestone.objective_id)


# History ---------------------------------------------------------------------------------


@capability_required("plans.view")
def action_history(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    return render(
        request,
        "plans/history.html",
        {
            "thing": action,
            "kind": "action",
            "plan": action.objective.plan,
            "entries": selectors.history(action),
        },
    )


@capability_required("plans.view")
def objective_history(request: HttpRequest, pk: int) -> HttpResponse:
    objective = _objective(request, pk)
    return render(
        request,
        "plans/history.html",
        {
            "thing": objective,
            "kind": "objective",
            "plan": objective.plan,
            "entries": selectors.history(objective),
        },
    )

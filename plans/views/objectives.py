"""Objectives, their actions and milestones: edit pages, owners' updates, conflicts, history."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
from careers_portal.locking import EditConflict, conflict_page
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
    actions, milestones = selectors.objective_work(objective, today())
    context = {"plan": plan, "objective": objective, "actions": actions, "milestones": milestones}
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_save(
                objective=form.instance,
                by=request.user,
                benchmarks=form.cleaned_data["benchmarks"],
                expected_version=form.opened_at(),
            )
        except EditConflict as conflict:
            return conflict_page(
                request,
                conflict=conflict,
                form=form,
                yours=form.model_data(),
                template="plans/objective_edit.html",
                context=context,
                what="this objective",
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Objective {objective.number} saved.")
            return redirect(f"{plan.get_absolute_url()}#objective-{objective.pk}")
    return render(request, "plans/objective_edit.html", {**context, "form": form})


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
    services.plan_calendar_ensure(objective.plan)
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


def _action_save(
    request, action: Action, form, template: str, **form_kwargs
) -> HttpResponse | None:
    """Save a valid action form unless someone saved first: then return the conflict page.

    A rule the service enforces puts its errors on the form, so `form.errors` tells the caller.
    """
    fields = form.model_data()
    try:
        services.action_update(
            action=action, by=request.user, expected_version=form.opened_at(), **fields
        )
    except EditConflict as conflict:
        saved = conflict.saved
        return conflict_page(
            request,
            conflict=conflict,
            form=form,
            yours=fields,
            template=template,
            context={"action": saved, "objective": action.objective},
            what="this action",
        )
    except ValidationError as error:
        add_errors(form, error)
    return None


@capability_required("plans.edit")
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    objective = action.objective
    services.plan_calendar_ensure(objective.plan)
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
    """Save a valid milestone form; on a rule's refusal the errors go back onto the form.

    Someone else's save in between raises EditConflict for the caller's conflict page."""
    if not form.is_valid():
        return False
    try:
        services.milestone_save(
            milestone=form.instance, by=request.user, expected_version=form.opened_at()
        )
    except ValidationError as error:
        add_errors(form, error)
        return False
    messages.success(request, done_message)
    return True


@capability_required("plans.edit")
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    objective = _objective(request, pk)
    services.plan_calendar_ensure(objective.plan)
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
    services.plan_calendar_ensure(objective.plan)
    form = MilestoneForm(request.POST or None, instance=milestone, plan=objective.plan)
    context = {"objective": objective, "milestone": milestone}
    try:
        if request.method == "POST" and _milestone_saved(request, form, "Milestone saved."):
            return redirect("plans:objective_edit", pk=objective.pk)
    except EditConflict as conflict:
        return conflict_page(
            request,
            conflict=conflict,
            form=form,
            yours=form.model_data(),
            template="plans/milestone_form.html",
            context=context,
            what="this milestone",
        )
    return render(request, "plans/milestone_form.html", {**context, "form": form})


@require_POST
@capability_required("actions.update_own")
def milestone_update(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner records (or clears) the date a milestone was reached."""
    milestone = _milestone(request, pk)
    if not _may_update(request, milestone.owner_id):
        raise PermissionDenied("Only the milestone's owner or the careers leader can update it.")
    form = MilestoneDoneForm(request.POST, instance=milestone)
    if form.is_valid():
        try:
            services.milestone_save(
                milestone=form.instance, by=request.user, expected_version=form.opened_at()
            )
        except EditConflict as conflict:
            messages.error(
                request,
                f"Someone changed {conflict.saved.title} while you were updating it: nothing "
                "was saved. Check it below and enter the date again.",
            )
        else:
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

"""The action plan table (with its XLSX and CSV export) and each person's "My actions"."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from careers_portal.accounts.permissions import capability_required, get_for_institution
from careers_portal.kept_pages import kept_page
from plans import selectors
from plans.forms import ActionFilterForm, ActionProgressForm, MilestoneDoneForm
from plans.models import StrategicPlan
from plans.resources import ActionPlanResource, action_plan_workbook
from plans.views._helpers import today

EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _filtered(request, plan):
    form = ActionFilterForm(request.GET or None, plan=plan)
    filters = selectors.ActionFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ActionFilters(
            owner=data["owner"].pk if data["owner"] else None,
            status=data["status"] or None,
            objective=data["objective"].pk if data["objective"] else None,
            overdue=data["overdue"],
        )
    return form, filters, selectors.action_table(plan, filters, today())


@capability_required("plans.view")
@kept_page(params=("owner", "status", "objective", "overdue"))
def action_table(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for_institution(request, StrategicPlan, pk=pk)
    form, filters, actions = _filtered(request, plan)
    return render(
        request,
        "plans/action_table.html",
        {
            "plan": plan,
            "form": form,
            "actions": actions,
            "filtered": filters != selectors.ActionFilters(),
            "query": request.GET.urlencode(),
        },
    )


@capability_required("plans.view")
def action_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_TYPES:
        raise Http404("Export as xlsx or csv.")
    plan = get_for_institution(request, StrategicPlan, pk=pk)
    _form, _filters, actions = _filtered(request, plan)
    if fmt == "xlsx":
        body = action_plan_workbook(
            plan,
            actions,
            selectors.plan_milestones(plan, today(), objective=_filters.objective),
            selectors.approval_summary(selectors.approval_state(plan)),
        )
    else:
        body = ActionPlanResource().export(actions).csv
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="action-plan-{plan.period}.{fmt}"'
    return response


@capability_required("plans.view")
def my_actions(request: HttpRequest) -> HttpResponse:
    institution = request.membership.institution
    day = today()
    actions = selectors.actions_owned_by(request.user, institution, day)
    for action in actions:
        action.form = ActionProgressForm(instance=action, auto_id=f"a{action.pk}_%s")
    milestones = selectors.milestones_owned_by(request.user, institution, day)
    for milestone in milestones:
        milestone.form = MilestoneDoneForm(instance=milestone, auto_id=f"m{milestone.pk}_%s")
    return render(request, "plans/my_actions.html", {"actions": actions, "milestones": milestones})

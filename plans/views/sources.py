"""Priority to plan: a plan action made in one step from a maturity review priority or a
self-assessment criterion not met, linked back to where it came from."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from benchmarks import selectors as benchmark_selectors
from benchmarks.selectors import CriterionAnswer, MaturityResponse
from careers_portal.accounts.permissions import capability_required, get_for_institution
from careers_portal.forms import add_errors
from plans import selectors, services
from plans.forms import ActionFromPriorityForm
from plans.views._helpers import today


def source_url(source: MaturityResponse | CriterionAnswer) -> str:
    """The page (and place on it) the source is shown: where the user comes back to."""
    if isinstance(source, MaturityResponse):
        page = reverse("benchmarks:review_detail", args=[source.review_id])
        return f"{page}#statement-{source.statement.code}"
    page = reverse("benchmarks:assessment_detail", args=[source.self_assessment_id])
    return f"{page}#criterion-{source.pk}"


def _from_source(request: HttpRequest, source) -> HttpResponse:
    plan = selectors.current_plan(request.membership.institution, today())
    back = source_url(source)
    context = {
        "source": source,
        "is_statement": isinstance(source, MaturityResponse),
        "back": back,
        "plan": plan,
        "existing": list(source.plan_actions.select_related("objective", "half_term")),
    }
    if plan is None or not plan.objectives.exists():
        return render(request, "plans/action_from_source.html", context)
    services.plan_calendar_ensure(plan)
    form = ActionFromPriorityForm(
        request.POST or None,
        plan=plan,
        objectives=selectors.objectives_to_choose(plan),
        initial={
            "description": services.source_suggestion(source),
            **selectors.source_initial(source, plan),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.action_create_from_priority(
                source=source,
                objective=data["objective"],
                by=request.user,
                description=data["description"],
                owner=data["owner"],
                responsible=data["responsible"],
                due=data["due_date"],
                due_is_month=data["due_is_month"],
                half_term=data["half_term"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"Action added to priority {action.objective.number} of {plan}, "
                f"from {services.source_label(source)}.",
            )
            return redirect(back)
    return render(request, "plans/action_from_source.html", {**context, "form": form})


@capability_required("plans.edit")
def action_from_statement(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_for_institution(request, benchmark_selectors.maturity_responses(), pk=pk)
    return _from_source(request, response)


@capability_required("plans.edit")
def action_from_criterion(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_for_institution(request, benchmark_selectors.criterion_answers(), pk=pk)
    return _from_source(request, answer)

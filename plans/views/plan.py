"""The plan itself: list, create, the readable document and its PDF, sections, approval, review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careers_portal.accounts.permissions import capability_required, get_for_institution
from careers_portal.disclosure import suppresses_for
from careers_portal.forms import add_errors
from careers_portal.kept_pages import kept_page
from careers_portal.locking import EditConflict, conflict_page
from careers_portal.schools.models import AcademicYear
from plans import selectors, services
from plans.forms import (
    ApprovalForm,
    CurrentStateForm,
    PlanCreateForm,
    PlanDetailsForm,
    ReviewForm,
    VisionForm,
)
from plans.models import PlanApproval, StrategicPlan
from plans.pdf import plan_pdf
from plans.views._helpers import today


def _plan(request: HttpRequest, pk: int) -> StrategicPlan:
    return get_for_institution(
        request, selectors.plans_for_institution(request.membership.institution), pk=pk
    )


@capability_required("plans.view")
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plans_for_institution(request.membership.institution)
    return render(request, "plans/list.html", {"plans": plans})


@capability_required("plans.edit")
def plan_create(request: HttpRequest) -> HttpResponse:
    institution = request.membership.institution
    latest = selectors.plans_for_institution(institution).first()
    initial = {"title": "Strategic Careers Plan"}
    if latest:
        initial.update(
            start_year=latest.end_year, end_year=latest.end_year + 3, copy_from=latest.pk
        )
    else:
        year = AcademicYear.start_year_for(today())
        initial.update(start_year=year, end_year=year + 3)
    form = PlanCreateForm(request.POST or None, institution=institution, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                institution=institution,
                by=request.user,
                copy_from=form.cleaned_data["copy_from"],
                reassign=form.reassignments(),
                **form.model_data(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{plan} is ready. Start with your vision.")
            for person, count in plan.carried_unowned.items():
                messages.warning(
                    request,
                    f"{count} unfinished action{'s' if count != 1 else ''} or milestone"
                    f"{'s' if count != 1 else ''} came over without an owner: {person} has left. "
                    "Choose a new owner for each in the plan.",
                )
            return redirect(plan)
    return render(request, "plans/create.html", {"form": form})


@capability_required("plans.view")
@kept_page
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    document = selectors.plan_document(
        plan, today(), suppress=suppresses_for(request.membership.role)
    )
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "doc": document,
            "approval_form": ApprovalForm(),
            "asked": selectors.approval_requests(plan, document.approval.approvals),
        },
    )


@capability_required("plans.view")
def plan_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    pdf = plan_pdf(plan, today())
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"strategic-careers-plan-{plan.period}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _section_edit(request, pk, form_class, template, done_message, anchor):
    plan = _plan(request, pk)
    form = form_class(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan, by=request.user, expected_version=form.opened_at(), **form.model_data()
            )
        except EditConflict as conflict:
            return conflict_page(
                request,
                conflict=conflict,
                form=form,
                yours=form.model_data(),
                template=template,
                context={"plan": conflict.saved},
                what="this plan",
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done_message)
            return redirect(f"{plan.get_absolute_url()}#{anchor}")
    return render(request, template, {"form": form, "plan": plan})


@capability_required("plans.edit")
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _section_edit(
        request, pk, PlanDetailsForm, "plans/plan_edit.html", "Plan details saved.", "top"
    )


@capability_required("plans.edit")
def vision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _section_edit(
        request, pk, VisionForm, "plans/vision_edit.html", "Vision saved.", "vision"
    )


@capability_required("plans.edit")
def current_state_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _section_edit(
        request,
        pk,
        CurrentStateForm,
        "plans/current_state_edit.html",
        "Current state saved.",
        "current-state",
    )


def _approve(request: HttpRequest, pk: int, kind: str, done: str) -> HttpResponse:
    plan = _plan(request, pk)
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text().replace("* ", ""))
        return redirect(f"{plan.get_absolute_url()}#approval")
    try:
        approval = services.plan_approve(
            plan=plan, by=request.user, kind=kind, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{done} of version {approval.content_version} of {plan}.")
    return redirect(f"{plan.get_absolute_url()}#approval")


@require_POST
@capability_required("plans.approve_slt")
def approve_slt(request: HttpRequest, pk: int) -> HttpResponse:
    return _approve(
        request, pk, PlanApproval.By.SLT, "You recorded the senior leadership team's approval"
    )


@require_POST
@capability_required("plans.approve_governors")
def approve_governors(request: HttpRequest, pk: int) -> HttpResponse:
    return _approve(request, pk, PlanApproval.By.GOVERNORS, "You recorded the governors' approval")


@capability_required("plans.view")
def approval_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF of the plan as it was when this approval was recorded."""
    approval = get_for_institution(request, PlanApproval.objects.select_related("plan"), pk=pk)
    if not approval.pdf:
        raise Http404("This approval has no stored PDF.")
    with approval.pdf.open("rb") as stored:
        body = stored.read()
    response = HttpResponse(body, content_type="application/pdf")
    filename = (
        f"strategic-careers-plan-{approval.plan.period}-version-{approval.content_version}-"
        f"{approval.kind}-approved-{approval.approved_at:%Y-%m-%d}.pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@capability_required("plans.edit")
def send_for_approval(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    try:
        sent = services.plan_send_for_approval(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        names = ", ".join(str(r.user) for r in sent.recipients.select_related("user"))
        messages.success(request, f"Sent for approval: we are emailing {names}.")
    return redirect(f"{plan.get_absolute_url()}#approval")


@require_POST
@capability_required("plans.edit")
def plan_archive(request: HttpRequest, pk: int) -> HttpResponse:
    plan = services.plan_archive(plan=_plan(request, pk), by=request.user)
    messages.success(request, f"{plan} is archived. Its actions no longer appear in My actions.")
    return redirect(plan)


@capability_required("plans.edit")
def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = ReviewForm(
        request.POST or None,
        initial={"date": today(), "next_review_date": plan.next_review_date},
    )
    form.instance.plan = plan
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                "Review recorded. Its actions for next year come along when you copy the plan "
                "forward into the next period.",
            )
            return redirect(f"{plan.get_absolute_url()}#review")
    return render(request, "plans/review_form.html", {"form": form, "plan": plan})

"""Pages that gather several apps' figures: dashboards, governors' questions, the trust view,
measures of objectives, the local NEET figure, the annual impact report, and one learner's page
(each app read through its selectors)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careers_portal.accounts import services as account_services
from careers_portal.accounts.models import Membership
from careers_portal.accounts.permissions import capability_required, get_for_institution, role_can
from careers_portal.dates import today
from careers_portal.disclosure import suppresses_for
from careers_portal.forms import add_errors
from careers_portal.insights import figures, questions, services
from careers_portal.insights import measures as live_measures
from careers_portal.insights.forms import BuildForm, LocalNeetForm, MeasureForm
from careers_portal.insights.models import AnnualReport, LocalNeetFigure, Measure
from careers_portal.insights.subject_access import learner_archive
from careers_portal.kept_pages import kept_page
from careers_portal.schools import services as school_services
from careers_portal.schools.forms import LearnerDetailsForm
from careers_portal.schools.models import Learner
from careers_portal.schools.selectors import year_starting
from destinations import selectors as destination_selectors
from encounters import selectors as encounter_selectors
from plans.models import Objective


def _learner(request: HttpRequest, pk: int) -> Learner:
    return get_for_institution(request, Learner.objects.filter(anonymised_at__isnull=True), pk=pk)


@capability_required("learners.record")
def learner_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One learner: details, benchmarks today, encounters, guidance meetings and destinations."""
    learner = _learner(request, pk)
    account_services.record_learner_access(request, f"Learner page of learner {learner.pk}")
    record = encounter_selectors.learner_record(learner)
    return render(
        request,
        "insights/learner.html",
        {
            "learner": learner,
            "covered": encounter_selectors.learner_benchmarks(learner, today()),
            "encounters": record["encounters"],
            "meetings": record["meetings"],
            "destinations": destination_selectors.records_of(learner),
        },
    )


@capability_required("learners.edit")
def learner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The careers leader corrects a learner's details; the model's rules are checked first."""
    learner = _learner(request, pk)
    form = LearnerDetailsForm(request.POST or None, instance=learner)
    if request.method == "POST" and form.is_valid():
        try:
            school_services.learner_update(
                learner=Learner.objects.get(pk=learner.pk), by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Details of {learner} saved.")
            return redirect("insights:learner", pk=learner.pk)
    return render(request, "insights/learner_edit.html", {"learner": learner, "form": form})


@capability_required("learners.edit")
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about one learner as a zip (a subject access request); leader only."""
    learner = _learner(request, pk)
    response = HttpResponse(learner_archive(learner), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="learner-{learner.pk}.zip"'
    return response


# --- Dashboards ---------------------------------------------------------------------------------


@capability_required("dashboards.view")
@kept_page
def dashboard(request: HttpRequest) -> HttpResponse:
    """How careers is going here: SLT and the leader see the figures, governors "c" for small
    groups and no learner anywhere (one page, the rule in disclosure.py)."""
    suppress = suppresses_for(request.membership.role)
    board = figures.dashboard(request.membership.institution, today(), suppress=suppress)
    return render(request, "insights/dashboard.html", {"board": board})


@capability_required("dashboards.view")
@kept_page
def governor_questions(request: HttpRequest) -> HttpResponse:
    """The questions governors are told to ask, each answered with its evidence and date."""
    board = figures.question_figures(request.membership.institution, today())
    return render(
        request,
        "insights/questions.html",
        {"board": board, "answers": questions.answers(board)},
    )


@capability_required("dashboards.view")
def trust(request: HttpRequest) -> HttpResponse:
    """The institutions of the trust this person works in, side by side; never a learner."""
    institution = request.membership.institution
    memberships = []
    if institution.trust_id:
        memberships = [
            m
            for m in Membership.objects.active()
            .filter(user=request.user, institution__trust_id=institution.trust_id)
            .select_related("institution")
            .order_by("institution__name")
            if role_can(m.role, "dashboards.view")
        ]
    day = today()
    rows = [(m, figures.dashboard(m.institution, day, suppress=True)) for m in memberships]
    return render(request, "insights/trust.html", {"rows": rows, "trust": institution.trust})


# --- Measures of objectives ---------------------------------------------------------------------


def _objective(request: HttpRequest, pk: int) -> Objective:
    return get_for_institution(request, Objective.objects.select_related("plan"), pk=pk)


@capability_required("plans.view")
def objective_measures(request: HttpRequest, pk: int) -> HttpResponse:
    """An objective's measures, each with its live value; the leader adds and removes them."""
    objective = _objective(request, pk)
    can_edit = role_can(request.membership.role, "plans.edit")
    form = MeasureForm(request.POST or None, institution=request.membership.institution)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Only the careers leader changes measures.")
        if form.is_valid():
            try:
                services.measure_create(objective=objective, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Measure added.")
                return redirect("insights:measures", pk=objective.pk)
    found = list(Measure.objects.filter(objective=objective))
    lines = live_measures.lines_for(
        found,
        request.membership.institution,
        today(),
        suppress=suppresses_for(request.membership.role),
    )
    return render(
        request,
        "insights/measures.html",
        {"objective": objective, "lines": lines, "form": form, "can_edit": can_edit},
    )


@require_POST
@capability_required("plans.edit")
def measure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_for_institution(request, Measure.objects.select_related("objective"), pk=pk)
    objective_pk = measure.objective_id
    services.measure_delete(measure=measure, by=request.user)
    messages.success(request, "Measure removed.")
    return redirect("insights:measures", pk=objective_pk)


# --- The local authority's NEET figure ----------------------------------------------------------


@capability_required("destinations.edit")
def local_neet(request: HttpRequest) -> HttpResponse:
    """The careers leader enters the local authority's NEET share, for governors to compare."""
    institution = request.membership.institution
    last_year = year_starting(figures.year_of(today()).start_year - 1)
    form = LocalNeetForm(request.POST or None, initial={"academic_year": last_year})
    if request.method == "POST" and form.is_valid():
        try:
            services.local_neet_save(institution=institution, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Local authority NEET figure saved.")
            return redirect("insights:local_neet")
    rows = LocalNeetFigure.objects.for_institution(institution).select_related("academic_year")
    return render(request, "insights/local_neet.html", {"form": form, "rows": rows})


# --- The annual impact report -------------------------------------------------------------------


def _reports(request: HttpRequest):
    return AnnualReport.objects.for_institution(request.membership.institution).select_related(
        "academic_year", "requested_by"
    )


@capability_required("reports.view")
def reports(request: HttpRequest) -> HttpResponse:
    """Every year's reports, the one building with its progress, and (leader, SLT) a build."""
    all_reports = list(_reports(request))
    active = [r for r in all_reports if r.is_active]
    # The fragment names the reports it watches, so a build that finishes between two polls
    # says so (ready with its link, or failed with why) rather than just disappearing.
    watched = {value for value in request.GET.getlist("watch") if value.isdigit()}
    finished = [r for r in all_reports if str(r.pk) in watched and not r.is_active]
    this_year = figures.year_of(today())
    form = BuildForm(initial={"academic_year": this_year})
    context = {
        "reports": all_reports,
        "active": active,
        "finished": finished,
        "watch_query": "&".join(f"watch={r.pk}" for r in active),
        "form": form,
        "can_build": role_can(request.membership.role, "reports.build"),
    }
    if request.htmx and request.GET.get("fragment") == "progress":
        return render(request, "insights/reports.html#progress", context)
    return render(request, "insights/reports.html", context)


@require_POST
@capability_required("reports.build")
def report_build(request: HttpRequest) -> HttpResponse:
    """Ask for a build now; a build already waiting or running for that year is joined."""
    form = BuildForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the academic year of the report.")
        return redirect("insights:reports")
    report, joined = services.report_request(
        institution=request.membership.institution,
        academic_year=form.cleaned_data["academic_year"],
        by=request.user,
    )
    messages.info(
        request,
        f"The {report.academic_year} report is already being built: this page shows its progress."
        if joined
        else f"The {report.academic_year} report is being built: this page shows its progress.",
    )
    return redirect("insights:reports")


@require_POST
@capability_required("reports.build")
def report_retry(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_for_institution(request, AnnualReport, pk=pk)
    if report.status not in (AnnualReport.Status.NOT_QUEUED, AnnualReport.Status.FAILED):
        messages.info(request, "That report does not need a retry.")
        return redirect("insights:reports")
    services.report_retry(report=report, by=request.user)
    messages.info(request, f"Trying the {report.academic_year} report again.")
    return redirect("insights:reports")


@capability_required("reports.view")
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    """The stored PDF; each download is logged."""
    report = get_for_institution(request, _reports(request), pk=pk)
    if report.status != AnnualReport.Status.READY or not report.file:
        raise Http404("That report is not ready.")
    services.report_download_record(report=report, by=request.user)
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.filename,
        content_type="application/pdf",
    )

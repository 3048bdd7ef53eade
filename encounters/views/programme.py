"""The careers programme: the learning journey, its activities, the PDF and the outcomes audit.

The journey is built in place, as the SWOT is: adding, changing, moving and removing an activity
swap the journey fragment (`programme.html#journey`) with htmx; without JavaScript the same
views answer with whole pages and redirects.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from benchmarks.selectors import CdiLearningArea
from careers_portal.accounts.permissions import capability_required, get_for_institution, role_can
from careers_portal.kept_pages import kept_page
from careers_portal.locking import EditConflict, conflict_page
from careers_portal.schools.models import AcademicYear, HalfTerm
from careers_portal.schools.selectors import year_starting
from careers_portal.schools.services import academic_year_ensure
from encounters import programme, selectors, services
from encounters.forms import PlannedActivityForm, ProgrammeFilterForm
from encounters.models import PlannedActivity
from encounters.views._helpers import add_errors, today


def _academic_year(request: HttpRequest) -> AcademicYear:
    """The year asked for (?year=2026), this academic year by default; this year and the next
    always exist, an older one only if it was recorded."""
    current = AcademicYear.start_year_for(today())
    raw = str(request.POST.get("year") or request.GET.get("year") or "").strip()
    start = int(raw) if raw.isdigit() and len(raw) == 4 else current
    if start in (current, current + 1):
        return academic_year_ensure(start_year=start)
    year = year_starting(start)
    if year is None:
        raise Http404("There is no academic year with that start.")
    return year


def _journey_url(year: AcademicYear, anchor: str = "") -> str:
    return f"{reverse('encounters:programme')}?year={year.start_year}{anchor}"


def _filters(request: HttpRequest) -> tuple[ProgrammeFilterForm, selectors.ProgrammeFilters]:
    """The journey's filters, from the query (or the posted copy an htmx change includes).

    A champion opens the journey at their own department's activities."""
    institution = request.membership.institution
    data = request.POST if request.method == "POST" else request.GET
    data = data.copy()
    membership = request.membership
    if (
        "dept" not in data
        and membership.department_id
        and not role_can(membership.role, "encounters.edit_any")
        and role_can(membership.role, "encounters.log")
    ):
        data["dept"] = str(membership.department_id)
    form = ProgrammeFilterForm(data, institution=institution)
    if not form.is_valid():
        # A filter that is not one of ours shows everything, and the form says which was wrong.
        return form, selectors.ProgrammeFilters()
    return form, selectors.ProgrammeFilters(
        benchmark=form.cleaned_data["benchmark"],
        outcome=form.cleaned_data["outcome"] or "",
        department=form.cleaned_data["dept"],
    )


def _years_offered(institution) -> list[AcademicYear]:
    current = AcademicYear.start_year_for(today())
    years = {y.start_year: y for y in selectors.programme_years(institution)}
    for start in (current, current + 1):
        if start not in years:
            years[start] = academic_year_ensure(start_year=start)
    return [years[start] for start in sorted(years, reverse=True)]


def _journey_context(request: HttpRequest, year: AcademicYear, **extra) -> dict:
    institution = request.membership.institution
    filter_form, filters = _filters(request)
    rows = selectors.programme_by_year_group(
        institution=institution, academic_year=year, today=today(), filters=filters
    )
    membership = request.membership
    current = AcademicYear.start_year_for(today())
    return {
        "year": year,
        "years": _years_offered(institution),
        "is_current": year.start_year == current,
        "next_year_name": f"{year.start_year + 1}/{(year.start_year + 2) % 100:02d}",
        "rows": rows,
        "counts": selectors.programme_counts(rows),
        "half_terms": HalfTerm.Number.choices,
        "year_groups": institution.year_groups,
        "filter_form": filter_form,
        "filters": filters,
        "templates": programme.TEMPLATES.values(),
        # Whose activities this person logs: every department's (None) or their own.
        "logs_any": role_can(membership.role, "encounters.edit_any"),
        "log_department": membership.department_id,
        "statuses": programme.ACTIVITY_STATUSES,
        **extra,
    }


def _journey(request: HttpRequest, year: AcademicYear, *, status: int = 200, **extra):
    template = "encounters/programme.html"
    if request.htmx:
        template += "#journey"
    return render(request, template, _journey_context(request, year, **extra), status=status)


def _answer(request: HttpRequest, year: AcademicYear, *, done="", problem="", moved=None):
    """After a change: the journey swapped in place (htmx) saying what happened, or a redirect
    to it with the same words as a message."""
    if request.htmx:
        return _journey(request, year, done=done, problem=problem, moved=moved)
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, done)
    return redirect(_journey_url(year, "#journey"))


@capability_required("programme.view")
@kept_page(params=("year", "benchmark", "outcome", "dept"))
def programme_journey(request: HttpRequest) -> HttpResponse:
    """The learning journey: year groups down, half terms across."""
    return _journey(request, _academic_year(request))


@capability_required("programme.view")
def programme_pdf(request: HttpRequest) -> HttpResponse:
    """The journey as a PDF a school can put on its website (no learner data in it)."""
    from encounters.pdf import journey_pdf

    year = _academic_year(request)
    context = _journey_context(request, year)
    body = journey_pdf(request.membership.institution, context)
    response = HttpResponse(body, content_type="application/pdf")
    filename = f"careers-programme-{year.start_year}-{(year.start_year + 1) % 100:02d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _initial_from_query(request: HttpRequest, institution) -> dict:
    """What "Add an activity" in a cell, or "Plan an activity here" on a gap, starts with."""
    initial: dict = {}
    year_group = request.GET.get("year_group", "")
    if year_group.isdigit() and int(year_group) in institution.year_groups:
        initial["year_groups"] = [int(year_group)]
    half_term = request.GET.get("half_term", "")
    if half_term.isdigit() and int(half_term) in HalfTerm.Number.values:
        initial["half_term"] = int(half_term)
    kind, _, value = request.GET.get("outcome", "").partition(":")
    if kind == "cdi" and value:
        areas = CdiLearningArea.objects.filter(code=value)
        if initial.get("year_groups"):
            areas = areas.filter(stage=programme.cdi_stage_for(initial["year_groups"][0]))
        initial["cdi_areas"] = list(areas.values_list("pk", flat=True))
    elif kind == "skill" and value.isdigit():
        initial["skills"] = [int(value)]
    return initial


def _editor(request, year, form, *, activity=None, status=200):
    """The activity form: in the journey (htmx) or as a page of its own."""
    context = {"form": form, "activity": activity, "editing": True}
    if request.htmx:
        return _journey(request, year, status=status, **context)
    return render(
        request, "encounters/activity_form.html", {"year": year, **context}, status=status
    )


@capability_required("programme.edit")
def activity_create(request: HttpRequest) -> HttpResponse:
    institution = request.membership.institution
    year = _academic_year(request)
    form = PlannedActivityForm(
        request.POST or None,
        institution=institution,
        initial=_initial_from_query(request, institution),
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                institution=institution, academic_year=year, by=request.user, **form.model_data()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            done = f"'{activity.title}' added to the {year.name} programme."
            return _answer(request, year, done=done, moved=activity.pk)
    return _editor(request, year, form)


def _activity(request: HttpRequest, pk: int) -> PlannedActivity:
    return get_for_institution(
        request, PlannedActivity.objects.select_related("academic_year", "institution"), pk=pk
    )


@capability_required("programme.edit")
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    year = activity.academic_year
    form = PlannedActivityForm(
        request.POST or None, instance=activity, institution=request.membership.institution
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                activity=activity, expected_version=form.opened_at(), **form.model_data()
            )
        except EditConflict as conflict:
            template = "encounters/activity_form.html"
            context = {"year": year, "activity": conflict.saved, "editing": True}
            if request.htmx:
                template = "encounters/programme.html#journey"
                context = _journey_context(request, year, **context)
            return conflict_page(
                request,
                conflict=conflict,
                form=form,
                yours=form.model_data(),
                template=template,
                context=context,
                what="this activity",
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _answer(request, year, done=f"'{activity.title}' saved.", moved=activity.pk)
    return _editor(request, year, form, activity=activity)


def _int(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() else None


@require_POST
@capability_required("programme.edit")
def activity_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an activity to another cell: another half term, or another year group."""
    activity = _activity(request, pk)
    year = activity.academic_year
    half_term = _int(request.POST.get("half_term")) or activity.half_term
    from_year_group = _int(request.POST.get("from_year_group"))
    to_year_group = _int(request.POST.get("to_year_group"))
    problem = ""
    try:
        services.activity_move(
            activity=activity,
            half_term=half_term,
            from_year_group=from_year_group,
            to_year_group=to_year_group,
        )
    except (ValidationError, EditConflict) as error:
        problem = (
            "; ".join(error.messages)
            if isinstance(error, ValidationError)
            else "Someone changed this activity just now: look again and move it if you still "
            "want to."
        )
    done = "" if problem else f"'{activity.title}' moved to {activity.when_label}."
    return _answer(request, year, done=done, problem=problem, moved=activity.pk)


@require_POST
@capability_required("programme.edit")
def activity_remove(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    year = activity.academic_year
    title = activity.title
    try:
        services.activity_delete(activity=activity)
    except ValidationError as error:
        problem, done = " ".join(error.messages), ""
    else:
        problem, done = "", f"'{title}' taken out of the programme."
    return _answer(request, year, done=done, problem=problem)


@capability_required("programme.view")
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One planned activity: when, for whom, what for, and the encounters that delivered it."""
    activity = _activity(request, pk)
    summary, encounters = selectors.planned_activity(activity, today())
    membership = request.membership
    can_log = role_can(membership.role, "encounters.log") and (
        role_can(membership.role, "encounters.edit_any")
        or (
            activity.department_id is not None
            and activity.department_id == membership.department_id
        )
    )
    return render(
        request,
        "encounters/activity_detail.html",
        {
            "activity": activity,
            "summary": summary,
            "delivering": encounters,
            "can_log": can_log,
            "criteria": list(activity.meaningful_criteria.all()),
        },
    )


@require_POST
@capability_required("programme.edit")
def programme_template(request: HttpRequest) -> HttpResponse:
    """Start the year's programme from one of the two templates."""
    year = _academic_year(request)
    try:
        created = services.programme_apply_template(
            institution=request.membership.institution,
            academic_year=year,
            key=request.POST.get("template", ""),
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if created:
            messages.success(
                request,
                f"{len(created)} activities added to the {year.name} programme. Change, move or "
                "remove them to fit your school.",
            )
        else:
            messages.info(request, "Every activity of that template is already in the programme.")
    return redirect(_journey_url(year))


@require_POST
@capability_required("programme.edit")
def programme_copy(request: HttpRequest) -> HttpResponse:
    """Copy this year's programme into the next (activities without their delivery)."""
    year = _academic_year(request)
    following = academic_year_ensure(start_year=year.start_year + 1)
    copies = services.programme_copy_forward(
        institution=request.membership.institution,
        from_year=year,
        to_year=following,
        by=request.user,
    )
    if copies:
        messages.success(
            request,
            f"{len(copies)} activities copied into {following.name}, without their delivery.",
        )
    else:
        messages.info(request, f"Every activity of {year.name} is already in {following.name}.")
    return redirect(_journey_url(following))


@capability_required("programme.view")
@kept_page(params=("year", "show"))
def programme_audit(request: HttpRequest) -> HttpResponse:
    """The learning outcomes audit of the programme: planned, delivered, or a gap."""
    year = _academic_year(request)
    audit = selectors.programme_audit(
        institution=request.membership.institution, academic_year=year, today=today()
    )
    gaps_only = request.GET.get("show") == "gaps"
    return render(
        request,
        "encounters/programme_audit.html",
        {
            "year": year,
            "years": _years_offered(request.membership.institution),
            "audit": audit,
            "gaps_only": gaps_only,
        },
    )


def logs_activity(request: HttpRequest, activity: PlannedActivity) -> bool:
    """The leader logs any planned activity; a champion those of their own department."""
    role = request.membership.role
    if not role_can(role, "encounters.log"):
        return False
    if role_can(role, "encounters.edit_any"):
        return True
    department_id = request.membership.department_id
    return department_id is not None and activity.department_id == department_id


def activity_for_logging(request: HttpRequest, pk) -> PlannedActivity:
    """The planned activity an encounter is logged from: 404 outside the institution, 403 when a
    champion would log another department's."""
    activity = get_for_institution(request, PlannedActivity, pk=pk)
    if not logs_activity(request, activity):
        raise PermissionDenied("Champions log the planned activities of their own department.")
    return activity

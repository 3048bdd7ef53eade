"""Term dates per institution, and "Start the new academic year": preview, then apply at once."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from careers_portal import uploads
from careers_portal.accounts.permissions import capability_required
from careers_portal.dates import today
from careers_portal.schools import learner_import, selectors, services, year_start
from careers_portal.schools.forms import NewYearRollForm, TermDatesForm
from careers_portal.schools.models import AcademicYear

ROLL_KEY = "new_year_roll"


def _term_years(day) -> list[int]:
    """This academic year and the next, whose dates can be set (next year's before it starts)."""
    current = AcademicYear.start_year_for(day)
    return [current, current + 1]


@capability_required("learners.term_dates")
def term_dates(request: HttpRequest) -> HttpResponse:
    """One year's six half terms, this year's or next year's, England's dates until changed."""
    institution = request.membership.institution
    years = _term_years(today())
    try:
        start_year = int(request.GET.get("year") or years[0])
    except ValueError:
        start_year = -1
    if start_year not in years:
        raise Http404("Term dates can be set for this academic year and the next.")
    academic_year = services.academic_year_ensure(start_year=start_year)
    dates, own = selectors.term_dates(institution, academic_year)
    form = TermDatesForm(request.POST or None, academic_year=academic_year, initial_dates=dates)
    if request.method == "POST" and form.is_valid():
        try:
            services.term_dates_save(
                institution=institution, academic_year=academic_year, dates=form.dates()
            )
        except ValidationError as problem:
            for message in problem.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Term dates for {academic_year} saved.")
            return redirect(f"{request.path}?year={start_year}")
    choices = [services.academic_year_ensure(start_year=year) for year in years]
    return render(
        request,
        "schools/term_dates.html",
        {"form": form, "academic_year": academic_year, "own": own, "years": choices},
    )


def _roll(request: HttpRequest):
    """(dataset, mapping) of next year's roll uploaded here, None without one; problems in words."""
    stored = request.session.get(ROLL_KEY)
    content = uploads.peek_upload(stored)
    if content is None:
        return None, ""
    try:
        dataset = learner_import.read(content, stored["fmt"])
    except uploads.UnreadableTable as problem:
        return None, str(problem)
    institution = request.membership.institution
    mapping = learner_import.suggested_mapping(institution, list(dataset.headers))
    problems = learner_import.mapping_problems(mapping)
    if problems:
        return None, (
            "The columns of the file cannot be read yet: "
            + " ".join(problems)
            + " Import a roll once through Import from your MIS to set them, then upload again."
        )
    return (dataset, mapping), ""


def _staying_on(request: HttpRequest) -> set[int]:
    values = (
        request.POST.getlist("stay") if request.method == "POST" else request.GET.getlist("stay")
    )
    return {int(value) for value in values if value.isdigit() and len(value) < 12}


@capability_required("learners.new_year")
def new_year_page(request: HttpRequest) -> HttpResponse:
    """Everything starting the year would do, with counts and the lists behind them."""
    institution = request.membership.institution
    day = today()
    offered = year_start.years_offered(institution, day)
    context = {
        "offered": offered,
        "next_offered_on": year_start.next_offered_on(day),
        "roll_form": NewYearRollForm(),
        "history": institution.new_year_runs.select_related("academic_year", "applied_by")[:5],
    }
    if offered is not None:
        use_roll = request.GET.get("source") == "mis"
        roll, roll_problem = _roll(request) if use_roll else (None, "")
        staying_on = _staying_on(request)
        preview = year_start.new_year_preview(
            institution=institution,
            from_start=offered[0],
            to_start=offered[1],
            staying_on=staying_on,
            roll=roll,
        )
        dates, own = selectors.term_dates(institution, preview.to_year)
        context.update(
            preview=preview,
            staying_on=staying_on,
            use_roll=roll is not None,
            roll_problem=roll_problem,
            to_year_dates=sorted(dates.items()),
            own_dates=own,
        )
    return render(request, "schools/new_year.html", context)


@require_POST
@capability_required("learners.new_year")
def new_year_roll(request: HttpRequest) -> HttpResponse:
    """Next year's roll from the MIS: kept in storage until the year is started with it."""
    form = NewYearRollForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        fmt = uploads.format_of(upload.name)
        content = upload.read()
        try:
            learner_import.read(content, fmt)
        except uploads.UnreadableTable as problem:
            messages.error(request, str(problem))
        else:
            uploads.forget_upload(request.session.pop(ROLL_KEY, None))
            request.session[ROLL_KEY] = uploads.keep_upload(content, fmt).as_session_value()
            return redirect(reverse("learners:new_year") + "?source=mis")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("learners:new_year")


@require_POST
@capability_required("learners.new_year")
def new_year_apply(request: HttpRequest) -> HttpResponse:
    """Start the year in one transaction; say what it did, or that nothing changed and why."""
    institution = request.membership.institution
    offered = year_start.years_offered(institution, today())
    if offered is None:
        messages.error(request, "Starting a new academic year is offered from 1 July.")
        return redirect("learners:new_year")
    roll = None
    if request.POST.get("source") == "mis":
        roll, problem = _roll(request)
        if roll is None:
            messages.error(
                request, problem or "There is no uploaded roll (an upload waits 6 hours)."
            )
            return redirect("learners:new_year")
    try:
        outcome = year_start.new_year_apply(
            institution=institution,
            from_start=offered[0],
            to_start=offered[1],
            by=request.user,
            staying_on=_staying_on(request),
            roll=roll,
        )
    except year_start.NewYearProblem as problem:
        messages.error(request, str(problem))
        return redirect("learners:new_year")
    if roll is not None:
        uploads.forget_upload(request.session.pop(ROLL_KEY, None))
    if outcome.already_started:
        messages.info(
            request,
            f"{outcome.to_year} was started already: nothing about the learners changed again.",
        )
    else:
        done = "; ".join(
            f"{section.name}: {change.label}: {change.count}"
            for section in outcome.sections
            for change in section.changes
            if change.count
        )
        messages.success(request, f"{outcome.to_year} has started. {done}.")
    return redirect("learners:new_year")

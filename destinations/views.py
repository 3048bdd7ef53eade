"""Destinations: one learner's records, and the figures of a leaver cohort."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from careers_portal.accounts.permissions import capability_required, get_for_institution
from careers_portal.disclosure import suppresses_for
from careers_portal.kept_pages import kept_page, live_part
from careers_portal.pagination import page_of
from careers_portal.schools.models import AcademicYear, Learner
from careers_portal.schools.selectors import year_starting
from careers_portal.schools.services import academic_year_ensure
from destinations import selectors, services
from destinations.forms import DestinationForm, YearForm
from destinations.models import Category


def _this_year() -> AcademicYear:
    return academic_year_ensure(start_year=AcademicYear.start_year_for(timezone.localdate()))


def _learner_page(request, learner, form) -> HttpResponse:
    return render(
        request,
        "destinations/learner.html",
        {"learner": learner, "records": selectors.records_of(learner), "form": form},
    )


@capability_required("destinations.view")
def learner_destinations(request: HttpRequest, pk: int) -> HttpResponse:
    """A learner's aspirations, intended, actual and sustained destinations by year."""
    learner = get_for_institution(
        request, Learner.objects.filter(anonymised_at__isnull=True), pk=pk
    )
    form = DestinationForm(initial={"academic_year": _this_year()})
    return _learner_page(request, learner, form)


@require_POST
@capability_required("destinations.edit")
def destination_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record one stage for the learner; recording it again replaces it (history keeps the old)."""
    learner = get_for_institution(
        request, Learner.objects.filter(anonymised_at__isnull=True), pk=pk
    )
    form = DestinationForm(request.POST)
    if not form.is_valid():
        return _learner_page(request, learner, form)  # what was typed comes back with the errors
    data = form.cleaned_data
    record = services.destination_record(
        learner=learner,
        academic_year=data["academic_year"],
        stage=data["stage"],
        by=request.user,
        category=data["category"],
        nccis_code=data["nccis_code"],
        provider=data["provider"],
        level=data["level"],
        date=data["date"],
        source=data["source"],
    )
    messages.success(request, f"{record.get_stage_display()} recorded for {learner}.")
    return redirect("destinations:learner", pk=learner.pk)


FOLLOW_UP_PER_PAGE = 50


def _cohort_asked(request: HttpRequest):
    """(the year form, the cohort's summary as this person may see it) for ?year=; worked out
    once per request, as the page and its live part both ask."""
    if not hasattr(request, "destinations_cohort_asked"):
        request.destinations_cohort_asked = _cohort_for(request)
    return request.destinations_cohort_asked


def _cohort_for(request: HttpRequest):
    this_year = _this_year()
    form = YearForm(request.GET or None, initial={"year": this_year})
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or this_year
    summary = selectors.cohort_summary(
        request.membership.institution,
        year,
        current=year.pk == this_year.pk,
        suppress=suppresses_for(request.membership.role),
    )
    return form, summary


def _follow_up_part(request: HttpRequest) -> str:
    """The leavers to follow up, by name: made for every answer, never kept with the page."""
    _form, summary = _cohort_asked(request)
    follow_up = page_of(request, summary.follow_up, FOLLOW_UP_PER_PAGE)
    return render_to_string(
        "destinations/_follow_up.html", {"follow_up": follow_up}, request=request
    )


@capability_required("destinations.summary")
@kept_page(params=("year",), live={"follow-up": _follow_up_part}, live_params=("page",))
def summary(request: HttpRequest) -> HttpResponse:
    """A leaver cohort's destinations beside the year before; small groups "c" for governors."""
    form, current = _cohort_asked(request)
    year, suppress = current.year, current.suppress
    institution = request.membership.institution
    previous_year = year_starting(year.start_year - 1)
    previous = (
        selectors.cohort_summary(institution, previous_year, current=False, suppress=suppress)
        if previous_year
        else None
    )
    rows = [
        (label, figure, previous.rows[index][1] if previous else None)
        for index, (label, figure) in enumerate(current.rows)
    ]
    return render(
        request,
        "destinations/summary.html",
        {
            "form": form,
            "summary": current,
            "previous": previous,
            "rows": rows,
            "suppress": suppress,
            "chart": selectors.category_chart(current),
            "follow_up_part": live_part("follow-up"),
        },
    )


# The grid's choice of destination; an empty one means "not asked yet" and saves nothing.
GRID_CHOICES = [("", "Not recorded yet"), *Category.choices]


def _grid_year_group(request: HttpRequest) -> int:
    value = request.GET.get("year_group", "")
    return int(value) if value in {str(y) for y in Learner.YEAR_GROUP_NUMBERS} else 11


@capability_required("destinations.edit")
def intended_grid(request: HttpRequest) -> HttpResponse:
    """A leaving year group's intended destinations on one page; each row saves as it is left."""
    return _grid_page(request, _grid_year_group(request))


def _grid_page(request: HttpRequest, year_group: int, typed: dict | None = None) -> HttpResponse:
    """The grid; `typed` is one row as the user sent it (pk, category, provider, error), shown
    again as typed beside its error when a save without JavaScript could not be made."""
    year = _this_year()
    learners = selectors.grid_rows(request.membership.institution, year, year_group)
    return render(
        request,
        "destinations/grid.html",
        {
            "learners": learners,
            "year_group": year_group,
            "year": year,
            "categories": GRID_CHOICES,
            "year_groups": request.membership.institution.year_groups,
            "typed": typed,
        },
    )


@require_POST
@capability_required("destinations.edit")
def intended_grid_save(request: HttpRequest, pk: int) -> HttpResponse:
    """One row of the grid: the learner's intended destination this year, saved on its own."""
    learner = get_for_institution(
        request, Learner.objects.filter(anonymised_at__isnull=True), pk=pk
    )
    category = request.POST.get("category", "")
    provider = request.POST.get("provider", "").strip()[:200]
    error = ""
    year = _this_year()
    if category and category in Category.values:
        services.destination_record(
            learner=learner,
            academic_year=year,
            stage="intended",
            by=request.user,
            category=category,
            provider=provider,
        )
    elif category or provider:
        error = "Choose a destination for this learner before the provider."
    if request.htmx:
        # Only the row's status goes back: the fields in the browser are the user's, and may
        # already hold more than this request carried (a change queued behind it saves that).
        return render(
            request,
            "destinations/grid.html#status",
            {"learner": learner, "saved": not error, "error": error},
        )
    if error:
        typed = {"pk": learner.pk, "category": category, "provider": provider, "error": error}
        return _grid_page(request, learner.year_group, typed)
    messages.success(request, f"Saved {learner}'s intended destination.")
    return redirect(f"{reverse('destinations:grid')}?year_group={learner.year_group}")


@capability_required("destinations.view")
def to_confirm(request: HttpRequest) -> HttpResponse:
    """Last summer's Year 11 leavers: what they intended, and whether the actual one is known."""
    institution = request.membership.institution
    this_year = _this_year()
    form = YearForm(request.GET or None, initial={"year": this_year})
    chosen = form.cleaned_data.get("year") if form.is_valid() else None
    # From September the list is of the year just ended; in July and August of this one.
    year = (
        chosen
        or (year_starting(this_year.start_year - 1) if timezone.localdate().month >= 9 else None)
        or this_year
    )
    rows = selectors.to_confirm(institution, year)
    labels = dict(Category.choices)
    for row in rows:
        row.intended_label = labels.get(row.intended_category, "")
        row.actual_label = labels.get(row.actual_category or "", "")
    return render(
        request,
        "destinations/to_confirm.html",
        {
            "form": form,
            "year": year,
            "rows": rows,
            "confirmed": sum(1 for row in rows if row.actual_category),
        },
    )

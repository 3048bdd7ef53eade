"""Benchmark pages: self-assessments, the maturity review and the annual checklist.

Everyone in the institution reads them; only the careers leader (benchmarks.edit) changes them.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from benchmarks import checklist_notes, evidence, follow_ups, selectors, services
from benchmarks.forms import (
    AssessmentStartForm,
    BenchmarkAnswersForm,
    ChecklistEntryForm,
    ChecklistForm,
    MaturityResponseForm,
    ReviewStartForm,
    StatementTextForm,
)
from benchmarks.models import (
    Benchmark,
    Criterion,
    MaturityReview,
    MaturityStatement,
    SelfAssessment,
)
from careers_portal import charts, rag
from careers_portal.accounts.permissions import capability_required, get_for_institution
from careers_portal.forms import add_errors
from careers_portal.kept_pages import kept_page
from careers_portal.schools.models import AcademicYear
from careers_portal.schools.services import academic_year_ensure


def _today() -> dt.date:
    return timezone.localdate()


def _rollback_and_show(form, error: ValidationError) -> None:
    # ATOMIC_REQUESTS wraps the view: undo any partial write before the page is shown again.
    transaction.set_rollback(True)
    add_errors(form, error)


def _trend_chart(trend: list[selectors.AssessmentScores]):
    if not trend:
        return None
    labels = [date_format(item.assessment.assessed_on, "j M Y") for item in trend]
    series = [
        charts.Series(f"BM{number}", [item.scores[number - 1].percent for item in trend])
        for number in range(1, 9)
    ]
    return charts.line_chart(
        title="Benchmark scores across self-assessments",
        desc=(
            f"Share of criteria met for each of the eight Gatsby Benchmarks in the last "
            f"{len(trend)} self-assessment{'s' if len(trend) != 1 else ''}, from "
            f"{labels[0]} to {labels[-1]}. The same figures are in the table below."
        ),
        x_labels=labels,
        series=series,
    )


@capability_required("benchmarks.view")
def index(request: HttpRequest) -> HttpResponse:
    institution = request.membership.institution
    checklist = selectors.checklist_years(institution, _current_year())[0]
    return render(
        request,
        "benchmarks/index.html",
        {
            "latest": selectors.latest_scores(institution),
            "review": selectors.reviews(institution).first(),
            "checklist": checklist,
        },
    )


# --- Self-assessment ------------------------------------------------------------------------


@capability_required("benchmarks.view")
def assessment_list(request: HttpRequest) -> HttpResponse:
    institution = request.membership.institution
    trend = selectors.trend(institution)
    return render(
        request,
        "benchmarks/assessment_list.html",
        {
            "assessments": list(selectors.assessments(institution)),
            "trend": trend,
            "chart": _trend_chart(trend),
        },
    )


@capability_required("benchmarks.edit")
def assessment_create(request: HttpRequest) -> HttpResponse:
    institution = request.membership.institution
    last = selectors.assessments(institution).first()
    form = AssessmentStartForm(
        request.POST or None,
        can_copy=last is not None,
        initial={"assessed_on": _today(), "version": last.version if last else "2025"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                institution=institution, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _rollback_and_show(form, error)
        else:
            messages.success(request, "Self-assessment started. Answer benchmark 1 first.")
            return redirect("benchmarks:assessment_benchmark", pk=assessment.pk, number=1)
    return render(request, "benchmarks/assessment_create.html", {"form": form, "last": last})


@capability_required("benchmarks.view")
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_for_institution(request, SelfAssessment, pk=pk)
    scores = selectors.scores_for([assessment])[assessment.pk]
    answered = selectors.criteria_with_answers(assessment)
    follow_ups.attach("criterion", [answer for _, answer in answered], request.membership)
    found = _evidence(request, assessment)
    by_benchmark: dict[int, list] = {}
    for criterion, answer in answered:
        by_benchmark.setdefault(criterion.benchmark.number, []).append(
            (criterion, answer, found.get(criterion.code, []))
        )
    chart = charts.bar_chart(
        title=f"Benchmark scores, {date_format(assessment.assessed_on, 'j F Y')}",
        desc=(
            "For each benchmark, our share of criteria met"
            + (
                " and, beside it, the official Compass percentage where entered."
                if any(score.compass is not None for score in scores)
                else "."
            )
            + " The same figures are in the table."
        ),
        categories=[f"BM{score.number}" for score in scores],
        series=[charts.Series("Our score (criteria met)", [s.percent for s in scores])]
        + (
            [charts.Series("Official Compass", [s.compass for s in scores])]
            if any(s.compass is not None for s in scores)
            else []
        ),
    )
    return render(
        request,
        "benchmarks/assessment_detail.html",
        {
            "assessment": assessment,
            "rows": [(score, by_benchmark.get(score.number, [])) for score in scores],
            "chart": chart,
            "not_answered": rag.NOT_ANSWERED,
        },
    )


def _evidence(request: HttpRequest, assessment: SelfAssessment, numbers=range(1, 9)):
    return selectors.criterion_evidence(
        assessment,
        institution=request.membership.institution,
        today=_today(),
        role=request.membership.role,
        benchmarks=numbers,
    )


@capability_required("benchmarks.edit")
@kept_page
def assessment_benchmark(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    assessment = get_for_institution(request, SelfAssessment, pk=pk)
    benchmark = get_object_or_404(Benchmark, version=assessment.version, number=number)
    criteria = selectors.criteria_with_answers(assessment, number)
    compass = selectors.compass_percentage(assessment, benchmark)
    form = BenchmarkAnswersForm(request.POST or None, criteria=criteria, compass=compass)
    if request.method == "POST" and form.is_valid():
        try:
            services.benchmark_answers_save(
                assessment=assessment,
                benchmark=benchmark,
                answers={
                    criterion_id: services.AnswerInput(status, evidence)
                    for criterion_id, (status, evidence) in form.answers().items()
                },
                compass_percentage=form.cleaned_data["compass_percentage"],
            )
        except ValidationError as error:
            _rollback_and_show(form, error)
        else:
            messages.success(request, f"Benchmark {number} saved.")
            if "previous" in request.POST and number > 1:
                return redirect("benchmarks:assessment_benchmark", pk=pk, number=number - 1)
            if number < 8 and "summary" not in request.POST:
                return redirect("benchmarks:assessment_benchmark", pk=pk, number=number + 1)
            return redirect(assessment)
    found = _evidence(request, assessment, [number])
    return render(
        request,
        "benchmarks/assessment_benchmark.html",
        {
            "assessment": assessment,
            "benchmark": benchmark,
            "form": form,
            "rows": [
                (criterion, status, notes, found.get(criterion.code, []))
                for criterion, status, notes in form.rows()
            ],
            "has_evidence": bool(found),
            "numbers": range(1, 9),
        },
    )


@require_POST
@capability_required("benchmarks.edit")
def use_evidence(request: HttpRequest, pk: int, number: int, criterion_pk: int) -> HttpResponse:
    """Add the live evidence's one-line summary to the notes being typed (nothing is saved)."""
    assessment = get_for_institution(request, SelfAssessment, pk=pk)
    criterion = get_object_or_404(
        Criterion,
        pk=criterion_pk,
        benchmark__version=assessment.version,
        benchmark__number=number,
        audience=assessment.audience,
    )
    notes = request.POST.get(f"evidence_{criterion.pk}", "")
    found = _evidence(request, assessment, [number]).get(criterion.code, [])
    for item in found:
        notes = evidence.with_summary(notes, item.summary)
    return render(
        request,
        "benchmarks/assessment_benchmark.html#evidence_notes",
        {"criterion": criterion, "notes": notes, "added": bool(found), "asked": True},
    )


# --- Maturity review ------------------------------------------------------------------------


@capability_required("benchmarks.view")
def review_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "benchmarks/review_list.html",
        {"reviews": list(selectors.reviews(request.membership.institution))},
    )


@capability_required("benchmarks.edit")
def review_create(request: HttpRequest) -> HttpResponse:
    form = ReviewStartForm(request.POST or None, initial={"reviewed_on": _today()})
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_start(
                institution=request.membership.institution, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _rollback_and_show(form, error)
        else:
            messages.success(request, "Review started. Answer the statements one at a time.")
            first = MaturityStatement.objects.first()
            return redirect("benchmarks:response_edit", pk=review.pk, code=first.code)
    return render(request, "benchmarks/review_create.html", {"form": form})


@capability_required("benchmarks.view")
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_for_institution(request, MaturityReview, pk=pk)
    rows = selectors.review_rows(review)
    follow_ups.attach("statement", [row.response for row in rows], request.membership)
    return render(
        request,
        "benchmarks/review_detail.html",
        {
            "review": review,
            "rows": rows,
            "areas": selectors.group_by_area(rows),
            "priorities": [row for row in rows if row.response and row.response.is_priority],
            "strengths": [row for row in rows if row.response and row.response.is_strength],
            "answered": sum(1 for row in rows if row.response),
            "levels": range(1, 5),
        },
    )


@capability_required("benchmarks.edit")
def response_edit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    review = get_for_institution(request, MaturityReview, pk=pk)
    statements = list(MaturityStatement.objects.all())
    statement = next((s for s in statements if s.code == code), None)
    if statement is None:
        raise Http404("No such statement.")
    index = statements.index(statement)
    response = selectors.response_for(review, statement)
    form = MaturityResponseForm(request.POST or None, instance=response)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_save(review=review, statement=statement, **form.cleaned_data)
        except ValidationError as error:
            _rollback_and_show(form, error)
        else:
            messages.success(request, f"{statement.code} {statement.title} saved.")
            if "previous" in request.POST and index > 0:
                target = statements[index - 1]
            elif "summary" not in request.POST and index + 1 < len(statements):
                target = statements[index + 1]
            else:
                return redirect(review)
            return redirect("benchmarks:response_edit", pk=review.pk, code=target.code)
    return render(
        request,
        "benchmarks/response_edit.html",
        {
            "review": review,
            "statement": statement,
            "wording": selectors.statement_wording(review.institution, statement),
            "form": form,
            "previous": statements[index - 1] if index > 0 else None,
            "next": statements[index + 1] if index + 1 < len(statements) else None,
            "position": index + 1,
            "count": len(statements),
        },
    )


@capability_required("benchmarks.edit")
def statement_text_edit(request: HttpRequest, code: str) -> HttpResponse:
    institution = request.membership.institution
    statement = get_object_or_404(MaturityStatement, code=code)
    wording = selectors.statement_wording(institution, statement)
    form = StatementTextForm(request.POST or None, instance=wording)
    if request.method == "POST" and form.is_valid():
        services.statement_text_save(
            institution=institution, statement=statement, **form.cleaned_data
        )
        messages.success(request, f"Your wording of {statement.code} is saved.")
        back = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            return redirect(back)
        return redirect("benchmarks:review_list")
    return render(
        request, "benchmarks/statement_text_edit.html", {"form": form, "statement": statement}
    )


# --- Annual checklist -----------------------------------------------------------------------


def _current_year() -> AcademicYear:
    return academic_year_ensure(start_year=AcademicYear.start_year_for(_today()))


@capability_required("benchmarks.view")
def checklist(request: HttpRequest) -> HttpResponse:
    year = _current_year()
    institution = request.membership.institution
    this_year, last_year = selectors.checklist_years(institution, year)
    items = list(selectors.checklist_items())
    entries = selectors.checklist_entries(institution, year)
    notes = checklist_notes.notes_for(institution=institution, academic_year=year, items=items)
    for item in items:
        item.entry = entries.get(item.number)
        item.notes = notes.get(item.number, [])
    return render(
        request,
        "benchmarks/checklist.html",
        {
            "items": items,
            "this_year": this_year,
            "last_year": last_year,
            "last_year_name": f"{year.start_year - 1}/{year.start_year % 100:02d}",
        },
    )


@capability_required("benchmarks.edit")
def checklist_edit(request: HttpRequest) -> HttpResponse:
    year = _current_year()
    institution = request.membership.institution
    this_year, _ = selectors.checklist_years(institution, year)
    items = list(selectors.checklist_items())
    form = ChecklistForm(
        request.POST or None,
        items=items,
        initial={"items": [str(item.pk) for item in items if item.number in this_year.done]},
    )
    if request.method == "POST" and form.is_valid():
        saved = services.checklist_save(
            institution=institution, academic_year=year, items=form.chosen()
        )
        total = saved.items_done.count()
        messages.success(request, f"Checklist for {year} saved: {total} of 20.")
        return redirect("benchmarks:checklist")
    return render(request, "benchmarks/checklist_edit.html", {"form": form, "year": year})


@capability_required("benchmarks.edit")
def checklist_item_edit(request: HttpRequest, number: int) -> HttpResponse:
    item = get_object_or_404(selectors.checklist_items(), number=number)
    year = _current_year()
    institution = request.membership.institution
    this_year, _ = selectors.checklist_years(institution, year)
    entry = selectors.checklist_entries(institution, year).get(number)
    initial = {"done": number in this_year.done}
    if entry is not None:
        initial |= {
            "planned": entry.planned,
            "evidence": entry.evidence,
            "actions_for_next_year": entry.actions_for_next_year,
        }
    form = ChecklistEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.checklist_entry_save(
            institution=institution, academic_year=year, item=item, **form.cleaned_data
        )
        messages.success(request, f"Item {item.number} saved for {year}.")
        return redirect(f"{reverse('benchmarks:checklist')}#item-{item.number}")
    notes = checklist_notes.notes_for(institution=institution, academic_year=year, items=[item])
    return render(
        request,
        "benchmarks/checklist_item_edit.html",
        {"form": form, "item": item, "year": year, "notes": notes.get(item.number, [])},
    )

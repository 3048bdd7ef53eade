"""Coverage of benchmarks 5-8, PAL, the learning outcomes audit, guidance and a learner's record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from careers_portal import disclosure
from careers_portal.accounts import services as account_services
from careers_portal.accounts.permissions import capability_required, get_for_institution
from careers_portal.kept_pages import kept_page
from careers_portal.pagination import page_of
from careers_portal.schools.models import Learner
from encounters import kept, panels, rules, selectors, services
from encounters.forms import GuidanceMeetingForm
from encounters.views._helpers import add_errors, today

NOT_COVERED_PER_PAGE = 100
GUIDANCE_PER_PAGE = 50


@capability_required("coverage.view")
@kept_page
def coverage(request: HttpRequest) -> HttpResponse:
    institution = request.membership.institution
    day = today()
    calendar = rules.calendar_for(day, institution)
    # The kept counts (encounters.kept): a few hundred rows, rebuilt first if not today's.
    groups = kept.groups(institution, day)
    context = {
        "by_year": rules.coverage_by_year_group(institution, calendar, groups),
        "by_cohort": rules.coverage_by_cohort(institution, calendar, groups),
        "benchmarks": rules.coverage_rules(institution),
        # Governors see aggregates only, small groups suppressed (DOMAIN 6).
        "suppress_small": not _sees_learners(request),
        "year_start": calendar.year_start,
        "summer_start": calendar.summer_start,
        "today": day,
        "is_college": institution.is_college,
    }
    return render(request, "encounters/coverage.html", context)


def _sees_learners(request) -> bool:
    """Who sees small groups' figures: the one rule of careers_portal/disclosure.py."""
    return not disclosure.suppresses_for(request.membership.role)


@capability_required("learners.record")
def not_covered(request: HttpRequest) -> HttpResponse:
    institution = request.membership.institution
    try:
        benchmark = int(request.GET.get("benchmark", "5"))
        year_group = int(request.GET["year_group"]) if request.GET.get("year_group") else None
    except ValueError as error:
        raise Http404("No such benchmark or year group.") from error
    account_services.record_learner_access(
        request,
        f"Learners not covered for benchmark {benchmark}"
        + (f", Year {year_group}" if year_group else ""),
    )
    if benchmark not in rules.COVERAGE_BENCHMARKS:
        raise Http404("Coverage is for benchmarks 5 to 8.")
    day = today()
    page = page_of(
        request,
        rules.not_covered(institution, day, benchmark=benchmark, year_group=year_group),
        NOT_COVERED_PER_PAGE,
    )
    learners = rules.not_covered_judged(
        institution,
        page.object_list,
        benchmark=benchmark,
        calendar=rules.calendar_for(day, institution),
    )
    context = {
        "learners": learners,
        "page": page,
        "benchmark": benchmark,
        "benchmark_title": rules.benchmark_titles()[benchmark],
        "year_group": year_group,
    }
    return render(request, "encounters/not_covered.html", context)


@capability_required("coverage.view")
def pal(request: HttpRequest) -> HttpResponse:
    institution = request.membership.institution
    day = today()
    context = {
        "phases": [] if institution.is_college else rules.pal_phases(institution, day),
        "deadline": rules.pal_deadline(day),
        "suppress_small": not _sees_learners(request),
    }
    return render(request, "encounters/pal.html", context)


@capability_required("coverage.view")
def outcomes(request: HttpRequest) -> HttpResponse:
    audit = selectors.outcomes_audit(request.membership.institution, today())
    return render(request, "encounters/outcomes.html", audit)


@capability_required("learners.record")
def guidance(request: HttpRequest) -> HttpResponse:
    institution = request.membership.institution
    account_services.record_learner_access(request, "Guidance meetings")
    learners = selectors.learners_for_guidance(institution)
    form = GuidanceMeetingForm(
        request.POST or None,
        learners=learners,
        initial={"date": today(), "learner": request.GET.get("learner")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        learner = data.pop("learner")
        try:
            services.guidance_meeting_record(
                learner=learner, by=request.user, today=today(), **data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Guidance meeting with {learner} recorded.")
            return redirect("encounters:guidance")
    find = request.GET.get("find", "").strip()[:100]
    found = list(selectors.learners_matching(institution, find)[:20]) if find else []
    page = page_of(request, learners, GUIDANCE_PER_PAGE)
    return render(
        request,
        "encounters/guidance.html",
        {
            "form": form,
            "chosen": form.chosen_learner(),
            "find": find,
            "found": found,
            "learners": page.object_list,
            "page": page,
        },
    )


@capability_required("learners.record")
def learner_record(request: HttpRequest, pk: int) -> HttpResponse:
    learner = get_for_institution(request, Learner, pk=pk)
    account_services.record_learner_access(request, f"Careers record of learner {learner.pk}")
    record = selectors.learner_record(learner)
    covered = rules.learner_coverage(learner, rules.calendar_for(today(), learner.institution))
    return render(
        request,
        "encounters/learner_record.html",
        {
            "learner": learner,
            "covered": covered,
            # What the apps beside us hold about the learner (surveys: career readiness).
            "panels": panels.learner_panels_for(learner=learner, role=request.membership.role),
            **record,
        },
    )

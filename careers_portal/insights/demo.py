"""Demo content for `seed_demo`: measures on the demo plan's objectives, and a built impact
report for last year (the receiver of `demo_institution_seeded`; idempotent)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from careers_portal.insights import services
from careers_portal.insights.models import AnnualReport, Measure
from careers_portal.schools.models import AcademicYear
from careers_portal.schools.services import academic_year_ensure
from destinations.models import Category
from plans import selectors as plans
from surveys.models import Question


def seed_demo_content(sender, institution, **kwargs) -> None:
    """Receiver: measures on the first objectives, then last year's report, each made once."""
    today = timezone.localdate()
    _measures(institution, today)
    _last_years_report(institution, today)


def _measures(institution, today: dt.date) -> None:
    plan = plans.current_plan(institution, today)
    if plan is None:
        return
    objectives = list(plans.objectives_to_choose(plan)[:3])
    if not objectives or Measure.objects.filter(objective__in=objectives).exists():
        return
    # October of last year: before both this year's figures and last year's report.
    baseline = dt.date(AcademicYear.start_year_for(today) - 1, 10, 1)
    wanted = [
        {
            "kind": Measure.Kind.COVERAGE,
            "benchmark": 5,
            "year_group": 10,
            "baseline_value": Decimal(42),
            "target": Decimal(80),
        },
        {
            "kind": Measure.Kind.BENCHMARK_SCORE,
            "benchmark": 3,
            "baseline_value": Decimal(40),
            "target": Decimal(75),
        },
        {
            "kind": Measure.Kind.DESTINATION,
            "category": Category.NEET,
            "baseline_value": Decimal(5),
            "target": Decimal(2),
        },
    ]
    for objective, fields in zip(objectives, wanted, strict=False):
        services.measure_create(objective=objective, by=None, baseline_date=baseline, **fields)
    # Career readiness: the first agreement question of the latest learners' survey, if any.
    question = (
        Question.objects.for_institution(institution)
        .filter(kind=Question.Kind.AGREEMENT, section__survey__audience="learners")
        .order_by("-section__survey__opens_on", "section__order", "order")
        .first()
    )
    if question is not None and len(objectives) > 1:
        services.measure_create(
            objective=objectives[1],
            by=None,
            kind=Measure.Kind.SURVEY,
            question=question,
            baseline_value=Decimal(45),
            baseline_date=baseline,
            target=Decimal(75),
        )


def _last_years_report(institution, today: dt.date) -> None:
    year = academic_year_ensure(start_year=AcademicYear.start_year_for(today) - 1)
    reports = AnnualReport.objects.for_institution(institution).filter(academic_year=year)
    if reports.filter(status=AnnualReport.Status.READY).exists():
        return
    report = reports.active().first() or AnnualReport.objects.create(
        institution=institution, academic_year=year
    )
    # Built here and now, whatever the broker: the demo always opens with a report to download.
    services.report_build(report.pk, today=today)

"""Permission-matrix kwargs for insights: objects of `world["institution"]`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from careers_portal.insights.models import AnnualReport, Measure
from careers_portal.schools.models import AcademicYear
from careers_portal.schools.services import academic_year_ensure
from tests.plans.factories import an_objective


def a_measure(world: dict) -> dict:
    objective = an_objective(world)["pk"]
    measure = Measure.objects.create(
        objective_id=objective,
        kind=Measure.Kind.BENCHMARK_SCORE,
        benchmark=1,
        baseline_value=Decimal(10),
        baseline_date=dt.date(2025, 10, 1),
        target=Decimal(50),
    )
    return {"pk": measure.pk}


def _report(world: dict, status: str) -> AnnualReport:
    year = academic_year_ensure(start_year=AcademicYear.start_year_for(timezone.localdate()))
    report = AnnualReport.objects.create(
        institution=world["institution"], academic_year=year, status=status
    )
    if status == AnnualReport.Status.READY:
        report.file.save(f"{report.institution_id}/{report.filename}", ContentFile(b"%PDF-1.7"))
        report.size = 8
        report.save()
    return report


def a_ready_report(world: dict) -> dict:
    return {"pk": _report(world, AnnualReport.Status.READY).pk}


def a_failed_report(world: dict) -> dict:
    return {"pk": _report(world, AnnualReport.Status.FAILED).pk}

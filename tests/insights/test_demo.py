"""seed_demo leaves the demo school with a built impact report for last year and measures on
its plan's first objectives (one following a career-readiness question); running it again builds
nothing more."""

from __future__ import annotations

import io

from django.core.management import call_command

from careers_portal.dates import today
from careers_portal.insights.models import AnnualReport, Measure
from careers_portal.schools.models import AcademicYear


def test_the_demo_has_last_years_report_built_and_measured_objectives(db):
    call_command("seed_demo", learners=60, stdout=io.StringIO())
    report = AnnualReport.objects.get()
    assert report.status == AnnualReport.Status.READY, report.reason
    assert report.file.read(4) == b"%PDF"
    # Last year: the demo also holds the years its plan runs into, so not "the second newest".
    assert report.academic_year.start_year == AcademicYear.start_year_for(today()) - 1
    assert Measure.objects.count() == 4
    survey_measure = Measure.objects.get(kind=Measure.Kind.SURVEY)
    assert survey_measure.question.section.survey.audience == "learners"
    call_command("seed_demo", learners=60, stdout=io.StringIO())
    assert AnnualReport.objects.count() == 1
    assert Measure.objects.count() == 4

"""programme_by_year_group: the summary of the programme by year group that the statutory
careers page and the annual report read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.models import CdiLearningArea
from careers_portal.schools.services import academic_year_ensure
from encounters import programme, selectors
from tests.encounters.factories import EncounterFactory, PlannedActivityFactory
from tests.factories import InstitutionFactory


@pytest.fixture
def year(db):
    return academic_year_ensure(start_year=2026)


def test_it_lists_every_year_group_in_school_order_then_pathways(institution, year):
    PlannedActivityFactory(institution=institution, academic_year=year, year_groups=[11])
    PlannedActivityFactory(institution=institution, academic_year=year, year_groups=[7, 9])
    PlannedActivityFactory(
        institution=institution, academic_year=year, year_groups=[], pathway="Sensory pathway"
    )
    rows = selectors.programme_by_year_group(
        institution=institution, academic_year=year, today=dt.date(2026, 11, 22)
    )
    assert [row.label for row in rows] == [
        *(f"Year {year}" for year in range(7, 14)),
        "Sensory pathway",
    ]
    counts = {row.label: len(row.activities) for row in rows}
    assert counts["Year 7"] == counts["Year 9"] == counts["Year 11"] == 1
    assert counts["Year 8"] == 0
    assert counts["Sensory pathway"] == 1


def test_each_activity_carries_its_half_term_benchmarks_outcome_and_delivery(institution, year):
    activity = PlannedActivityFactory(
        institution=institution,
        academic_year=year,
        title="Mock interviews",
        year_groups=[10],
        half_term=4,
        learning_outcome="Answer interview questions and reflect on feedback.",
        benchmark_numbers=[5, 3],
    )
    activity.cdi_areas.set(CdiLearningArea.objects.filter(code="create"))
    rows = selectors.programme_by_year_group(
        institution=institution, academic_year=year, today=dt.date(2026, 11, 22)
    )
    (summary,) = next(row for row in rows if row.year_group == 10).activities
    assert summary.title == "Mock interviews"
    assert summary.half_term == 4
    assert summary.half_term_label == "HT4 (spring 2)"
    assert summary.benchmark_numbers == (3, 5)
    assert summary.learning_outcome == "Answer interview questions and reflect on feedback."
    assert summary.cdi_areas == ("Create opportunities",)
    assert summary.delivered is False
    assert summary.status == programme.DUE_LATER

    EncounterFactory(institution=institution, date=dt.date(2026, 11, 20), planned_activity=activity)
    rows = selectors.programme_by_year_group(
        institution=institution, academic_year=year, today=dt.date(2026, 11, 22)
    )
    (summary,) = next(row for row in rows if row.year_group == 10).activities
    assert summary.delivered is True
    assert [e.title for e in summary.encounters] == [activity.encounters.get().title]


def test_it_holds_only_that_institutions_programme_of_that_year(institution, year):
    PlannedActivityFactory(institution=InstitutionFactory(), academic_year=year)
    PlannedActivityFactory(
        institution=institution, academic_year=academic_year_ensure(start_year=2025)
    )
    rows = selectors.programme_by_year_group(institution=institution, academic_year=year)
    assert all(not row.activities for row in rows)


@pytest.mark.parametrize("size", [20, 300])
def test_it_runs_a_fixed_number_of_queries(institution, year, size):
    activities = PlannedActivityFactory.create_batch(
        size, institution=institution, academic_year=year, year_groups=[7, 8]
    )
    for activity in activities[:5]:
        activity.cdi_areas.set(CdiLearningArea.objects.filter(code="grow"))
        EncounterFactory(institution=institution, planned_activity=activity)
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.programme_by_year_group(
            institution=institution, academic_year=year, today=dt.date(2026, 11, 22)
        )
    assert sum(len(row.activities) for row in rows) == size * 2
    assert len(queries) == 6

"""Delivered, due or missed at the boundaries of a half term and a month, on named dates."""

from __future__ import annotations

import datetime as dt

import pytest

from careers_portal.schools.models import HalfTerm
from careers_portal.schools.services import academic_year_ensure
from encounters import programme, selectors
from tests.encounters.factories import EncounterFactory, PlannedActivityFactory


@pytest.fixture
def year(db):
    year = academic_year_ensure(start_year=2026)
    # This school's own autumn 2 dates: 2 November to 18 December 2026.
    HalfTerm.objects.filter(academic_year=year, number=2).update(
        start_date=dt.date(2026, 11, 2), end_date=dt.date(2026, 12, 18)
    )
    return year


def _status(activity, day):
    summary, _ = selectors.planned_activity(activity, today=day)
    return summary.status


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 11, 1), programme.DUE_LATER),  # the Sunday before the half term
        (dt.date(2026, 11, 2), programme.DUE_NOW),  # its first day
        (dt.date(2026, 12, 18), programme.DUE_NOW),  # its last day
        (dt.date(2026, 12, 19), programme.MISSED),  # the day after
    ],
)
def test_it_is_due_then_missed_by_the_schools_own_half_term_dates(institution, year, day, expected):
    activity = PlannedActivityFactory(institution=institution, academic_year=year, half_term=2)
    assert _status(activity, day) == expected


def test_it_is_delivered_once_an_encounter_names_it_even_after_the_half_term(institution, year):
    activity = PlannedActivityFactory(institution=institution, academic_year=year, half_term=2)
    EncounterFactory(
        institution=institution,
        date=dt.date(2026, 11, 20),
        planned_activity=activity,
        year_groups=[9],
    )
    assert _status(activity, dt.date(2026, 11, 2)) == programme.DELIVERED
    assert _status(activity, dt.date(2027, 1, 10)) == programme.DELIVERED


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2027, 2, 28), programme.DUE_LATER),
        (dt.date(2027, 3, 1), programme.DUE_NOW),
        (dt.date(2027, 3, 31), programme.DUE_NOW),
        (dt.date(2027, 4, 1), programme.MISSED),
    ],
)
def test_an_activity_with_a_month_is_judged_by_that_month(institution, year, day, expected):
    activity = PlannedActivityFactory(
        institution=institution, academic_year=year, half_term=4, month=3
    )
    assert _status(activity, day) == expected


def test_a_year_without_recorded_half_terms_uses_the_typical_dates(institution, year):
    HalfTerm.objects.filter(academic_year=year).delete()
    activity = PlannedActivityFactory(institution=institution, academic_year=year, half_term=1)
    assert _status(activity, dt.date(2026, 10, 24)) == programme.DUE_NOW
    assert _status(activity, dt.date(2026, 10, 25)) == programme.MISSED


def test_it_is_delivered_for_the_year_groups_the_encounter_included(institution, year):
    activity = PlannedActivityFactory(
        institution=institution, academic_year=year, half_term=2, year_groups=[10, 11]
    )
    EncounterFactory(
        institution=institution,
        date=dt.date(2026, 11, 20),
        planned_activity=activity,
        year_groups=[10],
    )
    rows = selectors.programme_by_year_group(
        institution=institution, academic_year=year, today=dt.date(2027, 1, 5)
    )
    by_year = {row.year_group: row.activities for row in rows}
    assert [a.delivered for a in by_year[10]] == [True]
    assert [a.status for a in by_year[11]] == [programme.MISSED]


@pytest.mark.parametrize(
    "day",
    [dt.date(2026, 9, 1), dt.date(2026, 11, 2), dt.date(2026, 12, 19), dt.date(2027, 7, 20)],
)
def test_the_plans_counts_equal_the_journeys_without_building_it(
    institution, year, day, django_assert_max_num_queries
):
    for half_term, years, pathway, month in [
        (1, [10, 11], "", None),
        (2, [10, 11], "", None),
        (2, [], "Pathway A", None),
        (3, [], "", None),  # in no row: not counted by either
        (4, [9], "", 3),
        (6, [12, 13], "", None),
    ]:
        PlannedActivityFactory(
            institution=institution,
            academic_year=year,
            half_term=half_term,
            year_groups=years,
            pathway=pathway,
            month=month,
        )
    first, second = selectors._activities(institution, year)[:2]
    for activity, years in ((first, [10]), (second, [])):  # one year group of two; all of them
        EncounterFactory(
            institution=institution,
            date=dt.date(2026, 11, 20),
            planned_activity=activity,
            year_groups=years,
        )
    journey = selectors.programme_by_year_group(
        institution=institution, academic_year=year, today=day
    )

    with django_assert_max_num_queries(3):
        counts = selectors.programme_status_counts(
            institution=institution, academic_year=year, today=day
        )

    assert counts == selectors.programme_counts(journey)
    assert counts["total"] == 5

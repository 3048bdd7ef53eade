"""The calendar rules at the dates that matter to a school, named rather than taken from today.

1 September starts the academic year; the summer holiday (to 31 August) still belongs to the year
just ended; 28 February of Year 9, 11 and 13 is the Provider Access deadline; the half terms run
from 1 September to the last day of the summer term.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from careers_portal.schools.models import AcademicYear
from careers_portal.schools.services import academic_year_ensure
from encounters import rules
from tests.conftest import travel_to
from tests.encounters.factories import pal_encounter
from tests.factories import InstitutionFactory, LearnerFactory

SEPTEMBER_1 = dt.date(2027, 9, 1)
SUMMER_HOLIDAY = dt.date(2027, 8, 10)
LAST_DAY_OF_SUMMER_TERM = dt.date(2027, 7, 22)
PAL_DEADLINE = dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("day", "start_year"),
    [
        (dt.date(2027, 8, 31), 2026),  # the last day of the summer holiday
        (SEPTEMBER_1, 2027),
        (SUMMER_HOLIDAY, 2026),
        (LAST_DAY_OF_SUMMER_TERM, 2026),
        (dt.date(2027, 12, 31), 2027),
        (dt.date(2028, 1, 1), 2027),
        (dt.date(2028, 2, 29), 2027),  # a leap day
    ],
)
def test_the_academic_year_starts_on_1_september(day, start_year):
    assert AcademicYear.start_year_for(day) == start_year
    assert rules.academic_year_start(day) == dt.date(start_year, 9, 1)
    assert rules.academic_year_end(day) == dt.date(start_year + 1, 8, 31)


@pytest.mark.parametrize(
    ("day", "deadline"),
    [
        (SEPTEMBER_1, dt.date(2028, 2, 28)),
        (PAL_DEADLINE, PAL_DEADLINE),
        (dt.date(2027, 3, 1), PAL_DEADLINE),
        (SUMMER_HOLIDAY, PAL_DEADLINE),  # the deadline just past, until 1 September
        (dt.date(2028, 2, 29), dt.date(2028, 2, 28)),
    ],
)
def test_the_provider_access_deadline_is_28_february_of_this_academic_year(day, deadline):
    assert rules.pal_deadline(day) == deadline


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "status"),
    [
        (dt.date(2026, 12, 31), ("In progress", "blue")),
        (dt.date(2027, 1, 1), ("Deadline near", "amber")),
        (PAL_DEADLINE, ("Deadline near", "amber")),
        (dt.date(2027, 3, 1), ("Deadline missed", "red")),
        (SUMMER_HOLIDAY, ("Deadline missed", "red")),
    ],
)
def test_year_9_11_and_13_are_judged_against_28_february(day, status):
    school = InstitutionFactory(name="Northfield Academy")
    for year_group in (9, 11, 13):
        LearnerFactory(institution=school, year_group=year_group)
    pal_encounter(school, [], date=dt.date(2026, 10, 1), year_groups=[9, 11, 13])
    phases = rules.pal_phases(school, day)
    assert [phase.years[1] for phase in phases] == [9, 11, 13]
    assert {phase.deadline for phase in phases} == {PAL_DEADLINE}
    assert all((phase.status.label, phase.status.colour) == status for phase in phases)


@pytest.mark.django_db
def test_a_new_academic_year_runs_from_1_september_to_the_end_of_the_summer_holiday():
    year = academic_year_ensure(start_year=2026)
    assert (year.start_date, year.end_date) == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    half_terms = list(year.half_terms.order_by("number"))
    assert half_terms[0].start_date == dt.date(2026, 9, 1)
    assert half_terms[-1].end_date == LAST_DAY_OF_SUMMER_TERM
    assert year.half_term_for(dt.date(2026, 9, 1)).number == 1
    assert year.half_term_for(LAST_DAY_OF_SUMMER_TERM).number == 6
    assert year.half_term_for(dt.date(2027, 8, 10)) is None  # the summer holiday


@pytest.mark.parametrize(
    ("day", "hour", "expected"),
    [
        # Just after midnight on 1 September in London it is still 31 August in UTC: the app's
        # today is London's date, so the new academic year starts on time.
        (dt.date(2027, 8, 31), 23, dt.date(2027, 8, 31)),
        (SEPTEMBER_1, 0, SEPTEMBER_1),
    ],
)
def test_today_is_the_date_in_london(day, hour, expected):
    with travel_to(day, hour=hour):
        assert timezone.localdate() == expected

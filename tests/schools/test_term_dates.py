"""Each institution's own half-term dates, read through the one lookup every caller uses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from careers_portal.schools import selectors, services
from careers_portal.schools.models import HalfTerm
from encounters import rules
from plans.forms import ActionForm
from tests.conftest import travel_to
from tests.factories import InstitutionFactory
from tests.plans.factories import ActionFactory, StrategicPlanFactory

pytestmark = pytest.mark.django_db

JULY = dt.date(2027, 7, 15)  # 2026/27 is ending; 2027/28's dates can be set before it starts


def dates_2027(easter_shift: int = 0) -> dict[int, tuple[dt.date, dt.date]]:
    shift = dt.timedelta(days=easter_shift)
    return {
        1: (dt.date(2027, 9, 2), dt.date(2027, 10, 22)),
        2: (dt.date(2027, 11, 1), dt.date(2027, 12, 17)),
        3: (dt.date(2028, 1, 4), dt.date(2028, 2, 11)),
        4: (dt.date(2028, 2, 21), dt.date(2028, 3, 31) + shift),
        5: (dt.date(2028, 4, 17) + shift, dt.date(2028, 5, 26)),
        6: (dt.date(2028, 6, 5), dt.date(2028, 7, 21)),
    }


def test_two_institutions_term_dates_differ():
    north, south = InstitutionFactory(), InstitutionFactory()
    year = services.academic_year_ensure(start_year=2027)
    services.term_dates_save(institution=north, academic_year=year, dates=dates_2027())
    services.term_dates_save(institution=south, academic_year=year, dates=dates_2027(7))

    north_dates, north_own = selectors.term_dates(north, year)
    south_dates, south_own = selectors.term_dates(south, year)
    assert north_own and south_own
    assert north_dates[5][0] == dt.date(2028, 4, 17)
    assert south_dates[5][0] == dt.date(2028, 4, 24)
    # Coverage's summer term follows each school's own Easter.
    assert rules.summer_term_start(dt.date(2027, 11, 1), north) == dt.date(2028, 4, 17)
    assert rules.summer_term_start(dt.date(2027, 11, 1), south) == dt.date(2028, 4, 24)
    assert year.half_term_for(dt.date(2028, 4, 20), north).number == 5
    assert year.half_term_for(dt.date(2028, 4, 20), south) is None  # its Easter holiday
    assert year.half_term_for(dt.date(2028, 4, 5), south).number == 4
    # Each reads six half terms for the year: its own, never the other's or England's as well.
    assert HalfTerm.objects.applying_to(north).filter(academic_year=year).count() == 6


def test_a_new_institution_starts_from_englands_default():
    year = services.academic_year_ensure(start_year=2027)
    dates, own = selectors.term_dates(InstitutionFactory(), year)
    assert not own
    assert dates[1][0] == dt.date(2027, 9, 1)
    assert sorted(dates) == [1, 2, 3, 4, 5, 6]
    # Another school setting its own dates does not change the default.
    services.term_dates_save(
        institution=InstitutionFactory(), academic_year=year, dates=dates_2027()
    )
    assert selectors.term_dates(InstitutionFactory(), year)[0] == dates


def test_saving_again_updates_the_same_six_rows():
    school = InstitutionFactory()
    year = services.academic_year_ensure(start_year=2027)
    services.term_dates_save(institution=school, academic_year=year, dates=dates_2027())
    services.term_dates_save(institution=school, academic_year=year, dates=dates_2027(7))
    assert HalfTerm.objects.filter(institution=school).count() == 6
    assert selectors.term_dates(school, year)[0][5][0] == dt.date(2028, 4, 24)


@pytest.mark.parametrize(
    ("number", "dates", "problem"),
    [
        (2, (dt.date(2027, 12, 17), dt.date(2027, 11, 1)), "HT2 ends before it starts."),
        (1, (dt.date(2027, 8, 20), dt.date(2027, 10, 22)), "HT1 must fall within 2027/28"),
        (3, (dt.date(2027, 12, 10), dt.date(2028, 2, 11)), "HT3 starts before HT2 ends."),
    ],
)
def test_dates_out_of_order_are_refused_in_words(number, dates, problem):
    year = services.academic_year_ensure(start_year=2027)
    wrong = {**dates_2027(), number: dates}
    assert services.term_dates_problems(year, wrong)[number].startswith(problem)
    with pytest.raises(ValidationError):
        services.term_dates_save(institution=InstitutionFactory(), academic_year=year, dates=wrong)
    assert not HalfTerm.objects.filter(institution__isnull=False).exists()


def test_a_plan_action_due_by_half_term_follows_the_schools_own_dates():
    with travel_to(dt.date(2026, 10, 1)):
        plan = StrategicPlanFactory(start_year=2026, end_year=2029)
        other = StrategicPlanFactory(start_year=2026, end_year=2029)
        year = services.academic_year_ensure(start_year=2027)
        ht4 = HalfTerm.objects.get(academic_year=year, number=4, institution=None)
        action = ActionFactory(objective__plan=plan, due_date=None, half_term=ht4)
        elsewhere = ActionFactory(objective__plan=other, due_date=None, half_term=ht4)

        services.term_dates_save(
            institution=plan.institution, academic_year=year, dates=dates_2027()
        )

    action.refresh_from_db()
    elsewhere.refresh_from_db()
    assert action.half_term.institution == plan.institution
    assert action.due_on == dt.date(2028, 3, 31)
    assert elsewhere.half_term == ht4  # another school's action keeps England's dates
    # The plan's form offers the school's own half terms, not every school's.
    offered = ActionForm(plan=plan).fields["half_term"].queryset
    assert action.half_term in offered
    assert ht4 not in offered
    assert not offered.filter(institution=other.institution).exists()


def test_the_page_sets_next_years_dates_before_it_starts(client_for, leader, institution):
    with travel_to(JULY):
        client = client_for(leader)
        page = client.get("/learners/term-dates/?year=2027")
        assert "England's usual dates" in page.content.decode()
        form = {
            f"ht{n}_{part}": day.isoformat()
            for n, (start, end) in dates_2027().items()
            for part, day in (("start", start), ("end", end))
        }
        saved = client.post("/learners/term-dates/?year=2027", form)
        assert saved.status_code == 302
        assert "Your own dates" in client.get(saved.url).content.decode()
    year = services.academic_year_ensure(start_year=2027)
    assert selectors.term_dates(institution, year) == (dates_2027(), True)


def test_the_page_keeps_what_was_typed_and_says_what_is_wrong(client_for, leader):
    with travel_to(JULY):
        client = client_for(leader)
        form = {
            f"ht{n}_{part}": day.isoformat()
            for n, (start, end) in dates_2027().items()
            for part, day in (("start", start), ("end", end))
        }
        form["ht3_start"] = "2027-12-10"
        form["ht6_end"] = "not a date"
        page = client.post("/learners/term-dates/?year=2027", form)
        body = page.content.decode()
        form["ht6_end"] = "2028-07-21"
        order = client.post("/learners/term-dates/?year=2027", form).content.decode()
    assert page.status_code == 200
    assert "Enter a valid date" in body
    assert 'value="2027-12-10"' in body
    assert 'value="not a date"' in body
    assert "HT3 starts before HT2 ends." in order
    assert not HalfTerm.objects.filter(institution__isnull=False).exists()


@pytest.mark.parametrize("year", ["2020", "x", "99999999999999999999"])
def test_only_this_year_and_the_next_can_be_set(client_for, leader, year):
    with travel_to(JULY):
        assert client_for(leader).get(f"/learners/term-dates/?year={year}").status_code == 404

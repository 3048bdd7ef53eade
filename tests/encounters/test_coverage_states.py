"""When each coverage rule falls due, and the state a share is in: a table per rule (issue 11).

The dates that matter, in 2026/27 (no half terms recorded, so the typical ones):
- 22 November 2026: the autumn term, the day these tests are pinned to;
- 12 April 2027: the last day before the summer term;
- 13 April 2027: the first day of the summer term (HT5), from which a rule due this year is behind;
- 31 August 2027: the last day of Year 11 (and of every year group's school year);
- 1 September 2027: the first day of the next year, when Year 11 has become Year 12.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from careers_portal.schools.models import HalfTerm, Institution
from careers_portal.schools.services import academic_year_ensure
from encounters import rules
from encounters.rules import State
from tests.encounters.factories import GuidanceMeetingFactory, meaningful_encounter
from tests.factories import InstitutionFactory, LearnerFactory

pytestmark = pytest.mark.django_db

AUTUMN = dt.date(2026, 11, 22)
BEFORE_SUMMER = dt.date(2027, 4, 12)
SUMMER_TERM = dt.date(2027, 4, 13)
LAST_DAY_OF_Y11 = dt.date(2027, 8, 31)
NEXT_YEAR = dt.date(2027, 9, 1)


@pytest.fixture
def school():
    return InstitutionFactory(name="Northfield Academy")


@pytest.fixture
def college():
    return InstitutionFactory(kind=Institution.Kind.COLLEGE, urn="", ukprn="10001236")


SCHOOL_TABLE = [
    # benchmark, year group, day, state, badge
    # BM5 is every year: due this year for every year group, behind from the summer term.
    (5, 7, AUTUMN, State.DUE, "Due by July 2027"),
    (5, 13, AUTUMN, State.DUE, "Due by July 2027"),
    (5, 9, BEFORE_SUMMER, State.DUE, "Due by July 2027"),
    (5, 9, SUMMER_TERM, State.BEHIND, "Behind, due by July 2027"),
    (5, 12, LAST_DAY_OF_Y11, State.BEHIND, "Behind, due by July 2027"),
    # BM6-8 by 16: on the way before Year 11, whatever the term.
    (6, 7, AUTUMN, State.ON_THE_WAY, "On the way"),
    (6, 7, SUMMER_TERM, State.ON_THE_WAY, "On the way"),
    (7, 10, SUMMER_TERM, State.ON_THE_WAY, "On the way"),
    (8, 10, LAST_DAY_OF_Y11, State.ON_THE_WAY, "On the way"),
    # ... due in Year 11, behind from its summer term until the last day of Year 11.
    (6, 11, AUTUMN, State.DUE, "Due by July 2027"),
    (7, 11, BEFORE_SUMMER, State.DUE, "Due by July 2027"),
    (8, 11, SUMMER_TERM, State.BEHIND, "Behind, due by July 2027"),
    (8, 11, LAST_DAY_OF_Y11, State.BEHIND, "Behind, due by July 2027"),
    # By 18: on the way in Year 12, due in Year 13; a Year 14 learner is past it.
    (6, 12, SUMMER_TERM, State.ON_THE_WAY, "On the way"),
    (8, 12, AUTUMN, State.ON_THE_WAY, "On the way"),
    (7, 13, AUTUMN, State.DUE, "Due by July 2027"),
    (8, 13, SUMMER_TERM, State.BEHIND, "Behind, due by July 2027"),
    (8, 14, AUTUMN, State.MISSED, "Missed, was due by July 2026"),
]


@pytest.mark.parametrize(("number", "year_group", "day", "state", "badge"), SCHOOL_TABLE)
def test_it_judges_a_school_rule_by_when_it_falls_due(
    school, number, year_group, day, state, badge
):
    calendar = rules.calendar_for(day)
    judgement = rules.judge(
        False, rules.deadline_for(school, number, year_group, calendar), calendar
    )
    assert (judgement.state, judgement.label) == (state, badge)
    assert judgement.is_red == (state in (State.BEHIND, State.MISSED))
    assert rules.judge(True, judgement.deadline, calendar).state == State.MET


def test_it_says_the_deadline_in_words(school):
    calendar = rules.calendar_for(AUTUMN)
    assert rules.deadline_for(school, 6, 7, calendar).words == "by the end of Year 11 (July 2031)"
    assert rules.deadline_for(school, 8, 12, calendar).words == "by the end of Year 13 (July 2028)"
    assert rules.deadline_for(school, 5, 10, calendar).words == "by July 2027"
    # The last day of Year 11 is 31 August, the formal end of the school year.
    assert rules.deadline_for(school, 6, 11, calendar).day == LAST_DAY_OF_Y11


COLLEGE_TABLE = [
    # Every college rule ends with the programme: until the MIS gives a planned end date, the end
    # of this academic year.
    (5, 12, AUTUMN, State.DUE),
    (6, 12, AUTUMN, State.DUE),
    (7, 13, BEFORE_SUMMER, State.DUE),
    (8, 12, SUMMER_TERM, State.BEHIND),
    (6, 14, LAST_DAY_OF_Y11, State.BEHIND),
]


@pytest.mark.parametrize(("number", "year_group", "day", "state"), COLLEGE_TABLE)
def test_it_judges_a_college_rule_by_the_end_of_the_academic_year(
    college, number, year_group, day, state
):
    calendar = rules.calendar_for(day)
    deadline = rules.deadline_for(college, number, year_group, calendar)
    assert deadline.day == LAST_DAY_OF_Y11
    assert rules.judge(False, deadline, calendar).state == state


def test_it_takes_the_summer_term_from_the_half_terms_recorded(school):
    year = academic_year_ensure(start_year=2026)
    HalfTerm.objects.filter(academic_year=year, number=5).update(start_date=dt.date(2027, 4, 19))
    assert rules.summer_term_start(AUTUMN) == dt.date(2027, 4, 19)
    deadline = rules.deadline_for(school, 5, 9, rules.calendar_for(SUMMER_TERM))
    assert rules.judge(False, deadline, rules.calendar_for(SUMMER_TERM)).state == State.DUE
    assert rules.judge(False, deadline, rules.calendar_for(dt.date(2027, 4, 19))).is_red


def test_it_uses_the_typical_summer_term_when_none_is_recorded():
    assert rules.summer_term_start(AUTUMN) == SUMMER_TERM
    assert rules.summer_term_start(dt.date(2028, 3, 15)) == dt.date(2028, 4, 13)


# --- Learners at the boundaries ---------------------------------------------------------------


def _rule(learner, day, number, part=""):
    return next(
        rule
        for rule in rules.learner_coverage(learner, day)
        if rule.number == number and rule.part == part
    )


def test_it_counts_a_workplace_experience_on_the_last_day_of_year_11(school):
    y11 = LearnerFactory(institution=school, year_group=11)
    assert _rule(y11, LAST_DAY_OF_Y11, 6).judgement.state == State.BEHIND
    meaningful_encounter(school, [y11], number=6, date=LAST_DAY_OF_Y11)
    assert _rule(y11, LAST_DAY_OF_Y11, 6).judgement.state == State.MET


def test_it_keeps_the_last_day_of_year_11_for_the_by_16_rule_once_in_year_12(school):
    # On 1 September 2027 last year's Year 11 are in Year 12: 31 August counted by 16, not by 18.
    y12 = LearnerFactory(institution=school, year_group=12)
    meaningful_encounter(school, [y12], number=6, date=LAST_DAY_OF_Y11)
    by_16, by_18 = _rule(y12, NEXT_YEAR, 6, "by 16"), _rule(y12, NEXT_YEAR, 6, "by 18")
    assert by_16.met and by_16.judgement.state == State.MET
    assert not by_18.met and by_18.judgement.state == State.ON_THE_WAY
    assert by_18.judgement.learner_words == "not yet, due by the end of Year 13 (July 2029)"


def test_it_puts_a_learner_joining_in_year_10_on_the_way_not_behind(school):
    newcomer = LearnerFactory(institution=school, year_group=10)
    for day in (AUTUMN, SUMMER_TERM):
        for number in (6, 7, 8):
            judgement = _rule(newcomer, day, number).judgement
            assert judgement.state == State.ON_THE_WAY and not judgement.is_red
    assert _rule(newcomer, AUTUMN, 5).judgement.state == State.DUE
    assert _rule(newcomer, SUMMER_TERM, 5).judgement.state == State.BEHIND


def test_it_counts_a_sixth_formers_by_16_meeting_elsewhere_only_once_recorded(school):
    joiner = LearnerFactory(institution=school, year_group=12)  # had a meeting at their old school
    by_16 = _rule(joiner, AUTUMN, 8, "by 16")
    assert (by_16.met, by_16.judgement.state) == (False, State.MISSED)
    assert by_16.judgement.learner_words == "missed, was due by July 2026"

    GuidanceMeetingFactory(learner=joiner, date=dt.date(2026, 3, 1), adviser_name="Old school")
    assert _rule(joiner, AUTUMN, 8, "by 16").met
    # The earlier meeting is not the further one by 18, nor does it count in Year 12's figures.
    assert _rule(joiner, AUTUMN, 8, "by 18").judgement.state == State.ON_THE_WAY
    (row,) = rules.coverage_by_year_group(school, AUTUMN)
    assert row.shares[8] == rules.Share(0, 1)


def test_it_gives_a_college_learner_one_rule_per_benchmark(college):
    learner = LearnerFactory(institution=college, year_group=12)
    covered = rules.learner_coverage(learner, AUTUMN)
    assert [(rule.number, rule.part) for rule in covered] == [(5, ""), (6, ""), (7, ""), (8, "")]
    assert {rule.judgement.state for rule in covered} == {State.DUE}


# --- Rows: year groups and cohorts --------------------------------------------------------------


def test_it_shows_year_7_on_the_way_for_the_by_16_rules(school):
    LearnerFactory.create_batch(3, institution=school, year_group=7)
    (row,) = rules.coverage_by_year_group(school, AUTUMN)
    assert row.states[6].judgement.state == State.ON_THE_WAY
    assert row.states[8].judgement.state == State.ON_THE_WAY
    assert row.states[5].judgement.state == State.DUE
    assert not any(cell.judgement.is_red for cell in row.cells)


def test_it_marks_a_year_met_only_when_every_learner_is_covered(school):
    learners = LearnerFactory.create_batch(2, institution=school, year_group=11)
    meaningful_encounter(school, learners[:1], number=6)
    (row,) = rules.coverage_by_year_group(school, SUMMER_TERM)
    assert row.states[6].judgement.state == State.BEHIND
    meaningful_encounter(school, learners[1:], number=6)
    (row,) = rules.coverage_by_year_group(school, SUMMER_TERM)
    assert row.states[6].judgement.state == State.MET


def test_it_splits_a_cohort_into_due_this_year_and_on_the_way(school):
    y9 = LearnerFactory(institution=school, year_group=9)
    LearnerFactory(institution=school, year_group=11)
    meaningful_encounter(school, [y9], number=6)
    cohorts = {row.label: row for row in rules.coverage_by_cohort(school, AUTUMN)}
    cell = cohorts["All learners"].states[6]
    assert cell.share == rules.Share(1, 2)
    assert (cell.due, cell.later) == (rules.Share(0, 1), rules.Share(1, 1))
    assert cell.is_mixed and cell.judgement.state == State.DUE
    cohorts = {row.label: row for row in rules.coverage_by_cohort(school, SUMMER_TERM)}
    assert cohorts["All learners"].states[6].judgement.state == State.BEHIND


def test_it_calls_a_cohort_on_the_way_when_nobody_in_it_is_due_yet(school):
    LearnerFactory(institution=school, year_group=8)
    cohorts = {row.label: row for row in rules.coverage_by_cohort(school, SUMMER_TERM)}
    assert cohorts["All learners"].states[7].judgement.state == State.ON_THE_WAY
    assert cohorts["Looked after"].states[7].judgement is None  # nobody in the cohort


# --- Pages --------------------------------------------------------------------------------------


def test_the_coverage_page_shows_year_7_on_the_way_without_red(client_for, leader, institution):
    LearnerFactory.create_batch(3, institution=institution, year_group=7)
    page = client_for(leader).get(reverse("encounters:coverage")).content.decode()
    year7 = page[page.index('id="coverage-year-7"') :].split("</tr>")[0]
    assert "status-red" not in year7
    assert "On the way" in year7 and "Due by the end of Year 11 (July 2031)" in year7
    assert "Due by July 2027" in year7  # BM5, every year


def test_the_not_covered_list_says_not_yet_or_missed(client_for, leader, institution):
    LearnerFactory(institution=institution, year_group=10, last_name="Tenner")
    LearnerFactory(institution=institution, year_group=14, last_name="Fourteen")
    page = (
        client_for(leader).get(reverse("encounters:not_covered"), {"benchmark": 8}).content.decode()
    )
    assert "Not yet, due by July 2028" in page
    assert "Missed, was due by July 2026" in page
    assert page.index("Tenner") < page.index("Not yet, due by July 2028") < page.index("Fourteen")


def test_the_learner_record_shows_a_sixth_formers_two_parts(client_for, leader, institution):
    learner = LearnerFactory(institution=institution, year_group=13)
    GuidanceMeetingFactory(learner=learner, date=dt.date(2025, 10, 1))
    page = (
        client_for(leader)
        .get(reverse("encounters:learner_record", args=[learner.pk]))
        .content.decode()
    )
    assert "BM8 by 16: missed, was due by July 2025" in page
    assert "BM8 by 18: met" in page


# --- PAL attendance: red only after its deadline ------------------------------------------------


@pytest.mark.parametrize(
    ("day", "year_group", "colour"),
    [
        (AUTUMN, 9, "blue"),  # in progress
        (dt.date(2027, 1, 10), 11, "amber"),  # deadline near (from 1 January)
        (dt.date(2027, 2, 28), 9, "amber"),  # the last day of the window
        (dt.date(2027, 3, 1), 11, "red"),  # the deadline has passed
        (dt.date(2027, 3, 1), 13, "blue"),  # sixth form: attendance is optional
    ],
)
def test_it_colours_pal_attendance_by_its_deadline_not_its_size(school, day, year_group, colour):
    from tests.encounters.factories import pal_encounter

    learners = LearnerFactory.create_batch(2, institution=school, year_group=year_group)
    pal_encounter(school, learners[:1], date=dt.date(2026, 10, 1), year_groups=[year_group])
    phase = next(p for p in rules.pal_phases(school, day) if p.years[1] == year_group)
    assert phase.attended_share == rules.Share(0, 2)
    assert phase.attended_share.colour == colour
    assert {share.colour for _label, share in phase.judged_cohorts if share.total} <= {colour}


def test_it_colours_pal_attendance_green_once_everyone_attended_two(school):
    from tests.encounters.factories import pal_encounter

    learner = LearnerFactory(institution=school, year_group=9)
    for day in (dt.date(2026, 10, 1), dt.date(2026, 10, 2)):
        pal_encounter(school, [learner], date=day, year_groups=[9])
    assert rules.pal_phases(school, AUTUMN)[0].attended_share.colour == "green"

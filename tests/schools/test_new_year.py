"""Starting a new academic year: who moves up, who leaves, once only, and all or nothing.

Named days: 15 July 2027 (the page is offered, 2026/27 ends on 31 August 2027); 10 August 2027
(the summer holiday, still 2026/27); 1 September 2027 (2027/28 begins).
"""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.models import AnnualChecklist
from careers_portal.schools import new_year, year_start
from careers_portal.schools.models import Institution, Learner, NewYearRun
from careers_portal.schools.new_year import NewYearChange
from destinations.models import DestinationRecord, DestinationToConfirm
from encounters import rules, selectors
from tests.conftest import travel_to
from tests.encounters.factories import GuidanceMeetingFactory, meaningful_encounter
from tests.factories import InstitutionFactory, LearnerFactory

pytestmark = pytest.mark.django_db

JULY = dt.date(2027, 7, 15)
AUGUST = dt.date(2027, 8, 10)
SEPTEMBER_1 = dt.date(2027, 9, 1)
LAST_DAY = dt.date(2027, 8, 31)


def born_for(year_group: int, start_year: int) -> dt.date:
    """A date of birth that puts a learner in `year_group` in the year starting `start_year`."""
    return dt.date(start_year - year_group - 4, 3, 1)


def apply(institution, **kwargs):
    return year_start.new_year_apply(
        institution=institution, from_start=2026, to_start=2027, by=None, **kwargs
    )


def state(institution) -> list[tuple]:
    return list(
        Learner.objects.for_institution(institution)
        .order_by("pk")
        .values_list("pk", "year_group", "date_of_leaving")
    )


@pytest.fixture
def school(db):
    with travel_to(dt.date(2026, 10, 1)):
        institution = InstitutionFactory(lowest_year_group=7, highest_year_group=13)
        roll = {
            year: LearnerFactory(institution=institution, year_group=year) for year in range(7, 14)
        }
        roll["stays"] = LearnerFactory(institution=institution, year_group=11)
    return institution, roll


def test_it_moves_learners_up_and_marks_year_11_and_13_as_left_on_the_last_day(school):
    institution, roll = school
    with travel_to(JULY):
        outcome = apply(institution, staying_on={roll["stays"].pk})

    for year in (7, 8, 9, 10, 12):
        roll[year].refresh_from_db()
        assert roll[year].year_group == year + 1
        assert roll[year].date_of_leaving is None
    for year in (11, 13):
        roll[year].refresh_from_db()
        assert roll[year].year_group == year  # they left in that year group
        assert roll[year].date_of_leaving == LAST_DAY
    roll["stays"].refresh_from_db()
    assert (roll["stays"].year_group, roll["stays"].date_of_leaving) == (12, None)
    counts = {change.label: change.count for change in outcome.sections[0].changes}
    assert counts["moving up a year for 2027/28"] == 5
    assert counts["leaving, marked as left"] == 2
    assert counts["staying on"] == 1
    assert NewYearRun.objects.get(institution=institution).academic_year.start_year == 2027


def test_the_preview_changes_nothing_and_counts_what_apply_does(school):
    institution, roll = school
    before = state(institution)
    with travel_to(JULY):
        preview = year_start.new_year_preview(
            institution=institution, from_start=2026, to_start=2027, staying_on={roll["stays"].pk}
        )
    assert state(institution) == before
    assert not NewYearRun.objects.exists()
    lines = {change.label: change for change in preview.sections[0].changes}
    assert lines["moving up a year for 2027/28"].count == 5
    assert f"{roll[7].full_name}: Year 7 to Year 8" in lines["moving up a year for 2027/28"].items
    assert lines["leaving, marked as left"].count == 2
    assert {lr.pk for lr in preview.moves.may_stay} == {roll[11].pk, roll["stays"].pk}


def test_applying_twice_changes_nothing(school):
    institution, roll = school
    with travel_to(JULY):
        apply(institution, staying_on={roll["stays"].pk})
        after_first = state(institution)
        histories = Learner.history.count()
        checklists = AnnualChecklist.objects.count()
        to_confirm = DestinationToConfirm.objects.count()

        # Even with other choices the second time: the learners moved once for 2027/28.
        outcome = apply(institution, staying_on={roll[11].pk})

    assert outcome.already_started
    assert state(institution) == after_first
    assert Learner.history.count() == histories
    assert AnnualChecklist.objects.count() == checklists == 1
    assert DestinationToConfirm.objects.count() == to_confirm == 1
    assert NewYearRun.objects.count() == 1


def test_a_learner_who_joined_in_august_is_moved_correctly(db):
    with travel_to(dt.date(2026, 10, 1)):
        institution = InstitutionFactory()
        year_8 = LearnerFactory(
            institution=institution, year_group=8, date_of_birth=born_for(8, 2026)
        )
    with travel_to(AUGUST):
        # The September intake, imported in August already in Year 7: not moved to Year 8.
        intake = LearnerFactory(
            institution=institution, year_group=7, date_of_birth=born_for(7, 2027)
        )
        # A Year 9 who transferred in over the summer, in this year's Year 9: moves to Year 10.
        transfer = LearnerFactory(
            institution=institution, year_group=9, date_of_birth=born_for(9, 2026)
        )
        # Joined in August without a date of birth: nothing says otherwise, so moved up.
        unknown = LearnerFactory(institution=institution, year_group=10, date_of_birth=None)
        preview = year_start.new_year_preview(
            institution=institution, from_start=2026, to_start=2027
        )
        apply(institution)

    for learner, year in ((year_8, 9), (intake, 7), (transfer, 10), (unknown, 11)):
        learner.refresh_from_db()
        assert learner.year_group == year, learner
        assert learner.date_of_leaving is None
    summer = preview.sections[0].changes[-1]
    assert summer.count == 1
    assert summer.items == (f"{intake.full_name}, Year 7",)


class Halfway:
    """A step that fails after the learners have moved and the checklist step has run."""

    name = "Fails halfway"

    def preview(self, *, institution, from_year, to_year):
        return [NewYearChange("Something", 1)]

    def apply(self, *, institution, from_year, to_year, by):
        raise RuntimeError("the disk is full")


def test_a_failure_halfway_leaves_everything_as_before(school):
    institution, roll = school
    step = Halfway()
    new_year.register(step)
    try:
        assert new_year.steps()[-1] is step  # after the checklist and destinations steps
        before = state(institution)
        histories = Learner.history.count()
        with travel_to(JULY), pytest.raises(RuntimeError):
            apply(institution)
    finally:
        new_year.unregister(step)

    assert state(institution) == before
    assert Learner.history.count() == histories
    assert not NewYearRun.objects.exists()
    assert not AnnualChecklist.objects.exists()
    assert not DestinationToConfirm.objects.exists()
    with travel_to(JULY):
        apply(institution)  # and it can be applied once the cause is fixed
    roll[7].refresh_from_db()
    assert roll[7].year_group == 8


def test_it_works_with_no_step_registered(school):
    institution, roll = school
    saved = new_year.steps()
    for step in saved:
        new_year.unregister(step)
    try:
        with travel_to(JULY):
            preview = year_start.new_year_preview(
                institution=institution, from_start=2026, to_start=2027
            )
            outcome = apply(institution)
    finally:
        for step in saved:
            new_year.register(step)
    assert [section.name for section in preview.sections] == ["Learners"]
    assert [section.name for section in outcome.sections] == ["Learners"]
    roll[7].refresh_from_db()
    assert roll[7].year_group == 8


def test_a_college_learner_leaves_on_the_planned_end_date(db):
    with travel_to(dt.date(2026, 10, 1)):
        college = InstitutionFactory(
            kind=Institution.Kind.COLLEGE,
            urn="",
            ukprn="10001234",
            lowest_year_group=12,
            highest_year_group=14,
        )
        finishing = LearnerFactory(
            institution=college, year_group=13, planned_end_date=dt.date(2027, 6, 30)
        )
        continuing = LearnerFactory(
            institution=college, year_group=12, planned_end_date=dt.date(2028, 6, 30)
        )
        # A Year 11-aged learner at a college is no school leaver: no planned end, moves on.
        first_year = LearnerFactory(institution=college, year_group=12)
    with travel_to(JULY):
        apply(college)
    finishing.refresh_from_db()
    continuing.refresh_from_db()
    first_year.refresh_from_db()
    assert (finishing.year_group, finishing.date_of_leaving) == (13, dt.date(2027, 6, 30))
    assert (continuing.year_group, continuing.date_of_leaving) == (13, None)
    assert (first_year.year_group, first_year.date_of_leaving) == (13, None)


def test_a_school_without_a_sixth_form_has_nobody_to_tick(db):
    with travel_to(dt.date(2026, 10, 1)):
        school = InstitutionFactory(
            phase=Institution.Phase.SECONDARY, lowest_year_group=7, highest_year_group=11
        )
        year_11 = LearnerFactory(institution=school, year_group=11)
    with travel_to(JULY):
        preview = year_start.new_year_preview(institution=school, from_start=2026, to_start=2027)
        apply(school, staying_on={year_11.pk})  # a forged tick changes nothing
    assert preview.moves.may_stay == []
    year_11.refresh_from_db()
    assert (year_11.year_group, year_11.date_of_leaving) == (11, LAST_DAY)


@pytest.mark.parametrize(
    ("day", "offered"),
    [
        (dt.date(2027, 3, 15), None),
        (dt.date(2027, 6, 30), None),
        (dt.date(2027, 7, 1), (2026, 2027)),
        (LAST_DAY, (2026, 2027)),
        (SEPTEMBER_1, (2026, 2027)),  # late, while 2027/28 is not started
        (dt.date(2027, 10, 31), (2026, 2027)),
        (dt.date(2027, 11, 1), None),
    ],
)
def test_it_is_offered_from_july(db, day, offered):
    institution = InstitutionFactory()
    assert year_start.years_offered(institution, day) == offered
    assert year_start.next_offered_on(dt.date(2027, 3, 15)) == dt.date(2027, 7, 1)


def test_once_started_in_september_it_is_not_offered_again_until_july(school):
    institution, _ = school
    with travel_to(SEPTEMBER_1):
        apply(institution)
        assert year_start.years_offered(institution, SEPTEMBER_1) is None
    assert year_start.years_offered(institution, dt.date(2028, 7, 1)) == (2027, 2028)


def test_old_year_encounters_and_coverage_stay_readable_and_bm5_starts_again(school):
    institution, roll = school
    with travel_to(dt.date(2026, 10, 20)):
        talk = meaningful_encounter(
            institution,
            [roll[7], roll[8]],
            number=5,
            date=dt.date(2026, 10, 15),
            year_groups=[7, 8],
        )
        meeting = GuidanceMeetingFactory(learner=roll[11], date=dt.date(2026, 10, 1))
    with travel_to(JULY):
        assert rules.learner_is_covered(roll[7], 5, JULY)
        apply(institution)
        # Still 2026/27 until 31 August: the encounter is listed in this year's list as it was.
        assert talk in selectors.encounter_list(
            institution, year_start=rules.academic_year_start(JULY)
        )
    talk.refresh_from_db()
    meeting.refresh_from_db()
    assert (meeting.learner_id, meeting.date) == (roll[11].pk, dt.date(2026, 10, 1))
    assert talk.date == dt.date(2026, 10, 15)
    assert talk.year_groups == [7, 8]
    assert set(talk.attendance.values_list("learner_id", flat=True)) == {roll[7].pk, roll[8].pk}
    roll[7].refresh_from_db()
    assert roll[7].year_group == 8
    # Benchmark 5 is every year: on 1 September the Year 7 talk no longer covers them.
    assert rules.learner_is_covered(roll[7], 5, LAST_DAY)
    assert not rules.learner_is_covered(roll[7], 5, SEPTEMBER_1)


def test_a_year_11_leavers_intended_destination_is_listed_to_confirm(school):
    institution, roll = school
    with travel_to(JULY):
        year = year_start._years(2026, 2027)[0]
        DestinationRecord.objects.create(
            learner=roll[11],
            academic_year=year,
            stage=DestinationRecord.Stage.INTENDED,
            category="apprenticeship",
            provider="Acme Engineering",
        )
        preview = year_start.new_year_preview(
            institution=institution, from_start=2026, to_start=2027
        )
        apply(institution, staying_on={roll["stays"].pk})
    destinations = next(s for s in preview.sections if s.name == "Destinations")
    assert destinations.changes[0].count == 2  # both Year 11 before the choice is made
    listed = DestinationToConfirm.objects.get()
    assert listed.learner == roll[11]
    assert (listed.intended_category, listed.intended_provider) == (
        "apprenticeship",
        "Acme Engineering",
    )

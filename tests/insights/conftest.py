"""A school with figures in every app, for the dashboards and the report: 40 learners in
Year 10 (enough to show), 3 in Year 13 (a small group: "c" for governors), a plan with an
overdue action, two self-assessments a year apart, and last year's leavers' destinations."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.models import AnswerStatus
from careers_portal.schools.models import AcademicYear
from careers_portal.schools.services import academic_year_ensure
from destinations import services as destinations
from tests.benchmarks.factories import SelfAssessmentFactory, answer_all
from tests.conftest import AUTUMN_TERM_2026, pinned_today
from tests.encounters.factories import (
    GuidanceMeetingFactory,
    PlannedActivityFactory,
    meaningful_encounter,
)
from tests.factories import LearnerFactory
from tests.plans.factories import (
    ActionFactory,
    ObjectiveFactory,
    ReviewFactory,
    StrategicPlanFactory,
)

# Every test here runs on a Sunday of the 2026/27 autumn term: the dates below are written
# around it (last year is 2025/26, its leavers' destinations are known).
_today = pinned_today(AUTUMN_TERM_2026)
TODAY = AUTUMN_TERM_2026


@pytest.fixture
def school(institution, leader, champion, slt, governor):
    """The institution with its figures; returns a dict of what the tests look at."""
    return build_school(institution, leader, champion)


def build_school(institution, leader, champion) -> dict:
    """The figures of `school` (the browser tests build it too)."""
    year10 = [
        LearnerFactory(institution=institution, year_group=10, last_name=f"Learnersurname{i}")
        for i in range(40)
    ]
    year13 = [
        LearnerFactory(institution=institution, year_group=13, last_name=f"Smallgroupname{i}")
        for i in range(3)
    ]
    # 30 of 40 in Year 10 had a meaningful employer encounter: 75%.
    meaningful_encounter(institution, year10[:30], number=5, date=dt.date(2026, 10, 15))
    GuidanceMeetingFactory(learner=year13[0], date=dt.date(2026, 10, 1))

    plan = StrategicPlanFactory(institution=institution, careers_vision="Every learner ready.")
    objective = ObjectiveFactory(plan=plan, number=1, title="Employer encounters for all")
    ActionFactory(
        objective=objective,
        description="Recruit ten employers for mock interviews",
        owner=champion,
        due_date=dt.date(2026, 11, 1),
    )
    ActionFactory(objective=objective, description="Done already", status="done")
    ReviewFactory(
        plan=plan,
        findings="Employer encounters grew in every year group.",
        actions_for_next_year="Work experience week for Year 12",
    )

    # The programme: two activities planned for Year 10, neither delivered; HT1 has passed.
    PlannedActivityFactory(institution=institution, year_groups=[10], half_term=1)
    PlannedActivityFactory(institution=institution, year_groups=[10], half_term=2)

    last = SelfAssessmentFactory(institution=institution, assessed_on=dt.date(2026, 3, 1))
    answer_all(last, AnswerStatus.NOT_MET)
    this = SelfAssessmentFactory(institution=institution, assessed_on=dt.date(2026, 10, 15))
    answer_all(this, AnswerStatus.MET)

    last_year = academic_year_ensure(start_year=AcademicYear.start_year_for(TODAY) - 1)
    leavers = [
        LearnerFactory(
            institution=institution,
            year_group=11,
            last_name=f"Leavername{i}",
            date_of_leaving=dt.date(2026, 7, 20),
        )
        for i in range(20)
    ]
    for index, learner in enumerate(leavers):
        category = "neet" if index < 4 else "fe_college"
        destinations.destination_record(
            learner=learner, academic_year=last_year, stage="actual", by=leader, category=category
        )
    return {
        "plan": plan,
        "objective": objective,
        "year10": year10,
        "year13": year13,
        "leavers": leavers,
        "last_year": last_year,
        "surnames": [person.last_name for person in year10 + year13 + leavers],
    }

"""The "Careers programme" step of the new academic year: carried forward without delivery."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.models import CdiLearningArea, SkillsBuilderSkill
from careers_portal.schools import new_year
from careers_portal.schools.services import academic_year_ensure
from encounters.models import PlannedActivity
from encounters.programme import ProgrammeNewYearStep
from tests.encounters.factories import EncounterFactory, PlannedActivityFactory
from tests.factories import InstitutionFactory


@pytest.fixture
def years(db):
    return academic_year_ensure(start_year=2026), academic_year_ensure(start_year=2027)


def _step():
    (step,) = [s for s in new_year.steps() if s.name == "Careers programme"]
    return step


def test_it_is_registered_as_the_careers_programme_step():
    assert isinstance(_step(), ProgrammeNewYearStep)


def test_it_previews_without_changing_anything(institution, years, leader):
    this, following = years
    PlannedActivityFactory(institution=institution, academic_year=this, title="Options evening")
    (change,) = _step().preview(institution=institution, from_year=this, to_year=following)
    assert change.count == 1
    assert change.items[0].startswith("Options evening")
    assert "2027/28" in change.label
    assert not PlannedActivity.objects.filter(academic_year=following).exists()


def test_it_carries_activities_and_leaves_their_delivery_behind(institution, years, leader):
    this, following = years
    activity = PlannedActivityFactory(
        institution=institution,
        academic_year=this,
        title="Work experience week",
        year_groups=[10],
        half_term=6,
        month=7,
        pathway="",
        lead="Work experience coordinator",
        learning_outcome="Carry out a task set by an employer.",
        is_pal=False,
        benchmark_numbers=[6],
    )
    activity.cdi_areas.set(CdiLearningArea.objects.filter(code="explore", stage="14-16"))
    activity.skills.set(SkillsBuilderSkill.objects.filter(name="Teamwork"))
    encounter = EncounterFactory(
        institution=institution, date=dt.date(2027, 7, 1), planned_activity=activity
    )
    other = PlannedActivityFactory(institution=InstitutionFactory(), academic_year=this)

    (change,) = _step().apply(institution=institution, from_year=this, to_year=following, by=leader)

    assert change.count == 1
    copy = PlannedActivity.objects.get(academic_year=following)
    assert copy.institution == institution
    assert (copy.title, copy.year_groups, copy.half_term, copy.month) == (
        "Work experience week",
        [10],
        6,
        7,
    )
    assert copy.lead == "Work experience coordinator"
    assert copy.learning_outcome == "Carry out a task set by an employer."
    assert [b.number for b in copy.benchmarks.all()] == [6]
    assert list(copy.cdi_areas.values_list("code", flat=True)) == ["explore"]
    assert list(copy.skills.values_list("name", flat=True)) == ["Teamwork"]
    assert copy.carried_from == activity
    # Delivery stays with the old year: the encounter still names the old activity.
    assert not copy.encounters.exists()
    encounter.refresh_from_db()
    assert encounter.planned_activity == activity
    # Another institution's programme is not touched.
    assert not PlannedActivity.objects.filter(
        institution=other.institution, academic_year=following
    )


def test_running_it_twice_changes_nothing_the_second_time(institution, years, leader):
    this, following = years
    PlannedActivityFactory.create_batch(3, institution=institution, academic_year=this)
    _step().apply(institution=institution, from_year=this, to_year=following, by=leader)
    before = list(
        PlannedActivity.objects.order_by("pk").values_list("pk", "academic_year", "title")
    )

    (preview,) = _step().preview(institution=institution, from_year=this, to_year=following)
    (change,) = _step().apply(institution=institution, from_year=this, to_year=following, by=leader)

    assert preview.count == change.count == 0
    assert (
        list(PlannedActivity.objects.order_by("pk").values_list("pk", "academic_year", "title"))
        == before
    )


def test_an_activity_planned_since_is_carried_on_the_second_run(institution, years, leader):
    this, following = years
    PlannedActivityFactory(institution=institution, academic_year=this)
    _step().apply(institution=institution, from_year=this, to_year=following, by=leader)
    PlannedActivityFactory(institution=institution, academic_year=this, title="Added late")
    (change,) = _step().apply(institution=institution, from_year=this, to_year=following, by=leader)
    assert change.count == 1
    assert PlannedActivity.objects.filter(academic_year=following).count() == 2

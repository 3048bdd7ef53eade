"""The demo organisations, encounters and guidance meetings seed_demo makes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from careers_portal.schools.models import Institution
from encounters import rules
from encounters.models import Encounter, GuidanceMeeting, Organisation

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def institution_seeded(db) -> Institution:
    call_command("seed_demo", learners=300, stdout=io.StringIO())
    return Institution.objects.get()


def test_it_adds_employers_and_every_kind_of_provider(institution_seeded):
    kinds = set(Organisation.objects.values_list("kind", flat=True))

    assert {
        Organisation.Kind.EMPLOYER,
        Organisation.Kind.FE_COLLEGE,
        Organisation.Kind.UNIVERSITY,
        Organisation.Kind.APPRENTICESHIP_PROVIDER,
    } <= kinds
    assert Organisation.objects.filter(approved_provider=True).exists()
    assert Organisation.objects.filter(kind="employer").values("sector").distinct().count() >= 5


def test_it_spreads_encounters_over_two_years_and_every_year_group(institution_seeded):
    encounters = list(Encounter.objects.all())
    years = {year for encounter in encounters for year in encounter.year_groups}

    assert years == set(range(7, 14))
    assert any(e.date >= dt.date(2026, 9, 1) for e in encounters)
    assert any(e.date < dt.date(2026, 9, 1) for e in encounters)
    assert {e.kind for e in encounters} >= {"employer_talk", "workplace_visit", "careers_fair"}


def test_it_makes_most_encounters_meaningful_but_not_all(institution_seeded):
    evidenced = Encounter.objects.filter(benchmarks__number__in=[5, 6, 7]).distinct()
    meaningful = (
        evidenced.filter(meaningful_bm5=True)
        | evidenced.filter(meaningful_bm6=True)
        | evidenced.filter(meaningful_bm7=True)
    )

    assert evidenced.count() > meaningful.distinct().count() > evidenced.count() / 2


def test_it_leaves_coverage_partial(institution_seeded):
    rows = rules.coverage_by_year_group(institution_seeded, TODAY)
    percents = [cell.share.percent for row in rows for cell in row.cells]

    assert len(rows) == 7
    assert any(0 < p < 100 for p in percents)
    assert 0 in percents and 100 in percents


def test_it_shows_no_red_in_the_autumn_term_for_rules_not_yet_due(institution_seeded):
    # Issue 11: Year 7 showed BM6 and BM8 ("by 16") as red 0%; in November nothing is behind yet.
    rows = {row.year_group: row for row in rules.coverage_by_year_group(institution_seeded, TODAY)}

    assert not [cell for row in rows.values() for cell in row.cells if cell.judgement.is_red]
    assert rows[7].states[6].judgement.state == rules.State.ON_THE_WAY
    assert rows[10].states[8].judgement.state == rules.State.ON_THE_WAY
    bm5 = {row.states[5].judgement.label for row in rows.values()}
    assert bm5 <= {"Met", "Due by July 2027"} and "Due by July 2027" in bm5


def test_it_shows_pal_phases_met_and_in_progress(institution_seeded):
    phases = rules.pal_phases(institution_seeded, TODAY)

    assert [phase.offered for phase in phases] == [2, 2, 1]
    assert (phases[0].status.label, phases[0].status.colour) == ("Met", "green")
    assert phases[1].status.label == "In progress"


def test_it_records_past_guidance_meetings_for_year_11_and_year_13(institution_seeded):
    meetings = GuidanceMeeting.objects.select_related("learner")

    assert meetings.exists()
    assert {m.learner.year_group for m in meetings} == {11, 13}
    assert all(m.date <= TODAY for m in meetings)


def test_it_adds_a_larger_schools_new_learners_to_the_same_encounters(db):
    from encounters.models import EncounterLearner

    call_command("seed_demo", learners=100, stdout=io.StringIO())
    encounters, attended = Encounter.objects.count(), EncounterLearner.objects.count()

    call_command("seed_demo", learners=300, stdout=io.StringIO())

    assert Encounter.objects.count() == encounters
    assert EncounterLearner.objects.count() > attended
    topped_up = EncounterLearner.objects.count()
    call_command("seed_demo", learners=300, stdout=io.StringIO())
    assert EncounterLearner.objects.count() == topped_up


def test_it_plans_this_years_careers_programme_partly_delivered(institution_seeded):
    from encounters.models import PlannedActivity

    years = set(PlannedActivity.objects.values_list("academic_year__start_year", flat=True))
    assert years == {2026}
    assert PlannedActivity.objects.count() == 22
    assert Encounter.objects.filter(planned_activity__isnull=False).count() >= 5
    assert PlannedActivity.objects.filter(department__name="Computing").exists()


def test_seeding_again_adds_no_planned_activity(institution_seeded):
    from encounters.models import PlannedActivity

    before = PlannedActivity.objects.count()
    call_command("seed_demo", learners=300, stdout=io.StringIO())
    assert PlannedActivity.objects.count() == before

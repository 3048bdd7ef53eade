"""Coverage, meaningful and PAL rules at their boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.models import MeaningfulCriterion
from careers_portal.schools.models import Institution
from encounters import rules
from encounters.models import Organisation
from tests.encounters.factories import (
    GuidanceMeetingFactory,
    OrganisationFactory,
    meaningful_encounter,
    pal_encounter,
)
from tests.factories import InstitutionFactory, LearnerFactory

TODAY = dt.date(2026, 11, 22)

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return InstitutionFactory(name="Northfield Academy")


def test_it_names_the_missing_meaningful_criteria():
    bm5 = list(MeaningfulCriterion.objects.filter(benchmark_number=5))
    met = [c for c in bm5 if c.code != "reflection"]
    missing = rules.missing_criteria([5, 4], met)
    assert [c.code for c in missing[5]] == ["reflection"]
    assert 4 not in missing
    assert not rules.is_meaningful(5, missing)
    assert rules.is_meaningful(5, rules.missing_criteria([5], bm5))


def test_it_needs_the_benchmark_evidenced_to_be_meaningful():
    all_criteria = MeaningfulCriterion.objects.all()
    assert not rules.is_meaningful(6, rules.missing_criteria([5], all_criteria))


def test_it_counts_bm5_only_this_academic_year(school):
    learner = LearnerFactory(institution=school, year_group=9)
    meaningful_encounter(school, [learner], date=dt.date(2026, 8, 31))
    assert not rules.learner_is_covered(learner, 5, TODAY)
    meaningful_encounter(school, [learner], date=dt.date(2026, 9, 1))
    assert rules.learner_is_covered(learner, 5, TODAY)


def test_it_does_not_count_an_encounter_that_has_not_happened_yet(school):
    learner = LearnerFactory(institution=school, year_group=9)
    meaningful_encounter(school, [learner], date=TODAY + dt.timedelta(days=1))
    assert not rules.learner_is_covered(learner, 5, TODAY)
    assert rules.learner_is_covered(learner, 5, TODAY + dt.timedelta(days=1))


def test_it_does_not_count_an_encounter_missing_a_criterion(school):
    learner = LearnerFactory(institution=school, year_group=9)
    encounter = meaningful_encounter(school, [learner])
    encounter.meaningful_criteria.remove(
        MeaningfulCriterion.objects.get(benchmark_number=5, code="two_way")
    )
    from encounters.services import encounter_refresh_meaningful

    encounter_refresh_meaningful(encounter)
    assert not rules.learner_is_covered(learner, 5, TODAY)


def test_it_keeps_a_y11_workplace_experience_until_the_end_of_y11_only(school):
    # Now Y11: last year's (Y10) work experience counts by the end of Y11.
    y11 = LearnerFactory(institution=school, year_group=11)
    meaningful_encounter(school, [y11], number=6, date=dt.date(2026, 7, 10))
    assert rules.learner_is_covered(y11, 6, TODAY)
    # Now Y12: work experience of Y11 (before 1 September) is not the further one by 18.
    y12 = LearnerFactory(institution=school, year_group=12)
    meaningful_encounter(school, [y12], number=6, date=dt.date(2026, 8, 31))
    assert not rules.learner_is_covered(y12, 6, TODAY)
    meaningful_encounter(school, [y12], number=6, date=dt.date(2026, 9, 1))
    assert rules.learner_is_covered(y12, 6, TODAY)


def test_it_counts_a_y13_workplace_experience_from_the_start_of_y12(school):
    y13 = LearnerFactory(institution=school, year_group=13)
    meaningful_encounter(school, [y13], number=6, date=dt.date(2025, 9, 1))
    assert rules.learner_is_covered(y13, 6, TODAY)


def test_it_needs_both_kinds_of_provider_for_bm7_by_16(school):
    learner = LearnerFactory(institution=school, year_group=10)
    college = OrganisationFactory(institution=school, kind=Organisation.Kind.FE_COLLEGE)
    university = OrganisationFactory(institution=school, kind=Organisation.Kind.UNIVERSITY)
    meaningful_encounter(school, [learner], number=7, organisations=[college])
    assert not rules.learner_is_covered(learner, 7, TODAY)
    meaningful_encounter(school, [learner], number=7, organisations=[university])
    assert rules.learner_is_covered(learner, 7, TODAY)


def test_it_needs_two_he_visits_in_the_sixth_form(school):
    learner = LearnerFactory(institution=school, year_group=13)
    university = OrganisationFactory(institution=school, kind=Organisation.Kind.UNIVERSITY)
    meaningful_encounter(school, [learner], number=7, organisations=[university])
    assert not rules.learner_is_covered(learner, 7, TODAY)
    meaningful_encounter(school, [learner], number=7, organisations=[university])
    assert rules.learner_is_covered(learner, 7, TODAY)


def test_it_needs_a_further_guidance_meeting_after_16(school):
    y11 = LearnerFactory(institution=school, year_group=11)
    y12 = LearnerFactory(institution=school, year_group=12)
    GuidanceMeetingFactory(learner=y11, date=dt.date(2026, 3, 1))
    GuidanceMeetingFactory(learner=y12, date=dt.date(2026, 3, 1))
    assert rules.learner_is_covered(y11, 8, TODAY)
    assert not rules.learner_is_covered(y12, 8, TODAY)
    GuidanceMeetingFactory(learner=y12, date=dt.date(2026, 10, 1))
    assert rules.learner_is_covered(y12, 8, TODAY)


def test_it_counts_a_learner_joining_mid_year_on_roll_and_not_covered_until_attached(school):
    others = LearnerFactory.create_batch(3, institution=school, year_group=9)
    encounter = meaningful_encounter(school, others)
    newcomer = LearnerFactory(institution=school, year_group=9)  # joined after the talk
    leaver = LearnerFactory(institution=school, year_group=9, date_of_leaving=dt.date(2026, 10, 31))
    (row,) = rules.coverage_by_year_group(school, TODAY)
    assert (row.total, row.shares[5].met) == (4, 3)
    assert list(rules.not_covered(school, TODAY, benchmark=5, year_group=9)) == [newcomer]
    from encounters.services import attach_learners

    attach_learners(encounter, [newcomer.pk])
    (row,) = rules.coverage_by_year_group(school, TODAY)
    assert (row.total, row.shares[5].met) == (4, 4)
    assert leaver not in rules.not_covered(school, TODAY, benchmark=5, year_group=None)


def test_it_asks_a_college_learner_for_two_employer_encounters_a_year():
    college = InstitutionFactory(kind=Institution.Kind.COLLEGE, urn="", ukprn="10001234")
    learner = LearnerFactory(institution=college, year_group=12)
    meaningful_encounter(college, [learner])
    assert not rules.learner_is_covered(learner, 5, TODAY)
    meaningful_encounter(college, [learner])
    assert rules.learner_is_covered(learner, 5, TODAY)


def test_it_counts_any_workplace_experience_and_guidance_of_a_college_learner():
    college = InstitutionFactory(kind=Institution.Kind.COLLEGE, urn="", ukprn="10001235")
    learner = LearnerFactory(institution=college, year_group=13)
    meaningful_encounter(college, [learner], number=6, date=dt.date(2025, 10, 1))
    GuidanceMeetingFactory(learner=learner, date=dt.date(2025, 10, 1))
    assert rules.learner_is_covered(learner, 6, TODAY)
    assert rules.learner_is_covered(learner, 8, TODAY)


def test_it_breaks_coverage_down_by_cohort(school):
    send = LearnerFactory(institution=school, year_group=9, send="K")
    other = LearnerFactory(institution=school, year_group=9, gender="M")
    meaningful_encounter(school, [send])
    rows = {row.label: row for row in rules.coverage_by_cohort(school, TODAY)}
    assert rows["All learners"].shares[5] == rules.Share(1, 2)
    assert rows["SEND (SEN support or EHCP)"].shares[5] == rules.Share(1, 1)
    assert rows["Male"].shares[5] == rules.Share(0, 1)
    assert other in rules.not_covered(school, TODAY, benchmark=5, year_group=9)


# --- PAL ------------------------------------------------------------------------------------


def test_it_counts_a_pal_encounter_on_28_february_but_not_on_1_march(school):
    learner = LearnerFactory(institution=school, year_group=9)
    pal_encounter(school, [learner], date=dt.date(2027, 2, 28), year_groups=[9])
    pal_encounter(school, [learner], date=dt.date(2027, 3, 1), year_groups=[9])
    phase = rules.pal_phases(school, dt.date(2027, 3, 15))[0]
    assert (phase.offered, phase.attended_one, phase.attended_two) == (1, 1, 0)
    assert _badge(phase) == ("Deadline missed", "red")


def test_it_counts_pal_encounters_of_y8_and_y9_for_the_y9_deadline(school):
    learner = LearnerFactory(institution=school, year_group=9)
    pal_encounter(school, [learner], date=dt.date(2026, 3, 1), year_groups=[8])
    pal_encounter(school, [learner], date=dt.date(2026, 10, 1), year_groups=[9])
    pal_encounter(school, [], date=dt.date(2025, 7, 1), year_groups=[8])  # they were in Y7
    phase = rules.pal_phases(school, TODAY)[0]
    assert (phase.offered, phase.learners, phase.attended_two) == (2, 1, 1)
    assert phase.met and _badge(phase) == ("Met", "green")


def test_it_ignores_pal_encounters_outside_the_school_day_or_without_an_approved_provider(school):
    learner = LearnerFactory(institution=school, year_group=11)
    evening = pal_encounter(school, [learner], date=dt.date(2026, 10, 1), year_groups=[11])
    evening.is_pal = False  # the constraint forbids PAL outside the school day
    evening.in_school_day = False
    evening.save()
    unapproved = OrganisationFactory(institution=school, kind=Organisation.Kind.FE_COLLEGE)
    pal_encounter(
        school, [learner], date=dt.date(2026, 10, 2), year_groups=[11], provider=unapproved
    )
    phase = rules.pal_phases(school, TODAY)[1]
    assert (phase.offered, phase.attended_one) == (0, 0)


def _badge(phase) -> tuple[str, str]:
    """The PAL phase's badge as (words, colour class name)."""
    return (phase.status.label, str(phase.status.colour))


def test_it_warns_from_1_january_when_a_phase_is_not_met(school):
    LearnerFactory(institution=school, year_group=11)
    assert _badge(rules.pal_phases(school, dt.date(2026, 12, 31))[1]) == ("In progress", "blue")
    phase = rules.pal_phases(school, dt.date(2027, 1, 1))[1]
    assert phase.warn and _badge(phase) == ("Deadline near", "amber")
    assert rules.pal_phases(school, dt.date(2027, 2, 28))[1].warn
    assert _badge(rules.pal_phases(school, dt.date(2027, 3, 1))[1]) == ("Deadline missed", "red")


def test_it_only_asks_sixth_formers_to_be_offered_pal_encounters(school):
    learner = LearnerFactory(institution=school, year_group=13)
    pal_encounter(school, [], date=dt.date(2026, 10, 1), year_groups=[13])
    pal_encounter(school, [learner], date=dt.date(2026, 10, 2), year_groups=[12, 13])
    phase = rules.pal_phases(school, TODAY)[2]
    assert phase.offered == 2 and phase.attended_two == 0
    assert phase.met


def test_it_suggests_pal_for_an_approved_provider_in_the_school_day(school):
    provider = OrganisationFactory(institution=school, kind="itp", approved_provider=True)
    employer = OrganisationFactory(institution=school)
    assert rules.pal_suggested(in_school_day=True, organisations=[employer, provider])
    assert not rules.pal_suggested(in_school_day=False, organisations=[provider])
    assert not rules.pal_suggested(in_school_day=True, organisations=[employer])

"""Kept coverage counts (encounters.kept, issue 14): after any sequence of writes the kept counts
equal the counts computed from scratch by encounters.rules, on the day they are read."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from benchmarks.models import Benchmark, MeaningfulCriterion
from careers_portal.schools import learner_import
from careers_portal.schools.models import Learner
from encounters import kept, rules, services, tasks
from encounters.importing import encounters_import
from encounters.models import (
    Encounter,
    EncounterLearner,
    GuidanceMeeting,
    KeptCoverage,
    KeptCoverageGroup,
    Organisation,
)
from tests.conftest import AUTUMN_TERM_2026, travel_to
from tests.encounters.factories import GuidanceMeetingFactory, meaningful_encounter
from tests.factories import InstitutionFactory, LearnerFactory

pytestmark = pytest.mark.django_db

TODAY = AUTUMN_TERM_2026  # the folder's pinned day (tests/encounters/conftest.py)
KINDS = [Encounter.Kind.EMPLOYER_TALK, Encounter.Kind.WORK_EXPERIENCE, Encounter.Kind.HE_VISIT]


def _key(group: dict) -> tuple:
    return tuple(group[name] for name in rules.GROUP_FIELDS)


def _scratch(institution, day=TODAY) -> list[dict]:
    return sorted(rules.coverage_groups(institution, day), key=_key)


def _kept_rows(institution) -> list[dict]:
    rows = KeptCoverageGroup.objects.filter(institution=institution).values(
        *rules.GROUP_FIELDS, *kept.COUNT_FIELDS
    )
    return sorted(rows, key=_key)


def assert_kept_right(institution, day=TODAY) -> None:
    """The kept rows are today's and equal to the figures computed from scratch."""
    assert KeptCoverage.objects.get(institution=institution).as_of == day
    assert _kept_rows(institution) == _scratch(institution, day)


def _school(rng: random.Random):
    institution = InstitutionFactory()
    learners = [
        LearnerFactory(
            institution=institution,
            year_group=rng.randint(7, 13),
            gender=rng.choice("FM"),
            send=rng.choice("NNNK"),
            disadvantaged=rng.random() < 0.3,
        )
        for _ in range(40)
    ]
    for name, kind in (
        ("College", Organisation.Kind.FE_COLLEGE),
        ("University", Organisation.Kind.UNIVERSITY),
        ("Employer", Organisation.Kind.EMPLOYER),
    ):
        Organisation.objects.create(institution=institution, name=name, kind=kind)
    return institution, learners


def _encounter_data(rng: random.Random, institution) -> dict:
    numbers = rng.sample([5, 6, 7], rng.randint(1, 3))
    criteria = [
        c
        for c in MeaningfulCriterion.objects.filter(benchmark_number__in=numbers)
        if rng.random() < 0.85  # now and then one criterion short of meaningful
    ]
    return {
        "title": f"Encounter {rng.random():.6f}",
        # Past, this year and ahead of today (which counts only once it has happened).
        "date": TODAY + dt.timedelta(days=rng.randint(-500, 150)),
        "kind": rng.choice(KINDS),
        "benchmarks": list(Benchmark.objects.filter(version="2025", number__in=numbers)),
        "meaningful_criteria": criteria,
        "organisations": rng.sample(
            list(Organisation.objects.for_institution(institution)), rng.randint(0, 2)
        ),
    }


def _years_on_roll(institution) -> list[int]:
    return sorted(set(rules.on_roll(institution).values_list("year_group", flat=True)))


def _log(rng, institution):
    years = rng.sample(_years_on_roll(institution), rng.randint(1, 2))
    services.encounter_log(
        institution=institution,
        by=None,
        today=TODAY,
        year_groups=years,
        **_encounter_data(rng, institution),
    )


def _update(rng, institution):
    encounter = rng.choice(list(Encounter.objects.for_institution(institution)))
    years = set(encounter.year_groups) | {rng.choice(_years_on_roll(institution))}
    services.encounter_update(
        encounter=encounter, today=TODAY, year_groups=years, **_encounter_data(rng, institution)
    )


def _attach(rng, institution):
    encounter = rng.choice(list(Encounter.objects.for_institution(institution)))
    learners = rng.sample(list(rules.on_roll(institution)), 3)
    services.attach_learners(encounter, [learner.pk for learner in learners])


def _detach(rng, institution):
    attendance = list(
        EncounterLearner.objects.for_institution(institution).select_related("encounter", "learner")
    )
    if attendance:
        row = rng.choice(attendance)
        services.detach_learner(row.encounter, row.learner)


def _guidance(rng, institution):
    services.guidance_meeting_record(
        learner=rng.choice(list(rules.on_roll(institution))),
        by=None,
        today=TODAY,
        date=TODAY - dt.timedelta(days=rng.randint(0, 900)),
        adviser_name="Sam Adviser",
        adviser_level6=True,
    )


def _import_roll(rng, institution):
    """The MIS file moves some learners to another year group, adds one, and marks one left."""
    on_roll = list(rules.on_roll(institution))
    rows = ["UPN,Surname,Forename,Year"]
    for learner in on_roll[1:]:
        year = rng.randint(7, 13) if rng.random() < 0.2 else learner.year_group
        rows.append(f"{learner.upn},{learner.last_name},{learner.first_name},Year {year}")
    newcomer = LearnerFactory.build(institution=institution)
    rows.append(f"{newcomer.upn},Newcomer,Nia,Year {rng.randint(7, 13)}")
    dataset = learner_import.read(("\r\n".join(rows) + "\r\n").encode(), "csv")
    mapping = learner_import.suggested_mapping(institution, dataset.headers)
    report = learner_import.apply(
        institution=institution, dataset=dataset, mapping=mapping, today=TODAY, mark_left=True
    )
    assert not report.has_errors


def _import_encounters(rng, institution):
    year = rng.choice(_years_on_roll(institution))
    day = TODAY - dt.timedelta(days=rng.randint(0, 60))
    dataset = tablib.Dataset().load(
        "title,date,kind,in_school_day,benchmarks,meaningful_criteria,year_groups,is_pal\n"
        f"Imported talk,{day:%Y-%m-%d},Employer talk,1,5,"
        f"5:purpose;5:outcomes;5:two_way;5:reflection,{year},0\n",
        format="csv",
    )
    report = encounters_import(
        institution=institution, by=None, today=TODAY, dataset=dataset, dry_run=False
    )
    assert report.applied, report.rows


WRITES = [_log, _update, _attach, _detach, _guidance, _import_roll, _import_encounters]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_kept_counts_equal_the_counts_from_scratch_after_any_sequence_of_writes(seed):
    rng = random.Random(seed)
    institution, _learners = _school(rng)
    kept.rebuild(institution, TODAY)
    assert_kept_right(institution)
    _log(rng, institution)
    done = set()
    for _step in range(25):
        write = rng.choice(WRITES)
        write(rng, institution)
        done.add(write.__name__)
        assert_kept_right(institution)
    # The sequence had something to keep: some learners covered, some not.
    groups = _scratch(institution)
    assert any(group["bm5"] for group in groups)
    assert any(group["bm5"] < group["total"] for group in groups)
    assert len(done) >= 5, done


def test_the_first_write_of_a_day_recomputes_every_year_group_not_only_its_own(institution):
    learners = [LearnerFactory(institution=institution, year_group=year) for year in (9, 10)]
    meaningful_encounter(institution, learners)
    kept.rebuild(institution, TODAY - dt.timedelta(days=1))
    # Today, an encounter logged for Year 9 alone: Year 10's counts are today's too.
    services.encounter_log(
        institution=institution,
        by=None,
        today=TODAY,
        year_groups=[9],
        title="Talk",
        date=TODAY,
        kind=Encounter.Kind.EMPLOYER_TALK,
    )
    assert_kept_right(institution)


def test_a_write_outside_the_services_marks_them_stale_and_the_page_rebuilds_them(
    client_for, leader, institution
):
    learner = LearnerFactory(institution=institution, year_group=9)
    meaningful_encounter(institution, [learner])
    assert_kept_right(institution)
    client = client_for(leader)

    # A shell or the admin: a new learner, a meeting, a deleted encounter, a changed kind.
    LearnerFactory(institution=institution, year_group=9)
    assert KeptCoverage.objects.get(institution=institution).as_of is None
    assert "1 of 2" in client.get(reverse("encounters:coverage")).content.decode()
    assert_kept_right(institution)

    GuidanceMeetingFactory(learner=learner, date=TODAY)
    assert KeptCoverage.objects.get(institution=institution).as_of is None
    assert kept.groups(institution, TODAY) == rules.coverage_groups(institution, TODAY)

    Encounter.objects.for_institution(institution).delete()
    assert KeptCoverage.objects.get(institution=institution).as_of is None
    assert sum(group["bm5"] for group in kept.groups(institution, TODAY)) == 0
    assert_kept_right(institution)

    Learner.objects.filter(pk=learner.pk).first().delete()
    assert KeptCoverage.objects.get(institution=institution).as_of is None
    kept.groups(institution, TODAY)
    assert_kept_right(institution)


def test_a_failed_write_keeps_the_counts_it_did_not_change(institution):
    learner = LearnerFactory(institution=institution, year_group=9)
    meaningful_encounter(institution, [learner])
    before = _kept_rows(institution)
    with pytest.raises(ValidationError, match="in the future"):
        services.guidance_meeting_record(
            learner=learner,
            by=None,
            today=TODAY,
            date=TODAY + dt.timedelta(days=3),
            adviser_name="Sam",
            adviser_level6=True,
        )
    assert _kept_rows(institution) == before
    assert not GuidanceMeeting.objects.exists()


def test_on_the_first_day_of_a_new_year_the_reader_rebuilds_and_bm5_starts_again(institution):
    learner = LearnerFactory(institution=institution, year_group=9)
    last_day = dt.date(_year_start(TODAY) + 1, 8, 31)
    with travel_to(last_day):
        meaningful_encounter(institution, [learner], date=last_day - dt.timedelta(days=60))
        assert sum(group["bm5"] for group in kept.groups(institution, last_day)) == 1
    first_day = last_day + dt.timedelta(days=1)
    with travel_to(first_day):
        groups = kept.groups(institution, first_day)
        assert sum(group["bm5"] for group in groups) == 0
        assert_kept_right(institution, first_day)


def _year_start(day: dt.date) -> int:
    return rules.academic_year_start(day).year


def test_the_nightly_job_rebuilds_every_institution_one_task_each(institution, other_institution):
    for each in (institution, other_institution):
        meaningful_encounter(each, [LearnerFactory(institution=each, year_group=9)])
        kept.mark_stale(each.pk)
    # Without a broker the tasks run eagerly, one per institution.
    assert tasks.rebuild_coverage_nightly.delay().get() == 2
    for each in (institution, other_institution):
        assert_kept_right(each)
    assert tasks.rebuild_coverage(10**9) == 0  # an institution deleted since: nothing to do


def test_the_nightly_jobs_are_in_the_one_beat_schedule():
    from careers_portal.celery import app

    app.loader.import_default_modules()  # autodiscovery, as a worker does at start

    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"encounters.rebuild_coverage_nightly", "schools.apply_retention"} <= scheduled
    assert "encounters.rebuild_coverage" in app.tasks
    assert "schools.apply_retention_for" in app.tasks


def test_the_command_rebuilds_one_institution_or_all(institution, other_institution, capsys):
    meaningful_encounter(institution, [LearnerFactory(institution=institution, year_group=9)])
    kept.mark_stale(institution.pk)
    call_command("rebuild_coverage", "--institution", institution.urn)
    assert_kept_right(institution)
    assert "1 learners on roll" in capsys.readouterr().out
    call_command("rebuild_coverage")
    assert_kept_right(other_institution)
    with pytest.raises(Exception, match="No institution has the URN or UKPRN 999"):
        call_command("rebuild_coverage", "--institution", "999")

"""The leaver cohort's figures counted in the database equal the same rules worked out one learner
at a time (the way cohort_summary() counted them before it grouped in SQL), on random cohorts
with every kind of member: recorded leavers, Year 11 and 13 on roll with nothing recorded, leavers
who left or were anonymised, a college's leavers by planned end date, every stage and category,
providers typed in different cases, and another institution's learners beside them."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from careers_portal.disclosure import figure
from careers_portal.schools.models import AcademicYear, Institution, Learner
from careers_portal.schools.services import academic_year_ensure
from careers_portal.sharing import sharing
from destinations import selectors
from destinations.models import EDUCATION, PARTICIPATING, Category, DestinationRecord
from tests.factories import InstitutionFactory, LearnerFactory

Stage = DestinationRecord.Stage
THIS_YEAR = 2025


def _reference(institution, year, *, current: bool, suppress: bool) -> dict:
    """The rules one learner at a time, as cohort_summary() applied them before."""
    members: dict[int, dict] = {}
    for record in DestinationRecord.objects.filter(
        learner__institution=institution, academic_year=year
    ).select_related("learner"):
        member = members.setdefault(record.learner_id, {"learner": record.learner, "stages": {}})
        member["stages"][record.stage] = record
    learners = Learner.objects.filter(institution=institution)
    if institution.is_college:
        extra = learners.filter(
            anonymised_at__isnull=True,
            planned_end_date__gte=year.start_date,
            planned_end_date__lte=year.end_date,
        )
    elif current:
        extra = learners.on_roll().filter(year_group__in=(11, 13))
    else:
        extra = learners.none()
    for learner in extra:
        members.setdefault(learner.pk, {"learner": learner, "stages": {}})

    def actual(m) -> str:
        record = m["stages"].get(Stage.ACTUAL)
        return record.category if record else Category.UNKNOWN

    size = len(members)

    def share(test):
        return figure(sum(1 for m in members.values() if test(m)), size, suppress=suppress)

    both = [m for m in members.values() if {Stage.INTENDED, Stage.ACTUAL} <= set(m["stages"])]
    matched = sum(1 for m in both if m["stages"][Stage.INTENDED].category == actual(m))
    rows = [
        share(lambda m: actual(m) in EDUCATION),
        share(lambda m: actual(m) == Category.APPRENTICESHIP),
        share(lambda m: actual(m) == Category.EMPLOYMENT_WITH_TRAINING),
        share(lambda m: actual(m) == Category.EMPLOYMENT_WITHOUT_TRAINING),
        share(lambda m: actual(m) == Category.NEET),
        share(lambda m: actual(m) == Category.UNKNOWN),
        share(
            lambda m: (
                Stage.SUSTAINED in m["stages"]
                and m["stages"][Stage.SUSTAINED].category in PARTICIPATING
            )
        ),
        figure(matched, len(both), suppress=suppress),
    ]
    by_category = [share(lambda m, v=value: actual(m) == v) for value in Category.values]
    tests = [
        lambda learner: learner.send != Learner.Send.NONE,
        lambda learner: learner.disadvantaged,
        lambda learner: learner.looked_after,
        lambda learner: learner.gender == Learner.Gender.FEMALE,
        lambda learner: learner.gender == Learner.Gender.MALE,
    ]
    gaps = []
    for test in tests:
        figures = []
        for side in (True, False):
            among = [m for m in members.values() if bool(test(m["learner"])) is side]
            figures.append(
                figure(
                    sum(1 for m in among if actual(m) in PARTICIPATING),
                    len(among),
                    suppress=suppress,
                )
            )
        gaps.append(tuple(figures))
    providers = {
        m["stages"][Stage.ACTUAL].provider.strip().lower()
        for m in members.values()
        if Stage.ACTUAL in m["stages"] and m["stages"][Stage.ACTUAL].provider
    }
    counts = dict.fromkeys(Category.values, 0)
    for m in members.values():
        counts[actual(m)] += 1
    follow_up = set()
    if not suppress:
        follow_up = {
            pk
            for pk, m in members.items()
            if actual(m) in (Category.NEET, Category.UNKNOWN) and m["learner"].anonymised_at is None
        }
    return {
        "size": size,
        "rows": rows,
        "by_category": by_category,
        "gaps": gaps,
        "breadth_categories": sum(
            1 for value, n in counts.items() if n and value != Category.UNKNOWN
        ),
        "breadth_providers": len(providers),
        "follow_up": follow_up,
    }


def _computed(institution, year, *, current: bool, suppress: bool) -> dict:
    summary = selectors.cohort_summary(institution, year, current=current, suppress=suppress)
    return {
        "size": summary.size,
        "rows": [fig for _label, fig in summary.rows],
        "by_category": [fig for _label, fig in summary.by_category],
        "gaps": [(gap["inside"], gap["outside"]) for gap in summary.gaps],
        "breadth_categories": summary.breadth_categories,
        "breadth_providers": summary.breadth_providers,
        "follow_up": set(summary.follow_up.values_list("pk", flat=True)),
    }


def _random_cohort(rng: random.Random, institution, years: list[AcademicYear]) -> None:
    providers = ["Leeds City College", "leeds city college ", "Acme Ltd", "ACME LTD", "", "Bakery"]
    for _ in range(rng.randint(5, 40)):
        left = rng.random() < 0.15
        learner = LearnerFactory(
            institution=institution,
            year_group=rng.choice([10, 11, 11, 12, 13, 13]),
            send=rng.choice(Learner.Send.values),
            disadvantaged=rng.random() < 0.3,
            looked_after=rng.random() < 0.1,
            gender=rng.choice([*Learner.Gender.values, ""]),
            date_of_leaving=dt.date(THIS_YEAR + 1, 6, 30) if left else None,
            planned_end_date=rng.choice(
                [None, dt.date(THIS_YEAR + 1, 7, 15), dt.date(THIS_YEAR, 7, 15)]
            ),
        )
        if rng.random() < 0.1:
            Learner.objects.filter(pk=learner.pk).update(anonymised_at=dt.datetime.now(dt.UTC))
        for year in years:
            for stage in Stage.values:
                if rng.random() < 0.45:
                    DestinationRecord.objects.create(
                        learner=learner,
                        academic_year=year,
                        stage=stage,
                        category=rng.choice(Category.values),
                        provider=rng.choice(providers),
                    )


@pytest.mark.parametrize("kind", [Institution.Kind.SCHOOL, Institution.Kind.COLLEGE])
@pytest.mark.parametrize("seed", range(4))
def test_the_counts_in_the_database_equal_the_rules_one_learner_at_a_time(db, kind, seed):
    rng = random.Random(seed)
    institution = InstitutionFactory(kind=kind)
    years = [
        academic_year_ensure(start_year=THIS_YEAR - 1),
        academic_year_ensure(start_year=THIS_YEAR),
    ]
    _random_cohort(rng, institution, years)
    _random_cohort(rng, InstitutionFactory(), years)  # never counted

    for year in years:
        for current in (True, False):
            for suppress in (True, False):
                expected = _reference(institution, year, current=current, suppress=suppress)
                assert _computed(institution, year, current=current, suppress=suppress) == (
                    expected
                ), (year, current, suppress)


def test_a_page_that_shares_its_figures_counts_the_cohort_once(
    db, django_assert_num_queries, institution
):
    year = academic_year_ensure(start_year=THIS_YEAR)
    _random_cohort(random.Random(1), institution, [year])

    with sharing():
        with django_assert_num_queries(3):
            first = selectors.cohort_summary(institution, year, current=True, suppress=True)
        with django_assert_num_queries(0):
            again = selectors.cohort_summary(institution, year, current=True, suppress=True)

    assert again is first
    with django_assert_num_queries(3):  # outside a page's store, every call counts afresh
        selectors.cohort_summary(institution, year, current=True, suppress=True)

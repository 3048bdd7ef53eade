"""Coverage as set-based SQL (issue 14): a fixed number of queries whatever the school's size, and
a learner's record (which reads only that learner's rows) agreeing with the whole-school figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careers_portal.schools.models import Learner
from encounters import kept, rules
from encounters.models import Encounter, Organisation
from tests.encounters.factories import (
    EncounterFactory,
    GuidanceMeetingFactory,
    meaningful_encounter,
    pal_encounter,
)
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)


def _learners(institution, count, *, start=0):
    """`count` learners spread over Y7-Y13 and cohorts, in one insert."""
    Learner.objects.bulk_create(
        Learner(
            institution=institution,
            mis_id=f"Q{start + n}",
            first_name=f"First{start + n}",
            last_name=f"Last{start + n}",
            year_group=7 + n % 7,
            gender="FM"[n % 2],
            send="K" if n % 10 == 0 else "N",
            disadvantaged=n % 4 == 0,
        )
        for n in range(count)
    )
    return list(
        Learner.objects.filter(institution=institution, mis_id__startswith="Q").order_by("pk")[
            start : start + count
        ]
    )


def _every_kind_of_record(institution, learners):
    """Encounters and meetings touching every rule: BM5-7 meaningful, providers, universities,
    HE visits, PAL, sixth-form and earlier years, and guidance meetings."""
    # Called twice in a test: the organisations are made once.
    provider, _ = Organisation.objects.get_or_create(
        institution=institution, name="College", defaults={"kind": Organisation.Kind.FE_COLLEGE}
    )
    university, _ = Organisation.objects.get_or_create(
        institution=institution, name="University", defaults={"kind": Organisation.Kind.UNIVERSITY}
    )
    meaningful_encounter(institution, learners[::2])
    meaningful_encounter(institution, learners[::3], number=6, date=dt.date(2025, 3, 1))
    meaningful_encounter(institution, learners[1::3], number=6, date=dt.date(2026, 10, 1))
    meaningful_encounter(institution, learners[::2], number=7, organisations=[provider])
    meaningful_encounter(institution, learners[::4], number=7, organisations=[university])
    for day in (dt.date(2025, 10, 1), dt.date(2026, 10, 2)):
        he_visit = EncounterFactory(institution=institution, date=day, kind=Encounter.Kind.HE_VISIT)
        he_visit.learners.add(*learners[::5])
    # Logged ahead of time: counts for nobody yet.
    meaningful_encounter(institution, learners, date=dt.date(2027, 1, 10))
    for learner in learners[::3]:
        GuidanceMeetingFactory(learner=learner, date=dt.date(2025, 2, 1))
    for learner in learners[1::4]:
        GuidanceMeetingFactory(learner=learner, date=dt.date(2026, 10, 1))
    pal_encounter(institution, learners[::2], date=dt.date(2026, 10, 1), year_groups=[9, 11, 13])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_it_runs_the_same_queries_for_10_and_300_learners_on_every_coverage_page(
    client_for, leader, institution
):
    client = client_for(leader)
    client.get(reverse("encounters:coverage"))  # the first request also saves the session
    _every_kind_of_record(institution, _learners(institution, 10))
    # A sixth-former with nothing recorded: every list has a row at both sizes (an empty page
    # is read without a query, which would make the small count smaller for a good reason).
    LearnerFactory(institution=institution, year_group=12)
    learner = Learner.objects.filter(institution=institution).order_by("pk").first()
    pages = [
        reverse("encounters:coverage"),
        reverse("encounters:not_covered") + "?benchmark=7",
        reverse("encounters:not_covered") + "?benchmark=8&year_group=12",
        reverse("encounters:pal"),
        reverse("encounters:outcomes"),
        reverse("encounters:learner_record", args=[learner.pk]),
    ]
    # Learners bulk-created here bypass the services, so the kept coverage counts (encounters.
    # kept) are stale: the first visit rebuilds them, in a fixed number of queries too.
    rebuilt_small = _queries(client, pages[0])
    small = [_queries(client, url) for url in pages]
    assert small[0] < rebuilt_small
    _every_kind_of_record(institution, _learners(institution, 290, start=10))
    kept.mark_stale(institution.pk)
    assert _queries(client, pages[0]) == rebuilt_small
    assert [_queries(client, url) for url in pages] == small


def test_it_gives_a_learners_record_the_same_answer_as_the_whole_school(institution):
    learners = _learners(institution, 70)
    _every_kind_of_record(institution, learners)
    conditions = rules.coverage_conditions(institution, TODAY)
    for number in rules.COVERAGE_BENCHMARKS:
        covered = set(
            rules.on_roll(institution).filter(conditions[number]).values_list("pk", flat=True)
        )
        not_covered = set(
            rules.not_covered(institution, TODAY, benchmark=number, year_group=None).values_list(
                "pk", flat=True
            )
        )
        assert covered and not_covered, f"BM{number}: the data should split the learners"
        assert covered.isdisjoint(not_covered)
        assert covered | not_covered == {learner.pk for learner in learners}
        for learner in learners:
            assert rules.learner_is_covered(learner, number, TODAY) == (learner.pk in covered)
            record = {
                rule.number: rule.met
                for rule in rules.learner_coverage(learner, TODAY)
                if rule.part != "by 16"
            }
            assert record[number] == (learner.pk in covered)


def test_it_counts_the_groups_as_the_learners_one_by_one(institution):
    learners = _learners(institution, 70)
    _every_kind_of_record(institution, learners)
    groups = rules.coverage_groups(institution, TODAY)
    assert sum(group["total"] for group in groups) == 70
    for number in rules.COVERAGE_BENCHMARKS:
        one_by_one = sum(rules.learner_is_covered(learner, number, TODAY) for learner in learners)
        assert sum(group[f"bm{number}"] for group in groups) == one_by_one

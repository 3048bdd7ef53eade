"""Encounters' live evidence beside the self-assessment's criteria (benchmarks.evidence)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks import evidence
from benchmarks.models import Criterion
from careers_portal.accounts.models import Role
from careers_portal.schools.models import Institution, Learner
from encounters.evidence import coverage_evidence
from tests.benchmarks.factories import SelfAssessmentFactory
from tests.encounters.factories import GuidanceMeetingFactory, meaningful_encounter, pal_encounter
from tests.factories import InstitutionFactory, LearnerFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)


def _request(institution, *, benchmarks=range(1, 9), role=Role.CAREERS_LEADER, version="2025"):
    return evidence.EvidenceRequest(
        institution=institution,
        version=version,
        audience="college" if institution.is_college else "school",
        today=TODAY,
        benchmarks=frozenset(benchmarks),
        role=role,
    )


def _by_code(institution, **kwargs):
    return {
        item.criterion_code: item for item in coverage_evidence(_request(institution, **kwargs))
    }


def test_encounters_registers_its_provider_when_the_app_is_ready():
    assert coverage_evidence in evidence.providers()


def test_it_gives_bm5_coverage_by_year_group_with_its_state(institution):
    year9 = LearnerFactory.create_batch(3, institution=institution, year_group=9)
    LearnerFactory.create_batch(2, institution=institution, year_group=10)
    meaningful_encounter(institution, year9[:1])
    item = _by_code(institution)["5.1"]
    assert [(line.label, line.figure, line.status) for line in item.lines] == [
        ("All, Years 9 to 10", "20%, 1 of 5", ""),
        ("Year 9", "33%, 1 of 3", "Due by July 2027"),
        ("Year 10", "0%, 0 of 2", "Due by July 2027"),
    ]
    assert item.as_of == TODAY and item.url == reverse("encounters:coverage") + "#coverage-by-year"
    assert item.summary == (
        "Careers Portal coverage on 22 November 2026, a meaningful employer encounter this year: "
        "20%, 1 of 5 learners in Years 9 to 10. Year 9 33%, 1 of 3, due by July 2027; "
        "Year 10 0%, 0 of 2, due by July 2027."
    )


def test_it_splits_the_by_16_and_by_18_criteria(institution):
    y11 = LearnerFactory(institution=institution, year_group=11)
    y12 = LearnerFactory(institution=institution, year_group=12)
    GuidanceMeetingFactory(learner=y11)
    GuidanceMeetingFactory(learner=y12, date=dt.date(2026, 3, 1))  # before Year 12: not by 18
    found = _by_code(institution)
    assert [line.label for line in found["8.1"].lines] == ["All, Year 11", "Year 11"]
    assert found["8.1"].lines[1].status == "Met"
    assert [line.label for line in found["8.2"].lines] == ["All, Year 12", "Year 12"]
    assert found["8.2"].lines[1].figure == "0% so far, 0 of 1"
    assert found["8.2"].lines[1].status == "On the way"
    assert "on the way, due by the end of Year 13 (July 2028)" in found["8.2"].summary


def test_it_gives_pal_by_phase_for_criterion_7_3(institution):
    learners = LearnerFactory.create_batch(2, institution=institution, year_group=9)
    pal_encounter(institution, learners, date=dt.date(2026, 10, 1), year_groups=[9])
    item = _by_code(institution, benchmarks=[7])["7.3"]
    assert item.lines[0].label == "Year 8 and Year 9"
    assert item.lines[0].figure == "1 of 2 offered; 0 of 2 attended two"
    assert item.lines[0].status == "In progress"
    assert item.url == reverse("encounters:pal")
    assert "deadline 28 February 2027" in item.title


def test_it_shows_governors_small_groups_as_c(institution):
    LearnerFactory.create_batch(3, institution=institution, year_group=9)
    item = _by_code(institution, role=Role.GOVERNOR)["5.1"]
    assert {line.figure for line in item.lines} == {"c"}
    assert "1 of 3" not in item.summary and "0 of 3" not in item.summary


def test_it_gives_a_college_one_criterion_per_benchmark():
    college = InstitutionFactory(kind=Institution.Kind.COLLEGE, urn="", ukprn="10001237")
    LearnerFactory(institution=college, year_group=12)
    found = _by_code(college)
    assert set(found) == {"5.1", "6.1", "7.1", "8.1"}
    assert found["6.1"].lines[1].status == "Due by July 2027"


def test_it_gives_nothing_without_learners_or_for_other_benchmarks(institution):
    assert _by_code(institution) == {}
    LearnerFactory(institution=institution, year_group=9)
    assert _by_code(institution, benchmarks=[1, 2, 3, 4]) == {}


# --- On the self-assessment pages ---------------------------------------------------------------


def _bm5_url(assessment):
    return reverse("benchmarks:assessment_benchmark", args=[assessment.pk, 5])


def test_the_self_assessment_shows_live_coverage_beside_the_bm5_criterion(
    institution, leader, client_for
):
    learners = LearnerFactory.create_batch(3, institution=institution, year_group=9)
    meaningful_encounter(institution, learners[:1])
    assessment = SelfAssessmentFactory(institution=institution)
    page = client_for(leader).get(_bm5_url(assessment)).content.decode()
    legend = page.index("<legend")
    assert page.index("Live evidence: Learners with a meaningful employer encounter") > legend
    assert "33%, 1 of 3" in page and "Figures on 22 November 2026" in page
    criterion = Criterion.objects.get(benchmark__version="2025", audience="school", code="5.1")
    response = client_for(leader).post(
        reverse("benchmarks:use_evidence", args=[assessment.pk, 5, criterion.pk]),
        {f"evidence_{criterion.pk}": "Year 9 NHS talk"},
        headers={"HX-Request": "true"},
    )
    assert "Year 9 NHS talk\nCareers Portal coverage on 22 November 2026" in (
        response.content.decode()
    )


def _queries(client, url) -> int:
    client.get(url)  # learners bulk-created here leave the kept coverage counts to rebuild
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _many(institution, count, start):
    return Learner.objects.bulk_create(
        Learner(
            institution=institution,
            mis_id=f"E{start + n}",
            first_name="A",
            last_name=f"L{start + n}",
            year_group=7 + n % 7,
        )
        for n in range(count)
    )


def test_the_self_assessment_pages_run_the_same_queries_for_20_and_500_learners(
    institution, leader, client_for
):
    client = client_for(leader)
    assessment = SelfAssessmentFactory(institution=institution)
    pages = [assessment.get_absolute_url(), _bm5_url(assessment)]
    client.get(pages[0])  # the first request also saves the session
    meaningful_encounter(institution, _many(institution, 20, 0)[:10])
    small = [_queries(client, url) for url in pages]
    meaningful_encounter(institution, _many(institution, 480, 20)[:200], number=6)
    GuidanceMeetingFactory(learner=Learner.objects.first())
    assert [_queries(client, url) for url in pages] == small

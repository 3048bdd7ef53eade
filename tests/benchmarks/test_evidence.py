"""The evidence extension point: benchmarks' pages show what registered providers give.

These tests use a provider of their own (benchmarks must not know encounters); the real one,
encounters' coverage, is tested in tests/encounters/test_evidence.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from benchmarks import evidence
from benchmarks.models import Criterion
from careers_portal.rag import Colour
from tests.benchmarks.factories import SelfAssessmentFactory

pytestmark = pytest.mark.django_db

SUMMARY = "Portal figures on 22 November 2026: 58 of 172 in Year 9 (34%)."


def fake_provider(request: evidence.EvidenceRequest):
    return [
        evidence.Evidence(
            criterion_code="5.1",
            title="Learners with a meaningful employer encounter this year",
            lines=(
                evidence.EvidenceLine("Year 9", "34%, 58 of 172", "Due by July 2027", Colour.AMBER),
            ),
            summary=SUMMARY,
            as_of=request.today,
            url="/figures/",
            link_text="See the figures",
        ),
        evidence.Evidence(
            criterion_code="8.1",
            title="Guidance",
            lines=(),
            summary="Eight.",
            as_of=request.today,
            url="/figures/",
            link_text="See the figures",
        ),
    ]


@pytest.fixture
def only_fake(monkeypatch):
    monkeypatch.setattr(evidence, "_providers", [])
    evidence.register(fake_provider)


@pytest.fixture
def no_provider(monkeypatch):
    monkeypatch.setattr(evidence, "_providers", [])


def _criterion(code: str) -> Criterion:
    return Criterion.objects.get(benchmark__version="2025", audience="school", code=code)


def test_it_registers_a_provider_once(no_provider):
    evidence.register(fake_provider)
    evidence.register(fake_provider)
    assert evidence.providers() == (fake_provider,)
    evidence.unregister(fake_provider)
    assert evidence.providers() == ()


def test_it_gives_only_the_evidence_of_the_benchmarks_asked_for(only_fake, institution):
    request = evidence.EvidenceRequest(
        institution=institution,
        version="2025",
        audience="school",
        today=dt.date(2026, 11, 22),
        benchmarks=frozenset({5}),
        role="careers_leader",
    )
    assert set(evidence.evidence_for(request)) == {"5.1"}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", SUMMARY),
        ("Talks for all of Year 9.", f"Talks for all of Year 9.\n{SUMMARY}"),
        ("Talks.\n\n", f"Talks.\n{SUMMARY}"),
        (f"Talks.\n{SUMMARY}", f"Talks.\n{SUMMARY}"),  # pressed twice: added once
    ],
)
def test_it_adds_the_summary_without_losing_what_is_typed(typed, expected):
    assert evidence.with_summary(typed, SUMMARY) == expected


def test_the_pages_work_with_no_provider_registered(no_provider, institution, leader, client_for):
    assessment = SelfAssessmentFactory(institution=institution)
    client = client_for(leader)
    for url in (
        assessment.get_absolute_url(),
        reverse("benchmarks:assessment_benchmark", args=[assessment.pk, 5]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "Live evidence" not in response.content.decode()
        assert "Use this as evidence" not in response.content.decode()
    criterion = _criterion("5.1")
    response = client.post(
        reverse("benchmarks:use_evidence", args=[assessment.pk, 5, criterion.pk]),
        {f"evidence_{criterion.pk}": "Kept"},
    )
    assert response.status_code == 200
    assert ">Kept</textarea>" in response.content.decode()
    assert "no live figures for 5.1 yet" in response.content.decode()


def test_it_shows_the_evidence_beside_its_criterion_with_date_and_link(
    only_fake, institution, leader, client_for
):
    assessment = SelfAssessmentFactory(institution=institution)
    page = (
        client_for(leader)
        .get(reverse("benchmarks:assessment_benchmark", args=[assessment.pk, 5]))
        .content.decode()
    )
    assert "Live evidence: Learners with a meaningful employer encounter this year" in page
    assert "Figures on 22 November 2026" in page and 'href="/figures/"' in page
    assert 'status-amber">Due by July 2027<' in page
    assert 'Use this as evidence<span class="visually-hidden"> for 5.1' in page
    assert "Guidance" not in page  # benchmark 8's evidence belongs on its own page
    summary = client_for(leader).get(assessment.get_absolute_url()).content.decode()
    assert summary.count("Live evidence:") == 2  # 5.1 and 8.1, each beside its criterion


def test_use_this_as_evidence_adds_the_summary_to_the_typed_notes(
    only_fake, institution, leader, client_for
):
    assessment = SelfAssessmentFactory(institution=institution)
    criterion = _criterion("5.1")
    response = client_for(leader).post(
        reverse("benchmarks:use_evidence", args=[assessment.pk, 5, criterion.pk]),
        {f"evidence_{criterion.pk}": "Our own words"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert f"Our own words\n{SUMMARY}</textarea>" in page
    assert "Save to keep them" in page
    assert not assessment.answers.exists()  # nothing is saved, nor any status chosen


def test_use_this_as_evidence_refuses_a_criterion_of_another_benchmark(
    only_fake, institution, leader, client_for
):
    assessment = SelfAssessmentFactory(institution=institution)
    response = client_for(leader).post(
        reverse("benchmarks:use_evidence", args=[assessment.pk, 4, _criterion("5.1").pk])
    )
    assert response.status_code == 404

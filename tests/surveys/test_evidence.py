"""Benchmark 1's evaluation criterion gets the surveys' feedback per audience as evidence."""

from __future__ import annotations

import pytest

from benchmarks import evidence
from benchmarks.evidence import EvidenceRequest
from careers_portal.dates import today
from surveys.evidence import feedback_evidence
from tests.surveys.factories import a_survey, answer

pytestmark = pytest.mark.django_db


def _request(institution, version="2025", benchmarks=frozenset({1})):
    return EvidenceRequest(
        institution=institution,
        version=version,
        audience="school",
        today=today(),
        benchmarks=benchmarks,
        role="governor",
    )


def test_it_is_registered_with_the_benchmarks_extension_point():
    assert feedback_evidence in evidence.providers()


def test_it_shows_each_audience_and_who_has_not_been_asked(institution):
    survey = a_survey(institution, key="baseline-parents")
    for value in [4, 4, 4, 5, 2, 1, 3]:
        answer(survey, value)
    [item] = feedback_evidence(_request(institution))
    assert item.criterion_code == "1.5"
    lines = {line.label: line for line in item.lines}
    assert lines["Parents and carers"].figure == "7 responses, 57% agree"
    assert lines["Careers advisers"].figure == "No survey yet"
    assert "Careers advisers" not in {
        line.label for line in feedback_evidence(_request(institution, "2018"))[0].lines
    }
    assert feedback_evidence(_request(institution, "2018"))[0].criterion_code == "1.3"


def test_it_gives_nothing_without_surveys_or_for_other_benchmarks(institution):
    assert feedback_evidence(_request(institution)) == []
    survey = a_survey(institution, key="baseline-parents")
    answer(survey, 4)
    assert feedback_evidence(_request(institution, benchmarks=frozenset({5}))) == []

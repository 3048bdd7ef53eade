"""Writes: all or nothing, with clear messages for bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from benchmarks import services
from benchmarks.models import (
    AnswerStatus,
    Benchmark,
    CompassScore,
    Criterion,
    CriterionAnswer,
    MaturityResponse,
    MaturityStatement,
    SelfAssessment,
)
from benchmarks.services import AnswerInput
from tests.benchmarks.factories import MaturityReviewFactory, SelfAssessmentFactory, answer_all
from tests.factories import InstitutionFactory


def _criteria(version: str, number: int, audience: str = "school"):
    return list(
        Criterion.objects.filter(
            benchmark__version=version, benchmark__number=number, audience=audience
        )
    )


@pytest.fixture
def assessment(institution):
    return SelfAssessmentFactory(institution=institution)


def test_it_saves_a_benchmark_and_its_compass_percentage(assessment):
    benchmark = Benchmark.objects.get(version="2025", number=8)
    criteria = _criteria("2025", 8)
    services.benchmark_answers_save(
        assessment=assessment,
        benchmark=benchmark,
        answers={c.pk: AnswerInput(AnswerStatus.MET, "Unifrog log") for c in criteria},
        compass_percentage=75,
    )
    assert assessment.answers.filter(status=AnswerStatus.MET).count() == len(criteria)
    assert CompassScore.objects.get(self_assessment=assessment).percentage == 75


def test_it_saves_nothing_when_the_compass_percentage_is_120(assessment):
    benchmark = Benchmark.objects.get(version="2025", number=8)
    criteria = _criteria("2025", 8)
    with pytest.raises(ValidationError) as error:
        services.benchmark_answers_save(
            assessment=assessment,
            benchmark=benchmark,
            answers={c.pk: AnswerInput(AnswerStatus.MET) for c in criteria},
            compass_percentage=120,
        )
    assert "between 0 and 100" in str(error.value)
    assert not CriterionAnswer.objects.exists()
    assert not CompassScore.objects.exists()


def test_it_refuses_a_criterion_of_another_framework_version(assessment):
    benchmark = Benchmark.objects.get(version="2025", number=1)
    good = _criteria("2025", 1)[0]
    old = _criteria("2018", 1)[0]
    with pytest.raises(ValidationError) as error:
        services.benchmark_answers_save(
            assessment=assessment,
            benchmark=benchmark,
            answers={good.pk: AnswerInput(AnswerStatus.MET), old.pk: AnswerInput(AnswerStatus.MET)},
            compass_percentage=None,
        )
    assert "belongs to the 2018 benchmarks" in str(error.value)
    assert "2025" in str(error.value)
    assert not CriterionAnswer.objects.exists()


def test_it_refuses_a_criterion_of_another_benchmark(assessment):
    with pytest.raises(ValidationError, match="not part of this benchmark"):
        services.benchmark_answers_save(
            assessment=assessment,
            benchmark=Benchmark.objects.get(version="2025", number=1),
            answers={_criteria("2025", 2)[0].pk: AnswerInput(AnswerStatus.MET)},
            compass_percentage=None,
        )
    assert not CriterionAnswer.objects.exists()


def test_it_refuses_a_benchmark_of_another_version(assessment):
    with pytest.raises(ValidationError, match="not part of this 2025"):
        services.benchmark_answers_save(
            assessment=assessment,
            benchmark=Benchmark.objects.get(version="2018", number=1),
            answers={},
            compass_percentage=50,
        )


def test_it_removes_a_compass_percentage_left_empty(assessment):
    benchmark = Benchmark.objects.get(version="2025", number=2)
    services.benchmark_answers_save(
        assessment=assessment, benchmark=benchmark, answers={}, compass_percentage=40
    )
    services.benchmark_answers_save(
        assessment=assessment, benchmark=benchmark, answers={}, compass_percentage=None
    )
    assert not CompassScore.objects.exists()


def test_it_updates_answers_in_place(assessment):
    benchmark = Benchmark.objects.get(version="2025", number=6)
    criterion = _criteria("2025", 6)[0]
    for status in (AnswerStatus.NOT_MET, AnswerStatus.IN_PROGRESS):
        services.benchmark_answers_save(
            assessment=assessment,
            benchmark=benchmark,
            answers={criterion.pk: AnswerInput(status, "notes")},
            compass_percentage=None,
        )
    answer = CriterionAnswer.objects.get()
    assert answer.status == AnswerStatus.IN_PROGRESS


def test_the_database_refuses_a_compass_percentage_over_100(assessment):
    with pytest.raises(IntegrityError), transaction.atomic():
        CompassScore.objects.create(
            self_assessment=assessment,
            benchmark=Benchmark.objects.get(version="2025", number=1),
            percentage=120,
        )


def test_it_starts_a_blank_assessment_with_the_institutions_audience(leader):
    college = InstitutionFactory(kind="college", urn="", ukprn="10001234")
    assessment = services.assessment_start(
        institution=college, by=leader, assessed_on=dt.date(2026, 11, 1), version="2025"
    )
    assert assessment.audience == "college"
    assert not assessment.answers.exists()


def test_it_copies_the_answers_of_the_last_assessment(institution, leader, assessment):
    answer_all(assessment, AnswerStatus.IN_PROGRESS)
    CriterionAnswer.objects.filter(self_assessment=assessment).update(evidence="Policy 2026")
    copy = services.assessment_start(
        institution=institution,
        by=leader,
        assessed_on=dt.date(2026, 11, 22),
        version="2025",
        copy_last=True,
    )
    assert copy.answers.count() == assessment.answers.count() > 0
    assert set(copy.answers.values_list("evidence", flat=True)) == {"Policy 2026"}


def test_it_refuses_to_copy_across_versions(institution, leader, assessment):
    with pytest.raises(ValidationError) as error:
        services.assessment_start(
            institution=institution,
            by=leader,
            assessed_on=dt.date(2026, 11, 22),
            version="2018",
            copy_last=True,
        )
    assert "cannot be copied" in str(error.value)
    assert SelfAssessment.objects.count() == 1


def test_it_refuses_a_maturity_level_of_5(institution):
    review = MaturityReviewFactory(institution=institution)
    statement = MaturityStatement.objects.get(code="1.2")
    with pytest.raises(ValidationError) as error:
        services.response_save(review=review, statement=statement, level=5)
    assert "level" in error.value.message_dict
    assert not MaturityResponse.objects.exists()


def test_the_database_refuses_a_maturity_level_of_5(institution):
    review = MaturityReviewFactory(institution=institution)
    with pytest.raises(IntegrityError), transaction.atomic():
        MaturityResponse.objects.create(
            review=review, statement=MaturityStatement.objects.get(code="1.1"), level=5
        )


def test_it_saves_a_maturity_response_and_its_marking(institution):
    review = MaturityReviewFactory(institution=institution)
    statement = MaturityStatement.objects.get(code="1.3")
    services.response_save(
        review=review,
        statement=statement,
        level=2,
        next_steps="Share careers plan with stakeholders",
        by_when_who="HT3 - SR",
        marking="priority",
    )
    services.response_save(review=review, statement=statement, level=3)
    response = MaturityResponse.objects.get()
    assert (response.level, response.marking, response.by_when_who) == (3, "priority", "HT3 - SR")


def test_it_keeps_one_checklist_a_year(institution):
    from benchmarks.models import AnnualChecklist, ChecklistItem
    from careers_portal.schools.services import academic_year_ensure

    year = academic_year_ensure(start_year=2026)
    items = list(ChecklistItem.objects.all())
    services.checklist_save(institution=institution, academic_year=year, items=items[:12])
    services.checklist_save(institution=institution, academic_year=year, items=items[:3])
    checklist = AnnualChecklist.objects.get()
    assert checklist.items_done.count() == 3


def test_it_keeps_an_institutions_own_statement_wording(institution, other_institution):
    statement = MaturityStatement.objects.get(code="2.1")
    services.statement_text_save(institution=institution, statement=statement, text="Ours")
    services.statement_text_save(institution=other_institution, statement=statement, text="Theirs")
    services.statement_text_save(
        institution=institution, statement=statement, text="Ours, revised", level_4="Embedded"
    )
    assert statement.texts.get(institution=institution).text == "Ours, revised"
    assert statement.texts.get(institution=other_institution).text == "Theirs"

"""Factories for the benchmarks app (reference data comes from the data migration)."""

from __future__ import annotations

import datetime as dt

import factory

from benchmarks.models import (
    AnswerStatus,
    Audience,
    CompassScore,
    Criterion,
    CriterionAnswer,
    MaturityResponse,
    MaturityReview,
    MaturityStatement,
    SelfAssessment,
    Version,
)
from tests.factories import InstitutionFactory


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    institution = factory.SubFactory(InstitutionFactory)
    assessed_on = factory.Sequence(lambda n: dt.date(2026, 1, 1) + dt.timedelta(days=30 * n))
    version = Version.V2025
    audience = Audience.SCHOOL
    participants = "SR (careers leader)"


class MaturityReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaturityReview

    institution = factory.SubFactory(InstitutionFactory)
    reviewed_on = dt.date(2025, 1, 15)
    participants = "SR (careers leader), NR (deputy head)"


class MaturityResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaturityResponse

    review = factory.SubFactory(MaturityReviewFactory)
    statement = factory.LazyFunction(lambda: MaturityStatement.objects.get(code="1.2"))
    level = 2


def answer_all(assessment: SelfAssessment, status: str = AnswerStatus.MET) -> None:
    """Answer every criterion of the assessment with one status."""
    CriterionAnswer.objects.bulk_create(
        CriterionAnswer(self_assessment=assessment, criterion=criterion, status=status)
        for criterion in Criterion.objects.filter(
            benchmark__version=assessment.version, audience=assessment.audience
        )
    )


def compass(assessment: SelfAssessment, number: int, percentage: int) -> CompassScore:
    from benchmarks.models import Benchmark

    return CompassScore.objects.create(
        self_assessment=assessment,
        benchmark=Benchmark.objects.get(version=assessment.version, number=number),
        percentage=percentage,
    )


def an_assessment(world: dict) -> dict:
    """Permission-matrix kwargs: a self-assessment of the world's institution."""
    return {"pk": SelfAssessmentFactory(institution=world["institution"]).pk}


def a_review(world: dict) -> dict:
    """Permission-matrix kwargs: a maturity review of the world's institution."""
    return {"pk": MaturityReviewFactory(institution=world["institution"]).pk}


def an_assessment_and_criterion(world: dict) -> dict:
    """Permission-matrix kwargs: a self-assessment, benchmark 5 and its criterion 5.1."""
    assessment = SelfAssessmentFactory(institution=world["institution"])
    criterion = Criterion.objects.get(
        benchmark__version=assessment.version, audience=assessment.audience, code="5.1"
    )
    return {"pk": assessment.pk, "number": 5, "criterion_pk": criterion.pk}

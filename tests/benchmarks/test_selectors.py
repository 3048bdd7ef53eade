"""Reads for other apps: latest scores, priorities, criteria not met, the trend."""

from __future__ import annotations

import datetime as dt

from benchmarks import selectors
from benchmarks.models import AnswerStatus, CriterionAnswer, MaturityStatement
from tests.benchmarks.factories import (
    MaturityResponseFactory,
    MaturityReviewFactory,
    SelfAssessmentFactory,
    answer_all,
    compass,
)


def test_it_has_no_latest_scores_before_a_first_assessment(institution):
    assert selectors.latest_scores(institution) is None
    assert not selectors.priorities(institution).exists()
    assert not selectors.criteria_not_met(institution).exists()


def test_it_scores_the_latest_assessment_only(institution, other_institution):
    older = SelfAssessmentFactory(institution=institution, assessed_on=dt.date(2025, 6, 1))
    answer_all(older, AnswerStatus.MET)
    latest = SelfAssessmentFactory(institution=institution, assessed_on=dt.date(2026, 6, 1))
    answer_all(latest, AnswerStatus.NOT_MET)
    CriterionAnswer.objects.filter(
        self_assessment=latest, criterion__benchmark__number=1, criterion__order__lte=2
    ).update(status=AnswerStatus.MET)
    CriterionAnswer.objects.filter(
        self_assessment=latest, criterion__benchmark__number=1, criterion__order=3
    ).update(status=AnswerStatus.IN_PROGRESS)
    compass(latest, 1, 90)
    SelfAssessmentFactory(institution=other_institution, assessed_on=dt.date(2026, 9, 1))

    result = selectors.latest_scores(institution)
    assert result.assessment == latest
    bm1 = result.scores[0]
    assert (bm1.total, bm1.met, bm1.in_progress, bm1.not_met) == (5, 2, 1, 2)
    assert bm1.percent == 40
    assert bm1.compass == 90
    assert [score.percent for score in result.scores[1:]] == [0] * 7


def test_it_lists_criteria_not_met_of_the_latest_assessment(institution):
    assessment = SelfAssessmentFactory(institution=institution)
    answer_all(assessment, AnswerStatus.MET)
    CriterionAnswer.objects.filter(
        self_assessment=assessment, criterion__benchmark__number=8
    ).update(status=AnswerStatus.IN_PROGRESS)
    codes = [answer.criterion.code for answer in selectors.criteria_not_met(institution)]
    assert codes == ["8.1", "8.2", "8.3", "8.4"]


def test_it_lists_the_priorities_of_the_latest_review(institution):
    old = MaturityReviewFactory(institution=institution, reviewed_on=dt.date(2024, 1, 1))
    MaturityResponseFactory(review=old, marking="priority")
    review = MaturityReviewFactory(institution=institution, reviewed_on=dt.date(2025, 1, 15))
    for code, marking in [("2.1", "priority"), ("1.2", "priority"), ("1.5", "strength")]:
        MaturityResponseFactory(
            review=review, statement=MaturityStatement.objects.get(code=code), marking=marking
        )
    assert [r.statement.code for r in selectors.priorities(institution)] == ["1.2", "2.1"]


def test_it_gives_the_trend_oldest_first(institution):
    for month in (3, 1, 2):
        SelfAssessmentFactory(institution=institution, assessed_on=dt.date(2026, month, 1))
    trend = selectors.trend(institution)
    assert [item.assessment.assessed_on.month for item in trend] == [1, 2, 3]
    assert all(len(item.scores) == 8 for item in trend)

"""The contract the dashboards and the annual report read: voice_headlines and question shares."""

from __future__ import annotations

import datetime as dt

import pytest

from careers_portal.dates import today
from surveys import selectors, services
from surveys.models import Invitation
from tests.factories import LearnerFactory
from tests.surveys.factories import a_survey, agreement_questions, answer

pytestmark = pytest.mark.django_db


def test_it_gives_one_headline_per_survey_of_the_year(institution, leader):
    survey = a_survey(institution, key="baseline-parents", by=leader)
    for value in [5, 4, 4, 2, 1, 3]:
        answer(survey, value)
    [headline] = selectors.voice_headlines(
        institution=institution, academic_year=survey.academic_year
    )
    assert headline.survey_title == survey.title
    assert headline.audience == "Parents and carers"
    assert headline.responses == 6
    assert headline.share_positive == 50.0  # 3 of 6 agree on every question
    assert headline.completion_rate is None  # nobody was invited by link: the number is unknown
    assert headline.baseline_share is None
    assert headline.as_of == min(today(), survey.closes_on)
    assert headline.url == f"/surveys/{survey.pk}/results/"


def test_it_hides_the_share_of_a_small_group(institution):
    survey = a_survey(institution, key="baseline-staff")
    for value in [5, 5, 5, 5, 5]:
        answer(survey, value)
    [headline] = selectors.voice_headlines(
        institution=institution, academic_year=survey.academic_year
    )
    assert headline.responses == 5
    assert headline.share_positive is None


def test_it_gives_completion_and_the_baseline_share(institution, leader):
    baseline = a_survey(institution, key="baseline-learners", days_ago=400)
    for value in [2, 2, 2, 4, 4, 5]:
        answer_any_day(baseline, value)
    repeat = services.survey_copy(
        survey=baseline,
        by=leader,
        opens_on=today() - dt.timedelta(days=3),
        closes_on=today() + dt.timedelta(days=3),
    )
    learners = LearnerFactory.create_batch(8, institution=institution, year_group=10)
    assert services.invite_learners(survey=repeat, year_group=10) == 8
    invitations = list(Invitation.objects.filter(survey=repeat))
    for invitation, value in zip(invitations, [4, 4, 4, 5, 5, 1], strict=False):
        answer(repeat, value, invitation=invitation)
    headlines = selectors.voice_headlines(
        institution=institution, academic_year=repeat.academic_year
    )
    headline = next(h for h in headlines if h.survey_title == repeat.title and h.responses == 6)
    assert headline.completion_rate == 75.0  # 6 of 8 learners invited
    assert headline.share_positive == pytest.approx(83.3)
    assert headline.baseline_share == 50.0
    assert len(learners) == 8


def answer_any_day(survey, value):
    """Answer a survey whatever its dates (a baseline of last year)."""
    from surveys.models import Survey

    Survey.objects.filter(pk=survey.pk).update(
        opens_on=today() - dt.timedelta(days=400), closes_on=today()
    )
    survey.refresh_from_db()
    return answer(survey, value)


def test_it_answers_nothing_for_a_year_without_surveys(institution, other_institution):
    survey = a_survey(other_institution)
    answer(survey, 5)
    assert (
        selectors.voice_headlines(institution=institution, academic_year=survey.academic_year) == []
    )


def test_it_gives_a_questions_share_agreeing_up_to_a_day(institution):
    survey = a_survey(institution)
    question = agreement_questions(survey)[0]
    for value in [5, 4, 3, 2, 1, 4, 5]:
        answer(survey, value)
    figure = selectors.question_share_positive(question=question)
    assert figure.responses == 7
    assert figure.share == pytest.approx(57.1)
    before = selectors.question_share_positive(
        question=question, until=today() - dt.timedelta(days=1)
    )
    assert before.responses == 0
    assert before.share is None

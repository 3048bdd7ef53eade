"""Surveys made the way a careers leader makes them, and answers given through them."""

from __future__ import annotations

import datetime as dt

from careers_portal.dates import today
from surveys import services
from surveys.models import Invitation, Question, Survey


def a_survey(
    institution, *, key: str = "readiness-ks4", by=None, days_ago: int = 7, **changes
) -> Survey:
    """A survey from a blueprint, open from a week ago to a week ahead."""
    day = today()
    survey = services.survey_from_blueprint(
        institution=institution,
        key=key,
        by=by,
        opens_on=day - dt.timedelta(days=days_ago),
        closes_on=day + dt.timedelta(days=7),
    )
    if changes:
        Survey.objects.filter(pk=survey.pk).update(**changes)
        survey.refresh_from_db()
    return survey


def agreement_questions(survey: Survey) -> list[Question]:
    return list(Question.objects.filter(section__survey=survey, kind=Question.Kind.AGREEMENT))


def answer(survey: Survey, value: int, *, invitation: Invitation | None = None, text: str = ""):
    """One response giving `value` to every agreement question (and `text` to free text)."""
    answers = {q.pk: {"number": value} for q in agreement_questions(survey)}
    if text:
        for q in Question.objects.filter(section__survey=survey, kind=Question.Kind.TEXT):
            answers[q.pk] = {"text": text}
    return services.response_submit(
        survey=survey, answers=answers, invitation=invitation, today=today()
    )

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


def answer_every_kind(survey, value: int, option: int, *, invitation=None, text: str = ""):
    """One response answering every question: agreement, single and multiple choice, text."""
    answers = {}
    for q in Question.objects.filter(section__survey=survey):
        if q.kind == Question.Kind.AGREEMENT:
            answers[q.pk] = {"number": value}
        elif q.kind == Question.Kind.SINGLE:
            answers[q.pk] = {"text": q.choices[option % len(q.choices)]}
        elif q.kind == Question.Kind.MULTIPLE:
            answers[q.pk] = {"options": q.choices[: option % 3 + 1]}
        elif q.kind == Question.Kind.TEXT and text:
            answers[q.pk] = {"text": text}
    return services.response_submit(
        survey=survey, answers=answers, invitation=invitation, today=today()
    )


# --- for the permission matrix: objects of the world's institution ------------------------------


def a_survey_of(world) -> dict:
    return {"pk": a_survey(world["institution"], key="baseline-parents").pk}


def a_section_of(world) -> dict:
    survey = a_survey(world["institution"], key="baseline-parents")
    return {"pk": survey.pk, "section_pk": survey.sections.first().pk}


def a_question_of(world) -> dict:
    survey = a_survey(world["institution"], key="baseline-parents")
    return {"pk": agreement_questions(survey)[1].pk}


def a_survey_export(world) -> dict:
    return {**a_survey_of(world), "fmt": "csv"}


def a_token_of(world) -> dict:
    survey = a_survey(world["institution"], key="baseline-parents")
    services.invite_emails(survey=survey, lines="parent@example.com", send=False)
    return {"token": survey.invitations.get().token}


def an_open_token_of(world) -> dict:
    survey = a_survey(world["institution"], key="baseline-parents")
    services.open_link_set(survey=survey, on=True)
    return {"token": survey.open_token}


def an_encounter_of(world) -> dict:
    from tests.encounters.factories import _encounter_of

    return {"encounter_pk": _encounter_of(world).pk}


def an_encounter_survey_of(world) -> dict:
    from tests.encounters.factories import _encounter_of

    encounter = _encounter_of(world)
    survey, _ = services.survey_for_encounter(
        encounter=encounter, key="reflection", by=None, today=today()
    )
    return {"encounter_pk": encounter.pk, "pk": survey.pk}

"""The results page's kept tallies (surveys/tallies.py) always equal the counts from scratch:
after answers through the service, answers written in bulk, and writes outside the services."""

from __future__ import annotations

import random

import pytest

from surveys import selectors, services, tallies
from surveys.models import Answer, Invitation, Question, Response, ResponseTally, Survey
from tests.factories import LearnerFactory
from tests.surveys.factories import a_survey, answer_every_kind

pytestmark = pytest.mark.django_db


def _kept(survey) -> set[tuple]:
    return set(
        ResponseTally.objects.filter(survey=survey).exclude(n=0).values_list(*tallies.KEY, "n")
    )


def _from_scratch(survey) -> set[tuple]:
    tallies.rebuild(survey.pk)
    return _kept(survey)


def _invited(institution, survey, rng) -> list[Invitation]:
    for year in (10, 11):
        for _ in range(10):
            LearnerFactory(
                institution=institution,
                year_group=year,
                send=rng.choice(["N", "K"]),
                disadvantaged=rng.random() < 0.4,
                gender=rng.choice("FM"),
            )
        services.invite_learners(survey=survey, year_group=year)
    return list(Invitation.objects.filter(survey=survey))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_answers_through_the_service_keep_the_tallies_equal_to_a_count_from_scratch(
    institution, seed
):
    rng = random.Random(seed)
    survey = a_survey(institution, key="readiness-ks4")
    invitations = _invited(institution, survey, rng)
    # The first reader builds the tallies (none answered yet); each answer then adds to them.
    selectors.results(survey, role="careers_leader")
    assert Survey.objects.get(pk=survey.pk).tallied_responses == 0
    for invitation in rng.sample(invitations, 16):
        answer_every_kind(survey, rng.randint(1, 5), rng.randint(0, 5), invitation=invitation)
    for n in range(4):  # and some without a link (no year group)
        answer_every_kind(survey, rng.randint(1, 5), n)
    kept = _kept(survey)
    assert Survey.objects.get(pk=survey.pk).tallied_responses == 20
    assert kept and kept == _from_scratch(survey)


def test_writes_outside_the_services_are_counted_again_by_the_next_reader(institution):
    survey = a_survey(institution, key="baseline-staff")
    for value in [4, 4, 4, 5, 5, 2]:
        answer_every_kind(survey, value, 0, text="More visits")
    first = selectors.results(survey, role="careers_leader").questions[0]
    assert (first.answered, first.agree) == (6, pytest.approx(83.3))
    # Answers written in bulk (as seed_demo does): the responses no longer match the tallies.
    question = first.question
    extra = Response.objects.create(survey=survey, submitted_at=survey.created_at)
    Answer.objects.bulk_create([Answer(response=extra, question=question, number=1)])
    first = selectors.results(survey, role="careers_leader").questions[0]
    assert (first.answered, first.agree) == (7, pytest.approx(71.4))
    # A response deleted (the admin) marks them stale.
    Response.objects.filter(pk=extra.pk).delete()
    assert Survey.objects.get(pk=survey.pk).tallied_responses is None
    assert selectors.results(survey, role="careers_leader").questions[0].answered == 6
    # An answer changed outside the services, with the number of responses unchanged.
    changed = Answer.objects.filter(question=question, number=2).get()
    changed.number = 5
    changed.save()
    assert selectors.results(survey, role="careers_leader").questions[0].agree == 100.0
    # A question changed (its kind): counted again from the answers.
    question.kind = Question.Kind.NUMBER
    question.save()
    assert Survey.objects.get(pk=survey.pk).tallied_responses is None
    figures = selectors.results(survey, role="careers_leader")
    assert figures.questions[0].mean == pytest.approx(4.5)
    assert _kept(survey) == _from_scratch(survey)


def test_the_baseline_is_read_from_its_own_tallies(institution, leader):
    import datetime as dt

    from careers_portal.dates import today

    baseline = a_survey(institution, key="baseline-staff", days_ago=3)
    for value in [2, 2, 2, 4, 4, 4]:
        answer_every_kind(baseline, value, 0)
    repeat = services.survey_copy(
        survey=baseline,
        by=leader,
        opens_on=today() - dt.timedelta(days=1),
        closes_on=today() + dt.timedelta(days=7),
    )
    for value in [4, 4, 4, 4, 5, 2]:
        answer_every_kind(repeat, value, 0)
    Survey.objects.filter(pk=baseline.pk).update(tallied_responses=None)  # stale
    first = selectors.results(repeat, role="careers_leader").questions[0]
    assert (first.baseline_answered, first.baseline_agree, first.change) == (
        6,
        50.0,
        pytest.approx(33.3),
    )

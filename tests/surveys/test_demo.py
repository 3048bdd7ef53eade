"""The demo surveys seed_demo makes: career readiness last year and this, parents, employers."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from careers_portal.schools.models import Institution, Learner
from surveys import selectors
from surveys.models import Answer, Response, Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def institution_seeded(db) -> Institution:
    call_command("seed_demo", learners=300, stdout=io.StringIO())
    return Institution.objects.get()


def test_it_adds_a_baseline_and_its_repeat_showing_change(institution_seeded):
    repeat = Survey.objects.get(baseline__isnull=False)
    assert repeat.academic_year.start_year == repeat.baseline.academic_year.start_year + 1
    [headline] = [
        h
        for h in selectors.voice_headlines(
            institution=institution_seeded, academic_year=repeat.academic_year
        )
        if h.survey_id == repeat.pk
    ]
    assert headline.responses >= 20
    assert headline.share_positive > headline.baseline_share
    figures = selectors.results(repeat, role="careers_leader")
    assert any(q.change and q.change > 0 for q in figures.questions)
    assert figures.by_year and figures.by_year[0].highest


def test_it_adds_parents_and_employer_feedback_and_runs_again_without_change(
    institution_seeded,
):
    assert Survey.objects.filter(audience="parents", open_token__isnull=False).exists()
    assert Survey.objects.filter(encounter__isnull=False, audience="employers").exists()
    counts = (Survey.objects.count(), Response.objects.count())
    call_command("seed_demo", learners=300, stdout=io.StringIO())
    assert (Survey.objects.count(), Response.objects.count()) == counts


def test_the_readiness_answers_grow_with_the_learners(institution_seeded):
    repeat = Survey.objects.get(baseline__isnull=False)
    before = Answer.objects.filter(response__survey=repeat).count()
    call_command("seed_demo", learners=600, stdout=io.StringIO())
    after = Answer.objects.filter(response__survey=repeat).count()
    assert after > 1.5 * before
    asked = repeat.invitations.count()
    on_roll = Learner.objects.on_roll().filter(year_group__in=[10, 11]).count()
    assert asked == on_roll  # everyone in Years 10 and 11, each once
    assert repeat.baseline.invitations.count() == on_roll

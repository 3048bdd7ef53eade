"""The demo self-assessments, maturity review and checklists seed_demo makes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from benchmarks import selectors
from benchmarks.models import AnnualChecklist, Marking, MaturityResponse
from careers_portal.schools.models import Institution


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC), tick=True):
        yield


def _seed_demo() -> Institution:
    call_command("seed_demo", learners=30, stdout=io.StringIO())
    return Institution.objects.get()


def test_it_shows_progress_between_two_self_assessments(db):
    institution = _seed_demo()

    last_year, this_term = selectors.trend(institution)

    assert last_year.assessment.assessed_on == dt.date(2026, 3, 12)  # 2025/26
    assert this_term.assessment.assessed_on == dt.date(2026, 10, 15)  # this autumn term
    for then, now in zip(last_year.scores, this_term.scores, strict=True):
        assert now.met >= then.met
        assert now.compass > then.compass
        assert then.unanswered == now.unanswered == 0
    assert sum(s.met for s in this_term.scores) > sum(s.met for s in last_year.scores)
    assert any(s.in_progress for s in this_term.scores)


def test_it_marks_priorities_and_strengths_with_next_steps(db):
    _seed_demo()

    responses = MaturityResponse.objects.all()
    priorities = responses.filter(marking=Marking.PRIORITY)

    assert responses.count() >= 20
    assert priorities.count() >= 3
    assert responses.filter(marking=Marking.STRENGTH).count() >= 3
    assert all(p.current_position and p.next_steps and p.by_when_who for p in priorities)


def test_it_fills_in_the_checklist_for_last_year_and_this(db):
    _seed_demo()

    checklists = {str(c.academic_year): c.items_done.count() for c in AnnualChecklist.objects.all()}

    assert set(checklists) == {"2025/26", "2026/27"}
    assert checklists["2026/27"] > checklists["2025/26"]

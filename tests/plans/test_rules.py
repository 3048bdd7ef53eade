"""Plan status (DOMAIN section 4) at every boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from careers_portal.schools.services import academic_year_ensure
from plans import rules
from plans.models import Action, Milestone
from plans.rules import Rag
from tests.plans.factories import ActionFactory, ObjectiveFactory

TODAY = dt.date(2026, 11, 22)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        ("done", days(-30), Rag.DONE),
        ("done", None, Rag.DONE),
        ("blocked", days(30), Rag.BLOCKED),
        ("blocked", days(-1), Rag.BLOCKED),
        ("not_started", days(-1), Rag.OVERDUE),
        ("in_progress", days(-1), Rag.OVERDUE),
        ("not_started", days(0), Rag.DUE_SOON),
        ("not_started", days(14), Rag.DUE_SOON),
        ("not_started", days(15), Rag.ON_TRACK),
        ("in_progress", days(0), Rag.ON_TRACK),
        ("in_progress", days(3), Rag.ON_TRACK),
        ("not_started", None, Rag.ON_TRACK),
        ("in_progress", None, Rag.ON_TRACK),
    ],
)
def test_it_gives_each_action_its_rag(status, due, expected):
    assert rules.action_rag(Action(status=status, due_date=due), TODAY) is expected


@pytest.mark.django_db
def test_it_uses_the_end_of_the_half_term_when_there_is_no_due_date():
    year = academic_year_ensure(start_year=2026)
    ht1 = year.half_terms.get(number=1)  # ends 24 October 2026: passed
    ht2 = year.half_terms.get(number=2)  # ends 19 December 2026: 27 days away
    assert rules.action_rag(Action(status="in_progress", half_term=ht1), TODAY) is Rag.OVERDUE
    assert rules.action_rag(Action(status="not_started", half_term=ht2), TODAY) is Rag.ON_TRACK
    # A due date wins over the half term.
    action = Action(status="in_progress", half_term=ht1, due_date=days(30))
    assert rules.action_rag(action, TODAY) is Rag.ON_TRACK


@pytest.mark.parametrize(
    ("due", "done", "expected"),
    [
        (days(-1), None, Rag.OVERDUE),
        (days(-1), days(-2), Rag.DONE),
        (days(0), None, Rag.DUE_SOON),
        (days(14), None, Rag.DUE_SOON),
        (days(15), None, Rag.ON_TRACK),
        (None, None, Rag.ON_TRACK),
        (None, days(-5), Rag.DONE),
    ],
)
def test_it_gives_each_milestone_its_rag(due, done, expected):
    assert rules.milestone_rag(Milestone(due_date=due, done_date=done), TODAY) is expected


def test_it_takes_the_objective_rag_from_its_worst_action_and_progress_from_done_share():
    actions = [
        Action(status="done", due_date=days(-10)),
        Action(status="in_progress", due_date=days(40)),
        Action(status="not_started", due_date=days(10)),
        Action(status="done"),
    ]
    progress = rules.objective_progress(actions, TODAY)
    assert (progress.done, progress.total, progress.percent) == (2, 4, 50)
    assert progress.rag is Rag.DUE_SOON
    actions.append(Action(status="blocked"))
    assert rules.objective_progress(actions, TODAY).rag is Rag.BLOCKED
    actions.append(Action(status="in_progress", due_date=days(-1)))
    assert rules.objective_progress(actions, TODAY).rag is Rag.OVERDUE


def test_it_calls_an_objective_with_every_action_done_done():
    progress = rules.objective_progress([Action(status="done"), Action(status="done")], TODAY)
    assert (progress.percent, progress.rag) == (100, Rag.DONE)


def test_it_says_no_actions_yet_for_an_empty_objective():
    progress = rules.objective_progress([], TODAY)
    assert (progress.done, progress.total, progress.percent, progress.rag) == (
        0,
        0,
        0,
        Rag.NO_ACTIONS,
    )


def test_it_summarises_milestones_the_same_way():
    milestones = [Milestone(done_date=days(-3)), Milestone(due_date=days(-1))]
    progress = rules.milestones_progress(milestones, TODAY)
    assert (progress.done, progress.total, progress.rag) == (1, 2, Rag.OVERDUE)


@pytest.mark.django_db
def test_it_filters_overdue_in_sql_exactly_as_the_rule_says(institution):
    year = academic_year_ensure(start_year=2026)
    ht1 = year.half_terms.get(number=1)
    objective = ObjectiveFactory(plan__institution=institution)
    cases = [
        ("not_started", days(-1), None),
        ("in_progress", days(-40), None),
        ("done", days(-1), None),
        ("blocked", days(-1), None),
        ("not_started", days(0), None),
        ("in_progress", days(20), None),
        ("in_progress", None, ht1),
        ("not_started", None, None),
    ]
    for status, due, half_term in cases:
        ActionFactory(objective=objective, status=status, due_date=due, half_term=half_term)
    in_sql = set(Action.objects.filter(rules.overdue_actions_q(TODAY)).values_list("pk", flat=True))
    by_rule = {a.pk for a in Action.objects.all() if rules.action_rag(a, TODAY) is Rag.OVERDUE}
    assert in_sql == by_rule
    assert len(in_sql) == 3

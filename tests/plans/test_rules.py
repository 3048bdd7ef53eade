"""Plan status (DOMAIN section 4) at every boundary, for actions, milestones and objectives.

The boundaries: due today, due in 14 days, due in 15 days, passed yesterday, done late, and no
date. The day is named here, so these hold whatever the real date is.
"""

from __future__ import annotations

import datetime as dt

import pytest

from careers_portal import rag
from careers_portal.schools.services import academic_year_ensure
from plans import rules
from plans.models import Action, Milestone, Objective
from tests.plans.factories import ActionFactory, ObjectiveFactory

TODAY = dt.date(2026, 11, 22)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        # passed yesterday
        ("not_started", days(-1), rag.OVERDUE),
        ("in_progress", days(-1), rag.OVERDUE),
        # due today
        ("not_started", days(0), rag.DUE_SOON),
        ("in_progress", days(0), rag.ON_TRACK),
        # due in 14 days: the last day of "due soon"
        ("not_started", days(14), rag.DUE_SOON),
        ("in_progress", days(14), rag.ON_TRACK),
        # due in 15 days
        ("not_started", days(15), rag.ON_TRACK),
        ("in_progress", days(15), rag.ON_TRACK),
        # done late, done on time, done with no date
        ("done", days(-30), rag.DONE),
        ("done", days(30), rag.DONE),
        ("done", None, rag.DONE),
        # blocked wins over any date
        ("blocked", days(30), rag.BLOCKED),
        ("blocked", days(-1), rag.BLOCKED),
        ("blocked", None, rag.BLOCKED),
        # no date: never green
        ("not_started", None, rag.NO_DATE),
        ("in_progress", None, rag.NO_DATE),
    ],
)
def test_it_gives_each_action_its_status(status, due, expected):
    assert rules.action_rag(Action(status=status, due_date=due), TODAY) is expected


@pytest.mark.django_db
def test_it_uses_the_end_of_the_half_term_when_there_is_no_due_date():
    year = academic_year_ensure(start_year=2026)
    ht1 = year.half_terms.get(number=1)  # ends 24 October 2026: passed
    ht2 = year.half_terms.get(number=2)  # ends 19 December 2026: 27 days away
    assert rules.action_rag(Action(status="in_progress", half_term=ht1), TODAY) is rag.OVERDUE
    assert rules.action_rag(Action(status="not_started", half_term=ht2), TODAY) is rag.ON_TRACK
    # A due date wins over the half term.
    action = Action(status="in_progress", half_term=ht1, due_date=days(30))
    assert rules.action_rag(action, TODAY) is rag.ON_TRACK


@pytest.mark.parametrize(
    ("due", "done", "expected"),
    [
        (days(-1), None, rag.OVERDUE),  # passed yesterday
        (days(0), None, rag.DUE_SOON),  # due today
        (days(14), None, rag.DUE_SOON),  # due in 14 days
        (days(15), None, rag.ON_TRACK),  # due in 15 days
        (days(-10), days(-2), rag.DONE),  # done late
        (days(10), days(-2), rag.DONE),  # done early
        (None, None, rag.NO_DATE),  # no date: never green
        (None, days(-5), rag.DONE),
    ],
)
def test_it_gives_each_milestone_its_status(due, done, expected):
    assert rules.milestone_rag(Milestone(due_date=due, done_date=done), TODAY) is expected


def _objective(target, actions=(), milestones=()):
    objective = Objective(target_date=target)
    return rules.objective_status(objective, list(actions), list(milestones), TODAY)


ON_TRACK_ACTION = Action(status="in_progress", due_date=days(60))
ON_TRACK_MILESTONE = Milestone(due_date=days(60))


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (days(-1), rag.OVERDUE),  # target passed yesterday, work not done
        (days(0), rag.ON_TRACK),  # target today, work under way
        (days(14), rag.ON_TRACK),
        (days(15), rag.ON_TRACK),
        (None, rag.NO_DATE),  # no target date: never green
    ],
)
def test_it_judges_an_objective_by_its_own_target_date_with_work_under_way(target, expected):
    assert _objective(target, [ON_TRACK_ACTION], [ON_TRACK_MILESTONE]) is expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (days(-1), rag.OVERDUE),
        (days(0), rag.DUE_SOON),  # due today, nothing started
        (days(14), rag.DUE_SOON),
        (days(15), rag.ON_TRACK),
    ],
)
def test_it_warns_of_an_objective_due_soon_when_none_of_its_work_has_started(target, expected):
    not_started = Action(status="not_started", due_date=days(60))
    assert _objective(target, [not_started], [Milestone(due_date=days(60))]) is expected


def test_it_calls_an_objective_done_late_done():
    done_late = Action(status="done", due_date=days(-20))
    milestone_done_late = Milestone(due_date=days(-20), done_date=days(-3))
    assert _objective(days(-10), [done_late], [milestone_done_late]) is rag.DONE


def test_it_calls_an_objective_overdue_when_its_target_passed_with_a_milestone_not_done():
    # All actions done, but a milestone still open after the target: the work is not done.
    assert _objective(days(-1), [Action(status="done")], [Milestone(due_date=days(30))]) is (
        rag.OVERDUE
    )


def test_it_shows_the_seed_000_priority_1_as_overdue_not_on_track():
    """Target 31 July 2026, three actions not started, every milestone passed (issue 9.1)."""
    actions = [Action(status="not_started") for _ in range(3)]
    milestones = [
        Milestone(due_date=dt.date(2025, 12, 31)),
        Milestone(due_date=dt.date(2026, 3, 31)),
    ]
    assert _objective(dt.date(2026, 7, 31), actions, milestones) is rag.OVERDUE
    # Even with the milestones done, the target has passed with actions not started.
    done = [Milestone(due_date=m.due_date, done_date=m.due_date) for m in milestones]
    assert _objective(dt.date(2026, 7, 31), actions, done) is rag.OVERDUE


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (Action(status="in_progress", due_date=days(-1)), rag.OVERDUE),
        (Action(status="not_started", due_date=days(0)), rag.DUE_SOON),
        (Action(status="not_started", due_date=days(14)), rag.DUE_SOON),
        (Action(status="not_started", due_date=days(15)), rag.ON_TRACK),
        (Action(status="blocked", due_date=days(30)), rag.BLOCKED),
        (Action(status="in_progress"), rag.NO_DATE),
        (Action(status="done", due_date=days(-5)), rag.ON_TRACK),  # done late: the rest decides
    ],
)
def test_it_takes_the_worst_of_an_objectives_actions(action, expected):
    assert _objective(days(90), [ON_TRACK_ACTION, action], [ON_TRACK_MILESTONE]) is expected


@pytest.mark.parametrize(
    ("milestone", "expected"),
    [
        (Milestone(due_date=days(-1)), rag.OVERDUE),
        (Milestone(due_date=days(0)), rag.DUE_SOON),
        (Milestone(due_date=days(14)), rag.DUE_SOON),
        (Milestone(due_date=days(15)), rag.ON_TRACK),
        (Milestone(), rag.NO_DATE),
        (Milestone(due_date=days(-5), done_date=days(-1)), rag.ON_TRACK),  # done late
    ],
)
def test_it_takes_the_worst_of_an_objectives_milestones(milestone, expected):
    assert _objective(days(90), [ON_TRACK_ACTION], [ON_TRACK_MILESTONE, milestone]) is expected


def test_it_never_shows_green_for_anything_undated():
    undated = [
        rules.action_rag(Action(status="in_progress"), TODAY),
        rules.milestone_rag(Milestone(), TODAY),
        _objective(None, [ON_TRACK_ACTION], [ON_TRACK_MILESTONE]),
        _objective(days(90), [ON_TRACK_ACTION, Action(status="not_started")]),
    ]
    assert all(status.colour != rag.Colour.GREEN for status in undated)
    assert all((status.label, status.colour) == ("No date", "grey") for status in undated)


def test_it_takes_progress_from_the_share_of_actions_done():
    actions = [
        Action(status="done", due_date=days(-10)),
        Action(status="in_progress", due_date=days(40)),
        Action(status="not_started", due_date=days(10)),
        Action(status="done"),
    ]
    progress = rules.objective_progress(Objective(target_date=days(90)), actions, [], TODAY)
    assert (progress.done, progress.total, progress.percent) == (2, 4, 50)
    assert progress.rag is rag.DUE_SOON


def test_it_calls_an_objective_with_every_action_done_done():
    actions = [Action(status="done"), Action(status="done")]
    progress = rules.objective_progress(Objective(target_date=days(-5)), actions, [], TODAY)
    assert (progress.percent, progress.rag) == (100, rag.DONE)


def test_it_says_no_actions_yet_for_an_empty_objective_until_its_target_passes():
    progress = rules.objective_progress(Objective(target_date=days(30)), [], [], TODAY)
    assert (progress.done, progress.total, progress.percent, progress.rag) == (
        0,
        0,
        0,
        rag.NO_ACTIONS,
    )
    assert _objective(None) is rag.NO_ACTIONS
    assert _objective(days(-1)) is rag.OVERDUE


def test_it_summarises_milestones_the_same_way():
    milestones = [Milestone(done_date=days(-3)), Milestone(due_date=days(-1))]
    progress = rules.milestones_progress(milestones, TODAY)
    assert (progress.done, progress.total, progress.rag) == (1, 2, rag.OVERDUE)


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
    by_rule = {a.pk for a in Action.objects.all() if rules.action_rag(a, TODAY) is rag.OVERDUE}
    assert in_sql == by_rule
    assert len(in_sql) == 3

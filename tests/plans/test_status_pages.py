"""Every page that shows a plan's status tells the truth (issue 9.1): seed 000's Priority 1 on
22 November 2026 (target 31 July 2026, actions not started, milestones passed) is overdue, and
an undated action is "No date" in grey, never "On track"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.plans.factories import ActionFactory, MilestoneFactory, ObjectiveFactory


@pytest.fixture
def priority_1(plan, leader):
    objective = ObjectiveFactory(
        plan=plan, number=1, title="Embed careers leadership", target_date=dt.date(2026, 7, 31)
    )
    for description in ("Appoint champions", "Deliver CPD", "Align planning"):
        ActionFactory(objective=objective, description=description, due_date=None, owner=leader)
    for title, due in (
        ("Team in place", dt.date(2025, 12, 19)),
        ("CPD done", dt.date(2026, 3, 31)),
    ):
        MilestoneFactory(objective=objective, title=title, due_date=due, owner=leader)
    return objective


def _badges(html: str) -> list[tuple[str, str]]:
    """(colour, words) of every status badge on the page, in order."""
    return re.findall(r'<span class="status status-(\w+)">([^<]+)</span>', html)


def _objective_badge(html: str) -> tuple[str, str]:
    """(colour, words) of the objective's own status, at the head of its progress line."""
    return re.findall(r'class="plan-progress"><span class="status status-(\w+)">([^<]+)<', html)[0]


@pytest.mark.parametrize("page", ["document", "objective", "table", "mine"])
def test_it_shows_no_on_track_on_anything_overdue_or_undated(
    page, plan, priority_1, leader, client_for
):
    url = {
        "document": plan.get_absolute_url(),
        "objective": reverse("plans:objective_edit", args=[priority_1.pk]),
        "table": reverse("plans:actions", args=[plan.pk]),
        "mine": reverse("plans:mine"),
    }[page]
    html = client_for(leader).get(url).content.decode()
    badges = _badges(html)
    assert ("green", "On track") not in badges
    assert ("grey", "No date") in badges  # the undated actions, in words and grey
    if page in ("document", "objective"):
        assert _objective_badge(html) == ("red", "Overdue")


def test_it_shows_an_objective_on_track_only_when_it_is(plan, leader, client_for):
    objective = ObjectiveFactory(plan=plan, number=1, target_date=dt.date(2027, 7, 31))
    ActionFactory(objective=objective, status="in_progress", due_date=dt.date(2027, 3, 1))
    MilestoneFactory(objective=objective, due_date=dt.date(2027, 6, 1))
    url = reverse("plans:objective_edit", args=[objective.pk])
    assert _objective_badge(client_for(leader).get(url).content.decode()) == ("green", "On track")

"""The demo plan seed_demo makes: owners, every RAG colour, milestones, SLT approval."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from careers_portal import rag
from careers_portal.accounts.models import Role
from plans import rules
from plans.models import Action, Milestone, StrategicPlan

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _demo_today():
    with time_machine.travel(dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC), tick=True):
        yield


def _seed_demo() -> StrategicPlan:
    call_command("seed_demo", learners=60, stdout=io.StringIO())
    return StrategicPlan.objects.get()


def test_it_shows_every_colour_of_the_rag(db):
    plan = _seed_demo()

    rags = {
        rules.action_rag(action, TODAY) for action in Action.objects.filter(objective__plan=plan)
    }

    assert rags == {
        rag.DONE,
        rag.ON_TRACK,
        rag.DUE_SOON,
        rag.BLOCKED,
        rag.OVERDUE,
    }


def test_it_gives_actions_to_the_demo_leader_and_champion(db):
    plan = _seed_demo()

    owners = set(
        Action.objects.filter(objective__plan=plan).values_list(
            "owner__memberships__role", flat=True
        )
    )

    assert owners == {Role.CAREERS_LEADER, Role.CHAMPION}


def test_its_milestones_are_done_overdue_and_coming(db):
    plan = _seed_demo()

    rags = {rules.milestone_rag(m, TODAY) for m in Milestone.objects.filter(objective__plan=plan)}

    assert {rag.DONE, rag.OVERDUE, rag.DUE_SOON} <= rags


def test_it_names_the_demo_school_and_links_benchmarks(db):
    plan = _seed_demo()

    assert "Northfield Academy" in plan.careers_vision
    assert "Training 2000" not in plan.careers_vision
    assert all(objective.benchmarks.exists() for objective in plan.objectives.all())
    assert plan.slt_approved_at is not None
    assert plan.governors_approved_at is None


def test_it_shows_last_julys_review_and_the_next_one_ahead(db):
    plan = _seed_demo()

    review = plan.reviews.get()
    assert review.date == dt.date(2026, 7, 15)
    assert "sixth form" in review.findings
    plan.refresh_from_db()
    assert plan.next_review_date == dt.date(2027, 7, 15)

"""The one history formatter (careers_portal/history.py) that every history page tells from."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.models import Benchmark
from careers_portal import history
from plans.models import Action
from tests.plans.factories import ActionFactory, ObjectiveFactory, StrategicPlanFactory

pytestmark = pytest.mark.django_db


def _save(obj, user, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()


def test_it_says_each_value_as_a_reader_would():
    status = Action._meta.get_field("status")
    assert history.value_label(status, "done") == "Done"  # a choice by its label
    assert history.value_label(Action._meta.get_field("is_cpd"), True) == "Yes"
    assert history.value_label(Action._meta.get_field("due_date"), dt.date(2027, 3, 1)) == (
        "1 March 2027"
    )
    assert history.value_label(Action._meta.get_field("responsible"), "") == "(empty)"
    owner = Action._meta.get_field("owner")
    assert history.value_label(owner, 99, related={}) == "(removed)"


def test_it_tells_what_changed_between_versions_fields_and_relations(institution, leader):
    plan = StrategicPlanFactory(institution=institution)
    objective = ObjectiveFactory(plan=plan, title="Readiness", problem="Long text " * 20)
    five, six = (Benchmark.objects.get(version="2025", number=n) for n in (5, 6))
    objective._history_user = leader
    objective.benchmarks.set([five])
    _save(objective, leader, title="Learner readiness", problem="Shorter now")
    objective.benchmarks.set([five, six])

    entries = history.entries(
        objective,
        ignored={"version"},
        text_fields={"problem"},
        related_label=lambda b: f"Benchmark {b.number}",
    )
    assert entries[0].created and entries[0].changes == []
    changed = next(e for e in entries if any(c.label == "title" for c in e.changes))
    assert changed.who == str(leader) and changed.action == "changed"
    assert "Changed title from Readiness to Learner readiness" in changed.lines
    assert "Changed the problem" in changed.lines  # long text: that it changed, not what it says
    linked = entries[-1].changes[-1]
    assert (linked.heading, linked.old, linked.new) == (
        "Linked Gatsby Benchmarks",
        "Benchmark 5",
        "Benchmark 5, Benchmark 6",
    )
    assert linked.lines == ["Added to linked Gatsby Benchmarks: Benchmark 6"]


def test_it_names_a_related_record_and_reads_in_a_fixed_number_of_queries(institution, leader, slt):
    action = ActionFactory(
        objective=ObjectiveFactory(plan=StrategicPlanFactory(institution=institution))
    )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            history.entries(action, ignored={"version", "updated_at", "order"})
        return len(captured)

    _save(action, leader, owner=leader)
    once = queries()
    for n in range(5):
        _save(action, slt, owner=slt if n % 2 else leader, description=f"Step {n}")
    assert queries() == once
    entries = history.entries(Action.objects.get(pk=action.pk), ignored={"version", "updated_at"})
    owner_change = next(c for c in entries[1].changes if c.label == "owner")
    assert owner_change.new == str(leader)


def test_a_note_is_an_entry_of_its_own():
    entry = history.note(dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC), None, "Added 30 learners")
    assert (entry.who, entry.action, entry.note, entry.lines) == (
        "Someone",
        "note",
        "Added 30 learners",
        [],
    )

"""Plan status (DOMAIN section 4), computed here and nowhere else.

An action is done, blocked, overdue (due date passed and not done: red), due soon (due within
14 days and not started: amber) or on track (green). An objective's progress is the share of its
actions done and its RAG is its worst action's. Milestones work the same way, "done" meaning a
done date is recorded and "not started" meaning not done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from django.db.models import Q

DUE_SOON_DAYS = 14


class Rag(Enum):
    # value: (label, colour class, severity: higher is worse)
    DONE = ("Done", "blue", 0)
    ON_TRACK = ("On track", "green", 1)
    DUE_SOON = ("Due soon", "amber", 2)
    BLOCKED = ("Blocked", "red", 3)
    OVERDUE = ("Overdue", "red", 4)
    NO_ACTIONS = ("No actions yet", "grey", -1)

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def colour(self) -> str:
        return self.value[1]

    @property
    def severity(self) -> int:
        return self.value[2]

    @property
    def css(self) -> str:
        return f"status status-{self.colour}"


def _rag(*, done: bool, blocked: bool, not_started: bool, due: dt.date | None, today: dt.date):
    if done:
        return Rag.DONE
    if blocked:
        return Rag.BLOCKED
    if due is not None and due < today:
        return Rag.OVERDUE
    if due is not None and not_started and (due - today).days <= DUE_SOON_DAYS:
        return Rag.DUE_SOON
    return Rag.ON_TRACK


def action_rag(action, today: dt.date) -> Rag:
    """The RAG of one action (uses its due date, else the end of its half term)."""
    status = action.status
    return _rag(
        done=status == "done",
        blocked=status == "blocked",
        not_started=status == "not_started",
        due=action.due_on,
        today=today,
    )


def milestone_rag(milestone, today: dt.date) -> Rag:
    """The RAG of one milestone: done once a done date is recorded."""
    return _rag(
        done=milestone.done_date is not None,
        blocked=False,
        not_started=True,
        due=milestone.due_date,
        today=today,
    )


def worst(rags: list[Rag]) -> Rag:
    """The worst of several RAGs; "no actions yet" when there are none."""
    return max(rags, key=lambda rag: rag.severity) if rags else Rag.NO_ACTIONS


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    rag: Rag

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def objective_progress(actions, today: dt.date) -> Progress:
    """Share of the actions done, and the worst action's RAG."""
    actions = list(actions)
    return Progress(
        done=sum(1 for a in actions if a.status == "done"),
        total=len(actions),
        rag=worst([action_rag(a, today) for a in actions]),
    )


def milestones_progress(milestones, today: dt.date) -> Progress:
    milestones = list(milestones)
    return Progress(
        done=sum(1 for m in milestones if m.done_date is not None),
        total=len(milestones),
        rag=worst([milestone_rag(m, today) for m in milestones]),
    )


def overdue_actions_q(today: dt.date) -> Q:
    """The SQL form of "overdue" for filtering actions; agrees with action_rag (tested)."""
    not_done_or_blocked = ~Q(status__in=["done", "blocked"])
    due_passed = Q(due_date__lt=today) | Q(due_date__isnull=True, half_term__end_date__lt=today)
    return not_done_or_blocked & due_passed

"""Plan status (DOMAIN section 4), computed here and nowhere else.

An action is done, blocked, overdue (due date passed and not done: red), due soon (due within
14 days and not started: amber), on track (green), or has no date (grey: never green, since
nothing says it is on track). Milestones work the same way, "done" meaning a done date is
recorded and "not started" meaning not done. An objective's progress is the share of its actions
done; its status is the worst of its actions, its milestones and its own target date, the target
date being judged like one more item that is done when all the objective's work is done.

The words and colours come from careers_portal.rag, the app's one status vocabulary.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from careers_portal import rag
from careers_portal.rag import Status

DUE_SOON_DAYS = 14


def work_status(
    *, done: bool, blocked: bool, not_started: bool, due: dt.date | None, today: dt.date
) -> Status:
    """The status of one piece of work with (or without) a due date."""
    if done:
        return rag.DONE
    if blocked:
        return rag.BLOCKED
    if due is None:
        return rag.NO_DATE
    if due < today:
        return rag.OVERDUE
    if not_started and (due - today).days <= DUE_SOON_DAYS:
        return rag.DUE_SOON
    return rag.ON_TRACK


def action_rag(action, today: dt.date) -> Status:
    """The status of one action (uses its due date, else the end of its half term)."""
    status = action.status
    return work_status(
        done=status == "done",
        blocked=status == "blocked",
        not_started=status == "not_started",
        due=action.due_on,
        today=today,
    )


def milestone_rag(milestone, today: dt.date) -> Status:
    """The status of one milestone: done once a done date is recorded."""
    return work_status(
        done=milestone.done_date is not None,
        blocked=False,
        not_started=True,
        due=milestone.due_on,
        today=today,
    )


def worst(statuses: list[Status]) -> Status:
    """The worst of several statuses; "no actions yet" when there are none."""
    return rag.worst(statuses)


def target_status(objective, actions, milestones, today: dt.date) -> Status:
    """The objective's own target date as one more item: done when all its work is done,
    not started while none of it has started."""
    work = [a.status for a in actions] + ["done" if m.done_date else "" for m in milestones]
    return work_status(
        done=bool(work) and all(state == "done" for state in work),
        blocked=False,
        not_started=not any(state in ("done", "in_progress") for state in work),
        due=objective.target_date,
        today=today,
    )


def objective_status(objective, actions, milestones, today: dt.date) -> Status:
    """The worst of the objective's actions, its milestones and its own target date.

    An objective with no actions or milestones is "no actions yet" until its target date
    passes, when it is overdue: the target came and nothing was done.
    """
    actions, milestones = list(actions), list(milestones)
    target = target_status(objective, actions, milestones, today)
    if not actions and not milestones:
        return rag.OVERDUE if target is rag.OVERDUE else rag.NO_ACTIONS
    statuses = [action_rag(a, today) for a in actions]
    statuses += [milestone_rag(m, today) for m in milestones]
    return worst([*statuses, target])


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    rag: Status

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def objective_progress(objective, actions, milestones, today: dt.date) -> Progress:
    """Share of the objective's actions done, and the objective's status."""
    actions = list(actions)
    return Progress(
        done=sum(1 for a in actions if a.status == "done"),
        total=len(actions),
        rag=objective_status(objective, actions, milestones, today),
    )


def plan_progress(objectives: list, today: dt.date) -> Progress:
    """The whole plan: share of all actions done, and its worst objective's status.

    Each objective needs `action_list`, `milestone_list` and `progress` (plans.selectors)."""
    return Progress(
        done=sum(o.progress.done for o in objectives),
        total=sum(o.progress.total for o in objectives),
        rag=worst([o.progress.rag for o in objectives]),
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


# --- What changed since an approval (plans.selectors.plan_snapshot gives the two sides) -------

ACTION_FIELD_WORDS = {
    "description": "description",
    "is_cpd": "CPD",
    "owner": "owner",
    "responsible": "responsible",
    "due": "due date",
}
MILESTONE_FIELD_WORDS = {
    "title": "title",
    "due_date": "due date",
    "responsible": "responsible",
    "action": "action",
}
OBJECTIVE_FIELD_WORDS = {
    "number": "number",
    "title": "title",
    "scope": "scope",
    "problem": "problem",
    "strategic_objective": "strategic objective",
    "outcomes": "outcomes",
    "target_date": "target date",
    "responsible": "responsible",
    "benchmarks": "linked benchmarks",
}


def _short(text: str, length: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _was(old: str, new: str) -> str:
    """ "from X to Y" for short values (dates, names), nothing for long text."""
    if len(old) <= 40 and len(new) <= 40:
        return f" from {old or '(empty)'} to {new or '(empty)'}"
    return ""


def _by_id(rows: list[dict]) -> dict:
    return {row["id"]: row for row in rows}


def _item_changes(where: str, kind: str, old_rows, new_rows, words: dict, name: str) -> list[str]:
    changes = []
    old, new = _by_id(old_rows), _by_id(new_rows)
    for key, row in new.items():
        if key not in old:
            changes.append(f"{where}: {kind} added: {_short(row[name])}")
            continue
        for field, word in words.items():
            if old[key].get(field, "") != row.get(field, ""):
                changes.append(
                    f"{where}: {kind} {_short(row[name], 40)!r}: {word} changed"
                    + _was(str(old[key].get(field, "")), str(row.get(field, "")))
                )
    for key, row in old.items():
        if key not in new:
            changes.append(f"{where}: {kind} removed: {_short(row[name])}")
    return changes


def snapshot_changes(old: dict, new: dict, labels: dict[str, str] | None = None) -> list[str]:
    """What changed from the approved snapshot `old` to the plan as it is now, in words."""
    labels = labels or {}
    changes: list[str] = []
    for field, value in new.get("plan", {}).items():
        before = old.get("plan", {}).get(field, "")
        if before != value:
            label = labels.get(field, field.replace("_", " "))
            changes.append(f"{label} changed" + _was(str(before), str(value)))
    old_swot, new_swot = _by_id(old.get("swot", [])), _by_id(new.get("swot", []))
    for key, item in new_swot.items():
        if key not in old_swot:
            changes.append(f"SWOT: {item['quadrant'].lower()} added: {_short(item['text'])}")
        elif old_swot[key]["text"] != item["text"]:
            changes.append(f"SWOT: {item['quadrant'].lower()} changed: {_short(item['text'])}")
    for key, item in old_swot.items():
        if key not in new_swot:
            changes.append(f"SWOT: {item['quadrant'].lower()} removed: {_short(item['text'])}")
    old_objectives = _by_id(old.get("objectives", []))
    new_objectives = _by_id(new.get("objectives", []))
    for key, objective in new_objectives.items():
        where = f"Priority {objective['number']}"
        before = old_objectives.get(key)
        if before is None:
            changes.append(f"{where} added: {_short(objective['title'])}")
            continue
        for field, word in OBJECTIVE_FIELD_WORDS.items():
            if before.get(field, "") != objective.get(field, ""):
                changes.append(
                    f"{where}: {word} changed"
                    + _was(str(before.get(field, "")), str(objective.get(field, "")))
                )
        changes += _item_changes(
            where,
            "action",
            before["actions"],
            objective["actions"],
            ACTION_FIELD_WORDS,
            "description",
        )
        changes += _item_changes(
            where,
            "milestone",
            before["milestones"],
            objective["milestones"],
            MILESTONE_FIELD_WORDS,
            "title",
        )
    for key, objective in old_objectives.items():
        if key not in new_objectives:
            changes.append(f"Priority {objective['number']} removed: {_short(objective['title'])}")
    return changes

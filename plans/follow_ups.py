"""The plan's answer to benchmarks' follow-up extension point (benchmarks/follow_ups.py).

For self-assessment criteria and maturity statements: the plan actions made from them, with
their status, and for the careers leader a link to turn one into a plan action. One query a page.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from benchmarks.follow_ups import FollowUp, FollowUps, StartLink
from careers_portal.accounts.permissions import role_can
from plans import rules
from plans.models import Action

SOURCES = {
    "criterion": ("from_criterion_answer_id", "plans:action_from_criterion"),
    "statement": ("from_maturity_response_id", "plans:action_from_statement"),
}


def _may_start(kind: str, item) -> bool:
    # A criterion already met, or a statement that is not a priority, needs no action.
    return not item.is_met if kind == "criterion" else item.is_priority


def plan_follow_ups(kind: str, items: Sequence, membership) -> dict[int, FollowUps]:
    source, start_url = SOURCES[kind]
    today = timezone.localdate()
    actions: dict[int, list[FollowUp]] = {}
    for action in (
        Action.objects.filter(**{f"{source}__in": [item.pk for item in items]})
        .select_related("objective", "half_term")
        .order_by("objective__number", "order", "pk")
    ):
        text = f"{Truncator(action.description).words(12)} (priority {action.objective.number})"
        actions.setdefault(getattr(action, source), []).append(
            FollowUp(text, rules.action_rag(action, today))
        )
    may_edit = membership is not None and role_can(membership.role, "plans.edit")
    found = {}
    for item in items:
        start = (
            StartLink("Turn into a plan action", reverse(start_url, args=[item.pk]))
            if may_edit and _may_start(kind, item)
            else None
        )
        if item.pk in actions or start:
            found[item.pk] = FollowUps("In the plan", tuple(actions.get(item.pk, ())), start)
    return found

"""The plan's part of "Start the new academic year" (careers_portal.schools.new_year).

A milestone that recurs each year ("Annual review of encounters and feedback by July each year")
is one row per academic year of the plan, sharing a `series`. Starting a new year carries each
series the plan had in the old year into the new one where the plan runs that year and has no row
for it yet (a plan whose period was extended, or a series made when the period was shorter): a new
row, not done, in the same month. The old year's rows and their done dates stay as they were.
Running it twice changes nothing: a series with a row in the new year is skipped, and the
database holds one row per series and month (milestone_series_once_a_year).
"""

from __future__ import annotations

from dataclasses import dataclass

from careers_portal.schools.new_year import NewYearChange
from plans import selectors, services
from plans.models import Milestone, StrategicPlan


@dataclass
class _Carry:
    to_create: list[Milestone]
    plans_ended: list[tuple[StrategicPlan, int]]  # plans over by then, with series they hold
    owners_left: int


def _rows_in(milestones, year) -> list[Milestone]:
    return [m for m in milestones if m.due_date and year.start_date <= m.due_date <= year.end_date]


def _carry(*, institution, from_year, to_year) -> _Carry:
    to_create: list[Milestone] = []
    ended: list[tuple[StrategicPlan, int]] = []
    owners_left = 0
    plans = (
        StrategicPlan.objects.for_institution(institution)
        .exclude(status=StrategicPlan.Status.ARCHIVED)
        .order_by("start_year", "pk")
    )
    recurring = list(
        selectors.recurring_milestones(institution).filter(
            objective__plan__in=plans,
            due_date__gte=from_year.start_date,
            due_date__lte=to_year.end_date,
        )
    )
    by_plan: dict[int, dict] = {}
    for milestone in recurring:
        by_plan.setdefault(milestone.objective.plan_id, {}).setdefault(milestone.series, []).append(
            milestone
        )
    for plan in plans:
        series = by_plan.get(plan.pk, {})
        carried_here = []
        for rows in series.values():
            old_rows = _rows_in(rows, from_year)
            if not old_rows or _rows_in(rows, to_year):
                continue  # nothing in the old year to carry, or carried already
            carried_here.append(max(old_rows, key=lambda m: m.due_date))
        if not carried_here:
            continue
        if to_year.start_year not in selectors.plan_years(plan):
            ended.append((plan, len(carried_here)))
            continue
        for template in carried_here:
            new_rows = services.milestone_series_rows(template, plan, [to_year.start_year])
            to_create += new_rows
            owners_left += template.owner_left * len(new_rows)
    return _Carry(to_create, ended, owners_left)


def _change(carry: _Carry, to_year, *, done: bool) -> NewYearChange:
    verb = "carried" if done else "to carry"
    items = [
        f"{m.title}: {m.due_label} (priority {m.objective.number}, {m.objective.plan})"
        for m in carry.to_create
    ]
    warnings = []
    if carry.owners_left:
        warnings.append(
            f"{carry.owners_left} of them belong to someone who has left: "
            "reassign them on the plan."
        )
    for plan, count in carry.plans_ended:
        warnings.append(
            f"{plan} ends before {to_year.name}: copy it forward to a new plan to carry its "
            f"{count} milestone{'s' if count != 1 else ''} that recur each year."
        )
    return NewYearChange(
        label=f"Plan milestones that recur each year, {verb} into {to_year.name}",
        count=len(carry.to_create),
        items=tuple(items),
        warning=" ".join(warnings),
    )


class PlanNewYearStep:
    """Registered in PlansConfig.ready()."""

    name = "Plan"

    def preview(self, *, institution, from_year, to_year) -> list[NewYearChange]:
        carry = _carry(institution=institution, from_year=from_year, to_year=to_year)
        return [_change(carry, to_year, done=False)]

    def apply(self, *, institution, from_year, to_year, by) -> list[NewYearChange]:
        carry = _carry(institution=institution, from_year=from_year, to_year=to_year)
        services.milestones_add(carry.to_create, by)
        return [_change(carry, to_year, done=True)]

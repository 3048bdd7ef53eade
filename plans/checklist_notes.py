"""The plan's answer to benchmarks' checklist extension point (benchmarks/checklist_notes.py):
item 4, "Annual Careers Plan agreed by Governing Body", shows the governors' approval recorded on
the plan that runs in the checklist's year, and says when the plan changed since."""

from __future__ import annotations

from collections.abc import Sequence

from django.template.defaultfilters import date as format_date

from benchmarks.checklist_notes import PLAN_AGREED_BY_GOVERNORS, ChecklistNote
from careers_portal import rag
from plans import selectors
from plans.models import PLAN_STATUS_BADGES, StrategicPlan

NOT_APPROVED = rag.Status("Not approved yet", rag.Colour.GREY)


def _plan_of_year(institution, academic_year) -> StrategicPlan | None:
    plans = (
        StrategicPlan.objects.for_institution(institution)
        .exclude(status=StrategicPlan.Status.ARCHIVED)
        .filter(start_year__lte=academic_year.start_year, end_year__gt=academic_year.start_year)
        .order_by("-start_year", "-created_at")
    )
    return plans.first()


def plan_checklist_notes(
    *, institution, academic_year, item_numbers: Sequence[int]
) -> dict[int, list[ChecklistNote]]:
    if PLAN_AGREED_BY_GOVERNORS not in item_numbers:
        return {}
    plan = _plan_of_year(institution, academic_year)
    if plan is None:
        note = ChecklistNote(f"No Strategic Careers Plan runs in {academic_year}.", NOT_APPROVED)
        return {PLAN_AGREED_BY_GOVERNORS: [note]}
    state = selectors.approval_state(plan)
    governors = state.latest_governors
    url = plan.get_absolute_url()
    if governors is None:
        note = ChecklistNote(f"{plan}: not yet approved by the governors.", NOT_APPROVED, url)
    else:
        when = format_date(governors.approved_at, "j F Y")
        who = governors.approved_by or "a former user"
        text = f"Governors approved {plan}, version {governors.content_version}, on {when} ({who})."
        if state.governors is None:
            note = ChecklistNote(
                f"{text} It has changed since: the governors have not approved this version.",
                rag.Status("Changed since approval", rag.Colour.AMBER, 3),
                url,
            )
        else:
            note = ChecklistNote(text, PLAN_STATUS_BADGES[StrategicPlan.Status.APPROVED], url)
    return {PLAN_AGREED_BY_GOVERNORS: [note]}

"""Writes on the Strategic Careers Plan: every change with a rule or a side effect goes here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import Truncator

from benchmarks import selectors as benchmark_selectors
from benchmarks.selectors import Benchmark, CriterionAnswer, MaturityResponse
from careers_portal.accounts.models import Membership, Role
from careers_portal.locking import save_if_unchanged
from careers_portal.schools.services import academic_year_ensure
from plans import due, selectors
from plans.models import (
    Action,
    ApprovalRequest,
    ApprovalRequestRecipient,
    Milestone,
    Objective,
    PlanApproval,
    Review,
    StrategicPlan,
    SwotItem,
)
from plans.pdf import plan_pdf
from plans.tasks import send_approval_request

# The roles asked to approve the plan, and the approval each gives.
APPROVER_ROLES = {Role.SLT: PlanApproval.By.SLT, Role.GOVERNOR: PlanApproval.By.GOVERNORS}


def _save(obj, by=None) -> None:
    obj.full_clean()
    if by is not None:
        obj._history_user = by
    obj.save()


def _save_versioned(obj, by=None, *, expected_version: int | None = None) -> None:
    """Save a row two people may edit: only if nobody saved it since `expected_version` (the
    version its form was opened at; else the one just loaded), else EditConflict."""
    if obj.pk is None:
        _save(obj, by)
        return
    expected = expected_version or obj.version
    save_if_unchanged(obj, expected_version=expected, save=lambda: _save(obj, by))


@transaction.atomic
def plan_create(
    *,
    institution,
    by,
    title: str,
    start_year: int,
    end_year: int,
    review_frequency: str = StrategicPlan.ReviewFrequency.ANNUALLY,
    next_review_date: dt.date | None = None,
    owner_line: str = "",
    copy_from: StrategicPlan | None = None,
    reassign: dict | None = None,
) -> StrategicPlan:
    """A new plan, blank or copied forward from `copy_from` with its unfinished work.

    Work owned by someone who has left goes to `reassign[their id]` (a user), else comes over
    without an owner; `plan.carried_unowned` then says whose and how many, for a warning."""
    plan = StrategicPlan(
        institution=institution,
        created_by=by,
        title=title,
        start_year=start_year,
        end_year=end_year,
        review_frequency=review_frequency,
        next_review_date=next_review_date,
        owner_line=owner_line,
        copied_from=copy_from,
    )
    if copy_from is not None:
        for field in (
            *StrategicPlan.VISION_FIELDS,
            *StrategicPlan.CURRENT_STATE_FIELDS,
            "key_priority_areas",
        ):
            setattr(plan, field, getattr(copy_from, field))
        plan.owner_line = plan.owner_line or copy_from.owner_line
    _save(plan, by)
    plan_calendar_ensure(plan)
    plan.carried_unowned = {}
    if copy_from is not None:
        plan.carried_unowned = _copy_forward(
            source=copy_from, plan=plan, by=by, reassign=reassign or {}
        )
    return plan


def _copy_forward(*, source: StrategicPlan, plan: StrategicPlan, by, reassign: dict) -> dict:
    """Objectives with their unfinished actions and milestones, and the review's next steps;
    returns {person who left: how many of their items came over unowned}."""
    starts = plan.starts_on
    active = set(
        plan.institution.memberships.filter(is_active=True).values_list("user_id", flat=True)
    )
    unowned: dict = {}

    def owner_for(item) -> int | None:
        if item.owner_id is None or item.owner_id in active:
            return item.owner_id
        taker = reassign.get(item.owner_id)
        if taker is not None and taker.pk in active:
            return taker.pk
        unowned[item.owner] = unowned.get(item.owner, 0) + 1
        return None

    SwotItem.objects.bulk_create(
        SwotItem(plan=plan, quadrant=item.quadrant, text=item.text, order=item.order)
        for item in source.swot_items.all()
    )
    number = 0
    benchmark_rows = {
        b.number: b for b in benchmark_selectors.benchmarks_for_version(plan.benchmark_version)
    }
    for old in source.objectives.prefetch_related(
        "actions__owner",
        "actions__half_term",
        "milestones__owner",
        "milestones__half_term",
        "benchmarks",
    ):
        number = old.number
        objective = Objective(
            plan=plan,
            number=old.number,
            title=old.title,
            problem=old.problem,
            strategic_objective=old.strategic_objective,
            outcomes=old.outcomes,
            target_date=old.target_date if old.target_date and old.target_date >= starts else None,
            responsible=old.responsible,
            scope=old.scope,
        )
        _save(objective, by)
        # The new plan may use another version of the benchmarks: carry them over by number.
        objective.benchmarks.set(
            [benchmark_rows[b.number] for b in old.benchmarks.all() if b.number in benchmark_rows]
        )
        new_actions: dict[int, int] = {}
        for old_action in old.actions.all():
            if old_action.status == Action.Status.DONE:
                continue
            due = old_action.due_date
            new_action = Action(
                objective=objective,
                description=old_action.description,
                is_cpd=old_action.is_cpd,
                owner_id=owner_for(old_action),
                responsible=old_action.responsible,
                due_date=due if due and due >= starts else None,
                due_is_month=old_action.due_is_month and bool(due and due >= starts),
                half_term=old_action.half_term
                if old_action.half_term_id and old_action.half_term.end_date >= starts
                else None,
                status=old_action.status,
                progress_notes=old_action.progress_notes,
                evidence_links=old_action.evidence_links,
                carried_over=True,
                order=old_action.order,
            )
            _save(new_action, by)
            new_actions[old_action.pk] = new_action.pk
        series_carried: set = set()
        for old_milestone in old.milestones.all():
            if old_milestone.series is not None:
                # Recurring each year: it recurs in the new plan's years too, done or not.
                if old_milestone.series not in series_carried:
                    series_carried.add(old_milestone.series)
                    template = Milestone(
                        objective=objective,
                        action_id=new_actions.get(old_milestone.action_id),
                        title=old_milestone.title,
                        responsible=old_milestone.responsible,
                        owner_id=owner_for(old_milestone),
                        due_date=old_milestone.due_date,
                        due_is_month=True,
                        series=Milestone.new_series(),
                    )
                    for row in milestone_series_rows(template, plan, selectors.plan_years(plan)):
                        _save(row, by)
                continue
            if old_milestone.done_date is not None:
                continue
            due = old_milestone.due_date
            kept = bool(due and due >= starts)
            _save(
                Milestone(
                    objective=objective,
                    action_id=new_actions.get(old_milestone.action_id),
                    title=old_milestone.title,
                    responsible=old_milestone.responsible,
                    owner_id=owner_for(old_milestone),
                    due_date=due if kept else None,
                    due_is_month=old_milestone.due_is_month and kept,
                    half_term=old_milestone.half_term
                    if old_milestone.half_term_id and old_milestone.half_term.end_date >= starts
                    else None,
                ),
                by,
            )
    review = source.reviews.first()
    if review is not None and review.next_year_list:
        objective = Objective(
            plan=plan,
            number=number + 1,
            title=f"Actions for next year from the review of {review.date:%-d %B %Y}",
        )
        _save(objective, by)
        for order, line in enumerate(review.next_year_list):
            _save(Action(objective=objective, description=line, carried_over=True, order=order), by)
    return unowned


def plan_update(
    *, plan: StrategicPlan, by, expected_version: int | None = None, **fields
) -> StrategicPlan:
    """Change the plan's own fields (details, vision, current state, key priority areas),
    unless someone saved the plan since `expected_version` (EditConflict)."""
    for name, value in fields.items():
        setattr(plan, name, value)
    _save_versioned(plan, by, expected_version=expected_version)
    plan_calendar_ensure(plan)
    return plan


def plan_calendar_ensure(plan: StrategicPlan) -> None:
    """Every academic year of the plan's period, with its half terms, so that work can be due in
    any half term of the plan (not only the years someone happened to create)."""
    for start_year in selectors.plan_years(plan):
        academic_year_ensure(start_year=start_year)


def plan_approve_slt(*, plan: StrategicPlan, by, comment: str = "") -> PlanApproval:
    """Record the senior leadership team's approval of the plan as it is now."""
    return plan_approve(plan=plan, by=by, kind=PlanApproval.By.SLT, comment=comment)


def plan_approve_governors(*, plan: StrategicPlan, by, comment: str = "") -> PlanApproval:
    """Record the governors' approval of the plan as it is now."""
    return plan_approve(plan=plan, by=by, kind=PlanApproval.By.GOVERNORS, comment=comment)


@transaction.atomic
def plan_approve(*, plan: StrategicPlan, by, kind: str, comment: str = "") -> PlanApproval:
    """Approve the version of the plan as it is now: store who, when, the comment, a snapshot of
    its content and its PDF as approved. The plan is approved once SLT and governors have both
    approved the same version; a later change of content needs both again."""
    if plan.is_archived:
        raise ValidationError("This plan is archived: approve the plan in force instead.")
    snapshot = selectors.plan_snapshot(plan)
    approvals = list(plan.approvals.order_by("-content_version"))
    same = next((a for a in approvals if selectors.same_content(a.snapshot, snapshot)), None)
    if same is not None:
        version = same.content_version
    else:
        version = (approvals[0].content_version if approvals else 0) + 1
    now = timezone.now()
    approval = PlanApproval(
        plan=plan,
        kind=kind,
        approved_by=by,
        approved_at=now,
        content_version=version,
        comment=comment.strip(),
        snapshot=snapshot,
    )
    approval.full_clean(exclude=["pdf"])
    approval.save()
    # The plan's own record of the latest approval of each kind (shown in its header).
    if kind == PlanApproval.By.SLT:
        plan.slt_approved_by, plan.slt_approved_at = by, now
    else:
        plan.governors_approved_by, plan.governors_approved_at = by, now
    kinds = {a.kind for a in plan.approvals.filter(content_version=version)}
    if kinds >= {PlanApproval.By.SLT, PlanApproval.By.GOVERNORS}:
        _save_status(plan, StrategicPlan.Status.APPROVED, by)
    else:
        _save_versioned(plan, by)
    # The document as approved, with this approval in its header.
    pdf = plan_pdf(plan, timezone.localdate())
    approval.pdf.save(f"plan-{plan.pk}-version-{version}-{kind}.pdf", ContentFile(pdf), save=True)
    return approval


def _save_status(plan: StrategicPlan, status: str, by) -> None:
    # The one place a plan's status is written (the model refuses any other save that tries).
    plan.status = status
    plan._status_change_allowed = True
    try:
        _save_versioned(plan, by)
    finally:
        plan._status_change_allowed = False


@transaction.atomic
def plan_archive(*, plan: StrategicPlan, by) -> StrategicPlan:
    """Archive the plan: it leaves "My actions" and is no longer the plan in force."""
    if plan.status != StrategicPlan.Status.ARCHIVED:
        _save_status(plan, StrategicPlan.Status.ARCHIVED, by)
    return plan


def swot_add(*, plan: StrategicPlan, quadrant: str, text: str) -> SwotItem:
    """Add an item at the end of its quadrant."""
    last = plan.swot_items.filter(quadrant=quadrant).aggregate(last=Max("order"))["last"]
    item = SwotItem(plan=plan, quadrant=quadrant, text=text, order=(last or 0) + 1)
    _save(item)
    return item


def swot_update(*, item: SwotItem, text: str, expected_version: int | None = None) -> SwotItem:
    """Change an item's text, unless someone saved it since `expected_version` (EditConflict)."""
    item.text = text
    _save_versioned(item, expected_version=expected_version)
    return item


@transaction.atomic
def swot_move(*, item: SwotItem, direction: str) -> None:
    """Swap the item with its neighbour above ("up") or below ("down") in its quadrant."""
    siblings = list(item.plan.swot_items.filter(quadrant=item.quadrant))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, sibling in enumerate(siblings, start=1):
        sibling.order = order
    SwotItem.objects.bulk_update(siblings, ["order"])


def swot_remove(*, item: SwotItem) -> None:
    item.delete()


def objective_next_number(plan: StrategicPlan) -> int:
    return (plan.objectives.aggregate(last=Max("number"))["last"] or 0) + 1


@transaction.atomic
def objective_save(
    *,
    objective: Objective,
    by,
    benchmarks: Iterable[Benchmark] | None = None,
    expected_version: int | None = None,
) -> Objective:
    """Create or change an objective (the form has set its fields) and its linked benchmarks,
    unless someone saved it since `expected_version` (EditConflict)."""
    if benchmarks is not None:
        benchmarks = list(benchmarks)
        version = objective.plan.benchmark_version
        wrong = [b for b in benchmarks if b.version != version]
        if wrong:
            raise ValidationError(
                {
                    "benchmarks": f"This plan uses the {version} Gatsby Benchmarks: "
                    f"benchmark {wrong[0].number} ({wrong[0].version}) is from another version. "
                    "Choose from the benchmarks listed."
                }
            )
    if not objective.number:
        objective.number = objective_next_number(objective.plan)
    _save_versioned(objective, by, expected_version=expected_version)
    if benchmarks is not None:
        objective.benchmarks.set(benchmarks)
    return objective


def objective_delete(*, objective: Objective, by) -> None:
    objective._history_user = by
    objective.delete()


def action_create(*, objective: Objective, by, **fields) -> Action:
    """Add an action at the end of the objective's list."""
    last = objective.actions.aggregate(last=Max("order"))["last"]
    action = Action(objective=objective, order=(last or 0) + 1, **fields)
    _save(action, by)
    return action


def source_suggestion(source: MaturityResponse | CriterionAnswer) -> str:
    """The description offered for an action made from a priority or a criterion not met."""
    if isinstance(source, MaturityResponse):
        # The school's own next steps first; "Actions to improve" is often the model's wording.
        text = source.next_steps.strip() or source.actions_to_improve.strip()
        return text or f"Improve {source.statement.code} {source.statement.title}"
    return f"Meet {source.criterion.code}: {source.criterion.text}"


def source_label(source: MaturityResponse | CriterionAnswer) -> str:
    """How a source reads in messages: "maturity review 1.3 Strategic careers planning"."""
    if isinstance(source, MaturityResponse):
        return f"maturity review {source.statement.code} {source.statement.title}"
    return f"self-assessment criterion {source.criterion.code}"


def _source_institution_id(source: MaturityResponse | CriterionAnswer) -> int:
    if isinstance(source, MaturityResponse):
        return source.review.institution_id
    return source.self_assessment.institution_id


@transaction.atomic
def action_create_from_priority(
    *,
    source: MaturityResponse | CriterionAnswer,
    objective: Objective,
    by,
    description: str = "",
    owner=None,
    due: dt.date | None = None,
    due_is_month: bool = False,
    half_term=None,
    responsible: str = "",
) -> Action:
    """A plan action in `objective` made from a maturity priority or a criterion not met,
    linked back to it. The objective must be in a plan of the source's institution."""
    if not isinstance(source, MaturityResponse | CriterionAnswer):
        raise TypeError("An action comes from a maturity review statement or a criterion.")
    if objective.plan.institution_id != _source_institution_id(source):
        raise ValidationError(
            {
                "objective": f"Priority {objective.number} is in another institution's plan. "
                f"Choose an objective in your own plan for {source_label(source)}."
            }
        )
    if objective.plan.status == StrategicPlan.Status.ARCHIVED:
        raise ValidationError(
            {"objective": "That plan is archived: choose an objective in your current plan."}
        )
    fields = {
        "from_maturity_response": source if isinstance(source, MaturityResponse) else None,
        "from_criterion_answer": source if isinstance(source, CriterionAnswer) else None,
    }
    return action_create(
        objective=objective,
        by=by,
        description=description.strip() or Truncator(source_suggestion(source)).chars(1000),
        owner=owner,
        responsible=responsible,
        due_date=due,
        due_is_month=due_is_month,
        half_term=half_term,
        **fields,
    )


def action_update(*, action: Action, by, expected_version: int, **fields) -> Action:
    """Change an action unless someone saved it since `expected_version` (EditConflict)."""
    for name, value in fields.items():
        setattr(action, name, value)
    _save_versioned(action, by, expected_version=expected_version)
    return action


def action_delete(*, action: Action, by) -> None:
    action._history_user = by
    action.delete()


def milestone_save(*, milestone: Milestone, by, expected_version: int | None = None) -> Milestone:
    """Create or change a milestone, unless someone saved it since `expected_version`.

    A new milestone that recurs each year (`series` set, due in a month) becomes one row for each
    academic year of the plan, in that month, each with its own done date; the first is returned.
    """
    if milestone.pk is None and milestone.series is not None:
        return _milestone_series_create(milestone, by)
    _save_versioned(milestone, by, expected_version=expected_version)
    return milestone


def recurring_due(start_year: int, month: int) -> dt.date:
    """When a milestone recurring in `month` is due in the academic year starting `start_year`."""
    return due.month_end(due.month_in_academic_year(start_year, month), month)


def milestone_series_rows(template: Milestone, plan: StrategicPlan, years) -> list[Milestone]:
    month = template.due_date.month
    rows = []
    for start_year in years:
        day = recurring_due(start_year, month)
        if plan.starts_on <= day <= plan.ends_on:
            rows.append(
                Milestone(
                    objective=template.objective,
                    action_id=template.action_id,
                    title=template.title,
                    owner_id=template.owner_id,
                    responsible=template.responsible,
                    due_date=day,
                    due_is_month=True,
                    series=template.series,
                )
            )
    return rows


@transaction.atomic
def _milestone_series_create(template: Milestone, by) -> Milestone:
    plan = template.objective.plan
    rows = milestone_series_rows(template, plan, selectors.plan_years(plan))
    if not rows:
        raise ValidationError({"due_month": "That month is outside the plan's years."})
    first, *others = rows
    template.due_date = first.due_date
    _save(template, by)
    for row in others:
        row._loaded_owner_id = template.owner_id  # the owner was checked on the first row
        _save(row, by)
    return template


@transaction.atomic
def milestones_add(milestones: list[Milestone], by) -> None:
    """Save new milestones built by a rule (a recurring milestone's next year), keeping each
    owner even if they have left (their work stays theirs, shown "left")."""
    for milestone in milestones:
        milestone._loaded_owner_id = milestone.owner_id
        _save(milestone, by)


def milestone_delete(*, milestone: Milestone, by) -> None:
    milestone._history_user = by
    milestone.delete()


def review_record(*, plan: StrategicPlan, by, next_review_date: dt.date | None, **fields) -> Review:
    """Record the annual review and move the plan's next review date on."""
    review = Review(plan=plan, reviewed_by=by, **fields)
    _save(review, by)
    if next_review_date:
        plan_update(plan=plan, by=by, next_review_date=next_review_date)
    return review


@transaction.atomic
def plan_send_for_approval(*, plan: StrategicPlan, by) -> ApprovalRequest:
    """Ask SLT and governors (their active memberships) to approve the plan as it is now: one
    email each, sent by a task after the commit, never twice for one request."""
    if plan.is_archived:
        raise ValidationError("This plan is archived: send the plan in force instead.")
    people = list(
        Membership.objects.filter(
            institution_id=plan.institution_id,
            is_active=True,
            user__is_active=True,
            role__in=APPROVER_ROLES,
        ).select_related("user")
    )
    if not people:
        raise ValidationError(
            "Nobody here is a senior leader or governor yet: invite them from the people page, "
            "then send the plan for approval."
        )
    request = ApprovalRequest.objects.create(plan=plan, requested_by=by)
    ApprovalRequestRecipient.objects.bulk_create(
        ApprovalRequestRecipient(request=request, user=m.user, kind=APPROVER_ROLES[m.role])
        for m in people
    )
    send_approval_request.delay_on_commit(request.pk)
    return request


def approval_request_send(request_id: int) -> int:
    """Email each person asked in the request who has not been emailed yet; how many were.

    Each email is claimed first with a conditional update (sent_at from empty to now), so a
    retried or repeated task never emails anyone twice for one request."""
    request = ApprovalRequest.objects.select_related("plan__institution", "requested_by").get(
        pk=request_id
    )
    plan = request.plan
    link = settings.SITE_URL.rstrip("/") + plan.get_absolute_url()
    sent = 0
    for recipient in request.recipients.select_related("user"):
        claimed = ApprovalRequestRecipient.objects.filter(pk=recipient.pk, sent_at=None).update(
            sent_at=timezone.now()
        )
        if claimed != 1:
            continue
        context = {"plan": plan, "request": request, "recipient": recipient, "link": link}
        send_mail(
            subject=f"Please approve {plan.display_title} for {plan.institution}",
            message=render_to_string("plans/email/approval_request.txt", context),
            from_email=None,
            recipient_list=[recipient.user.email],
        )
        sent += 1
    return sent

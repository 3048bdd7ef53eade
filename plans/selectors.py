"""Reads on plans for pages, exports and other apps: a fixed number of queries however big."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.template.defaultfilters import date as format_date

from benchmarks import selectors as benchmark_selectors
from benchmarks.selectors import MaturityResponse
from careers_portal import history as history_formatter
from careers_portal import rag
from careers_portal.accounts.models import Membership, User
from careers_portal.figure_cache import remembered
from careers_portal.schools.models import HalfTerm
from careers_portal.sharing import sharing
from plans import due, live, measures, rules
from plans.models import (
    Action,
    ApprovalRequestRecipient,
    Milestone,
    Objective,
    StrategicPlan,
    SwotItem,
)

OBJECTIVES_OUTSIDE_RANGE = (
    "The hub guidance recommends 3 to 5 strategic objectives; this plan has {count}. "
    "You can keep it, but consider merging or splitting objectives."
)
OBJECTIVES_ADDING_BEYOND = (
    "The hub guidance recommends 3 to 5 strategic objectives; this plan already has {count}, "
    "so this one makes {after}. You can add it, but consider merging objectives."
)


def plans_for_institution(institution) -> QuerySet[StrategicPlan]:
    """The institution's plans, with who approved them."""
    return StrategicPlan.objects.for_institution(institution).select_related(
        "institution", "slt_approved_by", "governors_approved_by"
    )


def objectives_warning(count: int, *, adding: bool = False) -> str | None:
    """The advice shown (never enforced) when a plan has fewer than 3 or more than 5 objectives.

    `count` is how many the plan has now. On the "Add an objective" form (`adding`) only going
    past 5 is worth a warning, said as it is: a plan still being filled in has fewer than 3.
    """
    if adding:
        if count + 1 <= 5:
            return None
        return OBJECTIVES_ADDING_BEYOND.format(count=count, after=count + 1)
    return None if 3 <= count <= 5 else OBJECTIVES_OUTSIDE_RANGE.format(count=count)


def _with_rag(actions, today):
    for action in actions:
        action.rag = rules.action_rag(action, today)
    return actions


def _milestones_with_rag(milestones, today):
    for milestone in milestones:
        milestone.rag = rules.milestone_rag(milestone, today)
    return milestones


def objective_work(objective: Objective, today: dt.date) -> tuple[list[Action], list[Milestone]]:
    """The objective's actions and milestones, each with its RAG (the objective's edit page);
    the objective gets its `progress` (share done and status) from them."""
    actions = list(
        objective.actions.select_related("owner", "half_term__academic_year").annotate(
            owner_active=_owner_active()
        )
    )
    milestones = list(_milestone_queryset().filter(objective=objective))
    objective.progress = rules.objective_progress(objective, actions, milestones, today)
    return _with_rag(actions, today), _milestones_with_rag(milestones, today)


# The source of an action (a maturity statement or a criterion) comes in the same query.
ACTION_SOURCES = (
    "from_maturity_response__statement",
    "from_maturity_response__review",
    "from_criterion_answer__criterion",
    "from_criterion_answer__self_assessment",
)


def _owner_active():
    """Whether the row's owner still works at the plan's institution (else shown "left")."""
    return Exists(
        Membership.objects.filter(
            user_id=OuterRef("owner_id"),
            institution_id=OuterRef("objective__plan__institution_id"),
            is_active=True,
        )
    )


def _action_queryset() -> QuerySet[Action]:
    return (
        Action.objects.select_related("owner", "half_term__academic_year", *ACTION_SOURCES)
        .annotate(owner_active=_owner_active())
        .order_by("order", "pk")
    )


def _milestone_queryset() -> QuerySet[Milestone]:
    return Milestone.objects.select_related("owner", "half_term__academic_year", "action").annotate(
        owner_active=_owner_active()
    )


def _objective_prefetches():
    return (
        Prefetch("benchmarks", queryset=benchmark_selectors.benchmarks().order_by("number")),
        Prefetch("actions", queryset=_action_queryset()),
        Prefetch("milestones", queryset=_milestone_queryset()),
    )


@dataclass
class PlanDocument:
    plan: StrategicPlan
    objectives: list[Objective]
    swot: list[tuple[str, str, list[SwotItem]]]
    reviews: list
    progress: rules.Progress
    objectives_warning: str | None
    benchmark_state: BenchmarkState
    approval: ApprovalState
    # Figures the apps beside plans hold now, beside the leader's text (plans/live.py).
    live_figures: list[dict]


def plan_objectives(
    plan: StrategicPlan, today: dt.date, *, suppress: bool = True
) -> list[Objective]:
    """The plan's objectives, each with its actions and milestones (with RAG), its progress and
    its live measures (plans/measures.py); for the document and for dashboards above us."""
    objectives = list(plan.objectives.prefetch_related(*_objective_prefetches()))
    for objective in objectives:
        objective.action_list = _with_rag(list(objective.actions.all()), today)
        objective.milestone_list = _milestones_with_rag(list(objective.milestones.all()), today)
        objective.progress = rules.objective_progress(
            objective, objective.action_list, objective.milestone_list, today
        )
        objective.milestone_progress = rules.milestones_progress(objective.milestone_list, today)
    measures.attach(objectives, today, suppress=suppress)
    return objectives


def plan_reviews(plan: StrategicPlan) -> list:
    """The plan's annual reviews, newest first."""
    return list(plan.reviews.select_related("reviewed_by"))


def plan_document(plan: StrategicPlan, today: dt.date, *, suppress: bool = True) -> PlanDocument:
    """Everything the plan document shows, with RAG and progress worked out; `suppress` (the
    reader may not see small groups' figures) goes to the objectives' live measures.

    The measures, the live figures and the current state ask for some of the same figures (the
    latest scores, last year's leavers): each is read once (careers_portal/sharing.py). The
    document is kept until the data changes (careers_portal/figure_cache.py)."""
    return remembered(
        ("plan document", plan.pk, today.isoformat(), suppress),
        lambda: _plan_document(plan, today, suppress=suppress),
    )


def _plan_document(plan: StrategicPlan, today: dt.date, *, suppress: bool) -> PlanDocument:
    with sharing():
        objectives = plan_objectives(plan, today, suppress=suppress)
        swot_items = list(plan.swot_items.all())
        return PlanDocument(
            plan=plan,
            objectives=objectives,
            swot=swot_quadrants(plan, swot_items),
            reviews=plan_reviews(plan),
            progress=rules.plan_progress(objectives, today),
            objectives_warning=objectives_warning(len(objectives)),
            benchmark_state=benchmark_state(plan.institution),
            approval=approval_state(plan, plan_snapshot(plan, objectives, swot_items)),
            live_figures=live.figures_for(
                institution=plan.institution, today=today, suppress=suppress
            ),
        )


@dataclass
class BenchmarkState:
    """The latest self-assessment's scores and the latest maturity review's priorities."""

    scores: benchmark_selectors.AssessmentScores | None
    priorities: list[MaturityResponse]


def benchmark_state(institution) -> BenchmarkState:
    """What the benchmarks app holds now, for the plan's current state (a fixed few queries)."""
    return BenchmarkState(
        scores=benchmark_selectors.latest_scores(institution),
        priorities=list(benchmark_selectors.priorities(institution)),
    )


def current_plan(institution, today: dt.date) -> StrategicPlan | None:
    """The plan in force today (not archived), else the latest plan that is not archived."""
    plans = list(
        StrategicPlan.objects.for_institution(institution)
        .exclude(status=StrategicPlan.Status.ARCHIVED)
        .select_related("institution")
    )
    for plan in plans:
        if plan.starts_on <= today <= plan.ends_on:
            return plan
    return plans[0] if plans else None


def objectives_to_choose(plan: StrategicPlan) -> QuerySet[Objective]:
    return plan.objectives.select_related("plan").order_by("number")


def swot_quadrants(plan: StrategicPlan, swot_items=None) -> list[tuple[str, str, list[SwotItem]]]:
    """(value, label, items) for the four quadrants, in SWOT order."""
    items: dict[str, list[SwotItem]] = {value: [] for value in SwotItem.Quadrant.values}
    for item in plan.swot_items.all() if swot_items is None else swot_items:
        items[item.quadrant].append(item)
    return [(value, label, items[value]) for value, label in SwotItem.Quadrant.choices]


@dataclass(frozen=True)
class ActionFilters:
    owner: int | None = None
    status: str | None = None
    objective: int | None = None
    overdue: bool = False


def action_table(plan: StrategicPlan, filters: ActionFilters, today: dt.date) -> list[Action]:
    """The plan's actions in objective order, filtered, each with its RAG."""
    actions = _action_queryset().select_related("objective").filter(objective__plan=plan)
    if filters.owner:
        actions = actions.filter(owner_id=filters.owner)
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.objective:
        actions = actions.filter(objective_id=filters.objective)
    if filters.overdue:
        actions = actions.filter(rules.overdue_actions_q(today))
    return _with_rag(list(actions.order_by("objective__number", "order", "pk")), today)


def actions_owned_by(user, institution, today: dt.date) -> list[Action]:
    """The actions a person owns in the institution's current (not archived) plans."""
    actions = (
        _action_queryset()
        .for_institution(institution)
        .filter(owner=user)
        .exclude(objective__plan__status=StrategicPlan.Status.ARCHIVED)
        .select_related("objective__plan")
        .order_by("objective__plan__start_year", "objective__number", "order")
    )
    return _with_rag(list(actions), today)


def milestones_owned_by(user, institution, today: dt.date) -> list[Milestone]:
    """The milestones a person owns in current plans, the ones still to do first."""
    milestones = (
        _milestone_queryset()
        .for_institution(institution)
        .filter(owner=user)
        .exclude(objective__plan__status=StrategicPlan.Status.ARCHIVED)
        .select_related("objective__plan")
        .order_by(F("done_date").asc(nulls_first=True), "due_date", "pk")
    )
    return _milestones_with_rag(list(milestones), today)


def plan_years(plan: StrategicPlan) -> range:
    """The start years of the plan's academic years: 2025, 2026, 2027 for a 2025-2028 plan."""
    return range(plan.start_year, max(plan.end_year, plan.start_year + 1))


def plan_half_terms(plan: StrategicPlan) -> QuerySet[HalfTerm]:
    """The half terms of every academic year of the plan, oldest first (HT1 2025/26 first)."""
    return (
        # The institution's own half-term dates where it set them (schools' one lookup).
        HalfTerm.objects.applying_to(plan.institution)
        .filter(academic_year__start_year__in=list(plan_years(plan)))
        .select_related("academic_year")
        .order_by("academic_year__start_year", "number")
    )


def source_initial(source, plan: StrategicPlan) -> dict:
    """What the "Turn into a plan action" form starts with for a maturity priority: its "By when
    / who" read as a half term and who ("HT3 - SR": the next HT3 of the plan from the review on,
    responsible "SR"; "HT3/4" is due by HT4). Nothing for a criterion."""
    if not isinstance(source, MaturityResponse) or not source.by_when_who.strip():
        return {}
    read = due.parse_by_when_who(source.by_when_who)
    initial = {"responsible": read.who[:300]}
    if read.last_half_term:
        from_day = max(source.review.reviewed_on, plan.starts_on)
        initial["half_term"] = (
            plan_half_terms(plan).filter(number=read.last_half_term, end_date__gte=from_day).first()
        )
    return initial


def plan_people(plan: StrategicPlan):
    """Active members of the plan's institution, for owner choices and filters."""
    return User.objects.filter(
        memberships__institution_id=plan.institution_id, memberships__is_active=True
    ).order_by("first_name", "last_name", "email")


# --- History --------------------------------------------------------------------------------

# Bookkeeping fields: they change on every save and mean nothing to the reader.
HISTORY_IGNORED = {"version", "updated_at", "order"}


def field_label(model, name: str) -> str:
    """A field's verbose name, capitalised, as a table heading."""
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def history(obj: Objective | Action) -> list[history_formatter.Entry]:
    """Each saved version, newest first: who, when, and the fields that changed (before, after)."""
    entries = history_formatter.entries(
        obj,
        ignored=HISTORY_IGNORED,
        related_label=lambda benchmark: f"Benchmark {benchmark.number}",
    )
    return entries[::-1]


# --- Approval of a version --------------------------------------------------------------------

# The plan's own fields that are its content (progress fields are the plan being run, not changed).
SNAPSHOT_PLAN_FIELDS = (
    "title",
    "start_year",
    "end_year",
    "review_frequency",
    "next_review_date",
    *StrategicPlan.VISION_FIELDS,
    *StrategicPlan.CURRENT_STATE_FIELDS,
    "key_priority_areas",
    "owner_line",
)


def _shown(model, name: str, value) -> str:
    """A field's value as a reader sees it: dates in words, choices by label, "" for empty."""
    if value in (None, ""):
        return ""
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if hasattr(value, "strftime"):
        return format_date(value, "j F Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def plan_snapshot(plan: StrategicPlan, objectives=None, swot_items=None) -> dict:
    """The content of the plan as approvers read it, for storing with an approval and comparing
    with later: details, vision, current state, SWOT, objectives, the content of their actions
    (description, CPD, owner, responsible, due) and milestones (title, due). Never progress:
    statuses, progress notes, evidence and done dates are left out. A fixed few queries."""
    if objectives is None:  # else the plan document's, already loaded with the same prefetches
        objectives = plan.objectives.prefetch_related(*_objective_prefetches())
    if swot_items is None:
        swot_items = plan.swot_items.all()
    return {
        "plan": {
            name: _shown(StrategicPlan, name, getattr(plan, name)) for name in SNAPSHOT_PLAN_FIELDS
        },
        "swot": [
            {"id": item.pk, "quadrant": item.get_quadrant_display(), "text": item.text}
            for item in swot_items
        ],
        "objectives": [
            {
                "id": objective.pk,
                "number": objective.number,
                "title": objective.title,
                "scope": objective.get_scope_display(),
                "problem": objective.problem,
                "strategic_objective": objective.strategic_objective,
                "outcomes": objective.outcomes,
                "target_date": _shown(Objective, "target_date", objective.target_date),
                "responsible": objective.responsible,
                "benchmarks": ", ".join(str(b.number) for b in objective.benchmarks.all()),
                "actions": [
                    {
                        "id": action.pk,
                        "description": action.description,
                        "is_cpd": "Yes" if action.is_cpd else "No",
                        "owner": str(action.owner) if action.owner_id else "",
                        "responsible": action.responsible,
                        "due": _action_due(action),
                    }
                    for action in objective.actions.all()
                ],
                "milestones": [
                    {
                        "id": milestone.pk,
                        "title": milestone.title,
                        "due_date": milestone.due_label,
                        "responsible": milestone.responsible,
                        "action": _short_text(milestone.action.description)
                        if milestone.action_id
                        else "",
                    }
                    for milestone in objective.milestones.all()
                ],
            }
            for objective in objectives
        ],
    }


def same_content(approved: dict, now: dict) -> bool:
    """Whether two snapshots hold the same content: nothing a reader would list as changed."""
    return approved == now or not rules.snapshot_changes(approved, now)


def _plan_labels() -> dict[str, str]:
    labels = {name: field_label(StrategicPlan, name) for name in SNAPSHOT_PLAN_FIELDS}
    return labels | {"start_year": "Start year", "end_year": "End year"}


def _action_due(action: Action) -> str:
    return action.due_label


def _short_text(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@dataclass
class ApprovalState:
    """Where the plan stands: the approvals (newest first), the version both SLT and governors
    approved last, whether the content changed since, and what changed."""

    approvals: list
    approved: object | None  # the latest approval of the latest version both approved
    changed: bool
    changes: list[str]
    current_version: int | None  # the version number the plan's content is now, if approved
    slt: object | None  # the latest SLT approval of the content as it is now
    governors: object | None

    @property
    def needs_approval(self) -> bool:
        return self.slt is None or self.governors is None

    @property
    def latest_slt(self):
        return next((a for a in self.approvals if a.kind == "slt"), None)

    @property
    def latest_governors(self):
        return next((a for a in self.approvals if a.kind == "governors"), None)

    @property
    def badge(self):
        """The plan's status as read today: "Changed since approval" once content moved on."""
        return rag.Status("Changed since approval", rag.Colour.AMBER, 3) if self.changed else None


def approval_state(plan: StrategicPlan, snapshot: dict | None = None) -> ApprovalState:
    """The plan as it is now against what SLT and governors approved (rules.snapshot_changes)."""
    approvals = list(plan.approvals.select_related("approved_by").order_by("-approved_at", "-pk"))
    snapshot = plan_snapshot(plan) if snapshot is None else snapshot
    current = next((a for a in approvals if same_content(a.snapshot, snapshot)), None)
    current_version = current.content_version if current else None
    by_version: dict[int, set[str]] = {}
    for approval in approvals:
        by_version.setdefault(approval.content_version, set()).add(approval.kind)
    both = [v for v, kinds in by_version.items() if kinds >= {"slt", "governors"}]
    approved = None
    if both:
        version = max(both)
        approved = next(a for a in approvals if a.content_version == version)
    changes = (
        rules.snapshot_changes(approved.snapshot, snapshot, _plan_labels()) if approved else []
    )
    mine = [a for a in approvals if current_version and a.content_version == current_version]
    return ApprovalState(
        approvals=approvals,
        approved=approved,
        changed=bool(changes),
        changes=changes,
        current_version=current_version,
        slt=next((a for a in mine if a.kind == "slt"), None),
        governors=next((a for a in mine if a.kind == "governors"), None),
    )


@dataclass
class Asked:
    """One person asked to approve, the latest time they were asked, and whether they have
    approved since."""

    user: User
    kind: str
    asked_at: object
    asked_by: User | None
    emailed: bool
    approved_since: bool


def approval_requests(plan: StrategicPlan, approvals=None) -> list[Asked]:
    """Who has been asked to approve the plan (each person once, their latest request);
    `approvals` the plan's approvals when the caller has them already."""
    recipients = (
        ApprovalRequestRecipient.objects.filter(request__plan=plan)
        .select_related("user", "request__requested_by")
        .order_by("-request__requested_at", "-pk")
    )
    approved = {}
    for approval in plan.approvals.all() if approvals is None else approvals:
        key = approval.approved_by_id
        approved[key] = max(approved.get(key, approval.approved_at), approval.approved_at)
    seen: dict[int, Asked] = {}
    for recipient in recipients:
        if recipient.user_id in seen:
            continue
        asked_at = recipient.request.requested_at
        seen[recipient.user_id] = Asked(
            user=recipient.user,
            kind=recipient.get_kind_display(),
            asked_at=asked_at,
            asked_by=recipient.request.requested_by,
            emailed=recipient.sent_at is not None,
            approved_since=recipient.user_id in approved
            and approved[recipient.user_id] >= asked_at,
        )
    return list(seen.values())


def departed_owners(institution) -> QuerySet[User]:
    """People who own unfinished work in the institution's plans but have left it (their
    membership is deactivated): copy forward asks who takes their work on."""
    active = Membership.objects.filter(
        institution=institution, user_id=OuterRef("pk"), is_active=True
    )
    unfinished = Q(
        plan_actions__objective__plan__institution=institution,
        plan_actions__status__in=["not_started", "in_progress", "blocked"],
    ) | Q(
        plan_milestones__objective__plan__institution=institution,
        plan_milestones__done_date=None,
    )
    return (
        User.objects.filter(unfinished)
        .exclude(Exists(active))
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def recurring_milestones(institution) -> QuerySet[Milestone]:
    """The institution's milestones that recur each year (one row per year, sharing `series`)."""
    return (
        _milestone_queryset()
        .for_institution(institution)
        .filter(series__isnull=False)
        .select_related("objective__plan__institution")
    )


def plan_milestones(plan: StrategicPlan, today: dt.date, objective: int | None = None):
    """The plan's milestones in objective order, each with its RAG (for the XLSX export)."""
    milestones = _milestone_queryset().select_related("objective").filter(objective__plan=plan)
    if objective:
        milestones = milestones.filter(objective_id=objective)
    return _milestones_with_rag(
        list(milestones.order_by("objective__number", "due_date", "pk")), today
    )


def approval_summary(state: ApprovalState) -> str:
    """The approval in one line, for exports: who approved which version when, or why not."""
    if state.approved is None:
        return "Not approved yet by SLT and governors."
    version = state.approved.content_version
    parts = []
    for approval in sorted(state.approvals, key=lambda a: a.kind != "slt"):  # SLT first
        if approval.content_version == version and approval.kind not in {p[0] for p in parts}:
            parts.append(
                (
                    approval.kind,
                    f"{approval.get_kind_display()} on {format_date(approval.approved_at, 'j F Y')}"
                    f" ({approval.approved_by or 'a former user'})",
                )
            )
    line = f"Version {version} approved by " + " and ".join(text for _kind, text in parts) + "."
    if state.changed:
        line += f" Changed since approval: {len(state.changes)} change(s) not yet approved."
    return line

"""Demo content for `seed_demo`: the seed-000 plan, brought to life for a demo institution.

The receiver of `demo_institution_seeded` (connected in PlansConfig.ready). It builds the plan
once, through demo_plan and the services, then gives its actions owners, statuses and dates
around today so that the RAG shows every colour. An institution that already has a plan is
left alone, so running seed_demo again creates nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from benchmarks import selectors as benchmark_selectors
from careers_portal.accounts.models import Membership, Role
from plans import services
from plans.demo import demo_plan
from plans.models import Action, Milestone, StrategicPlan, SwotItem

SEED_NAME = "Training 2000"

# One row per action of the seed-000 plan, in order: status, owner's role, due date (a date,
# or days from today so the RAG stays alive whenever the demo is seeded), progress notes.
ACTIONS = [
    (
        Action.Status.DONE,
        Role.CAREERS_LEADER,
        dt.date(2025, 12, 19),
        "Careers leader appointed; a careers champion named in each of the 11 departments.",
    ),
    (
        Action.Status.IN_PROGRESS,
        Role.CHAMPION,
        75,
        "Two of the three CPD sessions delivered (September INSET and an October twilight).",
    ),
    (Action.Status.DONE, Role.CAREERS_LEADER, dt.date(2026, 7, 17), "Agreed with the head."),
    (
        Action.Status.IN_PROGRESS,
        Role.CAREERS_LEADER,
        -22,
        "Six employers signed up; two more are needed for the Year 10 mock interviews.",
    ),
    # Due in 7 days and tomorrow: the champion's reminders email has both on the day of seeding.
    (Action.Status.NOT_STARTED, Role.CHAMPION, 7, ""),
    (
        Action.Status.DONE,
        Role.CHAMPION,
        dt.date(2026, 10, 16),
        "Reflection sheets used after every employer talk since September.",
    ),
    (
        Action.Status.BLOCKED,
        Role.CAREERS_LEADER,
        40,
        "Waiting for the trust's new health and safety policy for work placements.",
    ),
    (
        Action.Status.DONE,
        Role.CAREERS_LEADER,
        dt.date(2025, 12, 19),
        "Baseline surveys of learners, staff and employers closed in December.",
    ),
    (
        Action.Status.IN_PROGRESS,
        Role.CAREERS_LEADER,
        dt.date(2027, 7, 16),
        "Intended destinations collected for Year 11 and Year 13.",
    ),
    (Action.Status.NOT_STARTED, Role.CHAMPION, 1, ""),
]
OBJECTIVE_BENCHMARKS = {1: [1], 2: [5, 6], 3: [1, 3]}
# Milestones past their date are done, except this one (so one shows overdue).
MILESTONE_LEFT_OPEN = "Learners as Leavers profile implemented"
NEW_MILESTONES = [
    (1, "Champions' CPD evaluated", 10),
    (3, "Autumn Compass+ review with the Enterprise Coordinator", 45),
]
SWOT = [
    (SwotItem.Quadrant.STRENGTH, "A careers champion in every department."),
    (SwotItem.Quadrant.STRENGTH, "Strong links with Northfield College and local employers."),
    (SwotItem.Quadrant.WEAKNESS, "Few workplace experiences for Year 12 and Year 13."),
    (SwotItem.Quadrant.WEAKNESS, "Destinations data is collected late and by hand."),
    (SwotItem.Quadrant.OPPORTUNITY, "The Careers Hub's new employer network."),
    (SwotItem.Quadrant.OPPORTUNITY, "Degree apprenticeships growing in the region."),
    (SwotItem.Quadrant.THREAT, "Staff time for careers CPD is squeezed."),
    (SwotItem.Quadrant.THREAT, "Transport costs for workplace visits."),
]


def seed_demo_content(sender, institution, **kwargs) -> None:
    """Receiver: the demo plan of `institution`, made once."""
    if StrategicPlan.objects.for_institution(institution).exists():
        return
    people = _people(institution)
    leader = people.get(Role.CAREERS_LEADER)
    plan = demo_plan(institution)
    _bring_to_life(plan, institution, people, leader)


def _people(institution) -> dict:
    memberships = Membership.objects.filter(institution=institution, is_active=True).select_related(
        "user"
    )
    people: dict = {}
    for membership in memberships:
        people.setdefault(membership.role, membership.user)
    return people


def _due(value: dt.date | int, today: dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else today + dt.timedelta(days=value)


def _bring_to_life(plan: StrategicPlan, institution, people: dict, leader) -> None:
    today = timezone.localdate()
    services.plan_update(
        plan=plan,
        by=leader,
        careers_vision=plan.careers_vision.replace(SEED_NAME, institution.name),
        compass_score="Compass+ in October: benchmarks 1, 5 and 7 strongest; 3 and 6 weakest.",
        priority_benchmarks="Benchmark 3 (the needs of each young person) and benchmark 6 "
        "(experiences of workplaces).",
        key_priority_areas="Workplace experiences for the sixth form\n"
        "Destinations tracking\nCPD for careers champions",
    )
    for quadrant, text in SWOT:
        services.swot_add(plan=plan, quadrant=quadrant, text=text)

    benchmarks = {
        b.number: b for b in benchmark_selectors.benchmarks_for_version(plan.benchmark_version)
    }
    objectives = {o.number: o for o in plan.objectives.all()}
    for number, objective in objectives.items():
        services.objective_save(
            objective=objective,
            by=leader,
            benchmarks=[benchmarks[n] for n in OBJECTIVE_BENCHMARKS.get(number, [])],
        )

    actions = Action.objects.filter(objective__plan=plan).order_by("objective__number", "order")
    for action, (status, role, due, notes) in zip(actions, ACTIONS, strict=False):
        services.action_update(
            action=action,
            by=leader,
            expected_version=action.version,
            description=action.description.replace(SEED_NAME, institution.name),
            status=status,
            owner=people.get(role) or leader,
            due_date=_due(due, today),
            progress_notes=notes,
        )

    for milestone in Milestone.objects.filter(objective__plan=plan):
        milestone.owner = leader
        past = milestone.due_date is not None and milestone.due_date < today
        if past and milestone.title != MILESTONE_LEFT_OPEN:
            milestone.done_date = milestone.due_date - dt.timedelta(days=3)
        services.milestone_save(milestone=milestone, by=leader)
    for number, title, days in NEW_MILESTONES:
        if number in objectives:
            services.milestone_save(
                milestone=Milestone(
                    objective=objectives[number],
                    title=title,
                    due_date=today + dt.timedelta(days=days),
                    owner=people.get(Role.CHAMPION) or leader,
                ),
                by=leader,
            )

    _last_july_review(plan, leader, today)

    slt = people.get(Role.SLT)
    if slt is not None:
        # The governors have not approved it yet: the demo governor can.
        services.plan_approve_slt(plan=plan, by=slt)


def _last_july_review(plan: StrategicPlan, leader, today: dt.date) -> None:
    # July is review time: the demo shows last July's review and the next one ahead.
    july = dt.date(today.year if today.month > 7 else today.year - 1, 7, 15)
    if july.year < plan.start_year + 1:
        return
    services.review_record(
        plan=plan,
        by=leader,
        date=july,
        findings="Employer encounters reached every year group; workplace experiences for "
        "the sixth form and destinations tracking lag behind.",
        adjustments="Priority 2 now includes a sixth-form work experience week.",
        actions_for_next_year="Collect intended destinations from every Year 11 by February\n"
        "Train champions to record reflections after each encounter",
        next_review_date=dt.date(july.year + 1, 7, 15),
    )

"""Demo content: seed 000, Training 2000's Strategic Careers Plan 2025-2028 (demos, tests)."""

from __future__ import annotations

import datetime as dt

from plans import services
from plans.models import Milestone, Objective, StrategicPlan

VISION = (
    "To empower every learner at Training 2000 to make informed, aspirational, and confident "
    "career decisions through a progressive, inclusive, and responsive careers programme that "
    "supports successful transitions into employment, further education, or training."
)

PRIORITIES = [
    {
        "title": "Embed a sustainable and strategic approach to careers leadership",
        "problem": "Careers leadership is not yet fully embedded across all departments and "
        "programmes.",
        "strategic_objective": "By July 2026, establish a cross-functional careers team and "
        "integrate careers planning into all curriculum areas.",
        "outcomes": "Clear ownership of careers across departments; increased staff confidence "
        "in delivering careers-related learning.",
        "responsible": "Quality of Education Manager, Departmental Managers, HR (for CPD)",
        "actions": [
            (
                "Appoint a Strategic Careers Leader and Operational Careers Champions in each "
                "department.",
                False,
            ),
            ("Deliver CPD on careers education and the Gatsby Benchmarks.", True),
            ("Align careers planning with Training 2000's strategic development plan.", False),
        ],
        "milestones": [
            ("Leadership team in place", dt.date(2025, 12, 19)),
            ("CPD delivered", dt.date(2026, 3, 31)),
            ("Careers integrated into all curriculum plans", dt.date(2026, 7, 31)),
        ],
    },
    {
        "title": "Enhance learner readiness for employment",
        "problem": "Learners need more structured and diverse employer encounters to build "
        "confidence and workplace skills. (APP)",
        "strategic_objective": "By July 2026, ensure every learner has meaningful employer "
        "encounters and at least one work-based experience.",
        "outcomes": "Improved learner confidence, employability skills, resulting in increased "
        "career opportunities and improved positive destination outcomes.",
        "responsible": "HR, Employer Engagement Lead, Tutors, Careers Leader",
        "actions": [
            ("Partner with local employers to co-design and deliver encounters.", False),
            ("Launch a Learners as Leavers profile to guide employability development.", False),
            ("Embed reflective activities post-encounter to reinforce learning.", False),
            (
                "Review the structure and improve the process of sourcing appropriate work "
                "experience opportunities for learners that meet their individual needs.",
                False,
            ),
        ],
        "milestones": [
            ("Improved placement processes in place", dt.date(2025, 10, 31)),
            ("Employer partnership framework launched", dt.date(2026, 1, 30)),
            ("Learners as Leavers profile implemented", dt.date(2026, 9, 30)),
            ("Annual review of encounters and feedback", dt.date(2026, 7, 17)),
        ],
    },
    {
        "title": "Develop a robust system for evaluating the career impact",
        "problem": "Limited data on the effectiveness of the current careers programme.",
        "strategic_objective": "By July 2026, implement a careers impact evaluation framework "
        "using learner voice, destination data, and stakeholder feedback.",
        "outcomes": "Data-driven improvements to careers provision; increased stakeholder "
        "confidence.",
        "responsible": "Data Coordinators, Quality of Education Manager, Head of Quality and "
        "Contracts",
        "actions": [
            ("Conduct baseline and annual surveys of learners, staff, and employers.", False),
            ("Track intended and actual destinations of all learners.", False),
            ("Use FSQ (Future Skills Questionnaire) and Compass+ for benchmarking.", False),
        ],
        "milestones": [
            ("Baseline data collected", dt.date(2025, 12, 19)),
            ("Annual impact report published", dt.date(2026, 7, 17)),
            ("Adjustments to provision based on findings", dt.date(2026, 9, 30)),
        ],
    },
]


def build_plan(institution, *, owner=None):
    """The seed-000 plan in `institution`, through the services; `owner` owns the first action."""
    plan = services.plan_create(
        institution=institution,
        by=owner,
        title="Strategic Careers Plan",
        start_year=2025,
        end_year=2028,
        next_review_date=dt.date(2026, 7, 15),
    )
    services.plan_update(plan=plan, by=owner, careers_vision=VISION)
    for number, priority in enumerate(PRIORITIES, start=1):
        objective = services.objective_save(
            objective=Objective(
                plan=plan,
                number=number,
                title=priority["title"],
                problem=priority["problem"],
                strategic_objective=priority["strategic_objective"],
                outcomes=priority["outcomes"],
                target_date=dt.date(2026, 7, 31),
            ),
            by=owner,
        )
        for index, (description, is_cpd) in enumerate(priority["actions"]):
            services.action_create(
                objective=objective,
                by=owner,
                description=description,
                is_cpd=is_cpd,
                responsible=priority["responsible"],
                due_date=dt.date(2026, 7, 31),
                owner=owner if number == 1 and index == 0 else None,
            )
        for title, due in priority["milestones"]:
            services.milestone_save(
                milestone=Milestone(objective=objective, title=title, due_date=due), by=owner
            )
    return plan


def demo_plan(institution):
    """The institution's latest plan, or the seed-000 plan made for it (demo data, benchmarks)."""
    plan = StrategicPlan.objects.for_institution(institution).first()
    if plan is not None:
        return plan
    leader = (
        institution.memberships.filter(role="careers_leader", is_active=True)
        .select_related("user")
        .first()
    )
    return build_plan(institution, owner=leader.user if leader else None)

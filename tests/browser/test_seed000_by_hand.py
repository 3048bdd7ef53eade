"""The whole of seed 000 entered by hand, as a new careers leader would (issue 9, "Done when").

The title as typed ("Strategic Careers Plan (2025-2028)" with an en dash), the owner line,
the vision,
three priorities with responsible written once per priority, their actions without dates, and
their milestones as the seed gives them: months as months ("by Dec 2025"), and "by July each
year", "each July", "each September" as milestones that recur each year (one row per year of
the plan). SLT and governors approve; the leader moves a milestone to another month; the plan
says "Changed since approval" with that change; both re-approve and the governor downloads the
PDFs of both versions. Pinned to 22 November 2026 (tests/browser/conftest.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from plans.models import Action, Milestone, PlanApproval, StrategicPlan
from tests.plans import seed000

pytestmark = pytest.mark.browser

TITLE = "Strategic Careers Plan (2025\u20132028)"
OWNER_LINE = "Quality of Education Manager"
RESPONSIBLE = [
    "Quality of Education Manager, Departmental Managers, HR (for CPD).",
    "HR, Employer Engagement Lead, Tutors, Careers Leader.",
    "Data Coordinators, Quality of Education Manager, Head of Quality and Contracts.",
]
# (title, month as typed, recurs each year)
MILESTONES = [
    [
        ("Leadership team in place", "Dec 2025", False),
        ("CPD delivered", "March 2026", False),
        ("Careers integrated into all curriculum plans", "July 2026", False),
    ],
    [
        ("Improved placement processes in place", "October 2025", False),
        ("Employer partnership framework launched", "Jan 2026", False),
        ("Learners as Leavers profile implemented", "Sept 2026", False),
        ("Annual review of encounters and feedback", "July", True),
    ],
    [
        ("Baseline data collected", "Dec 2025", False),
        ("Annual impact report published", "July", True),
        ("Adjustments to provision based on findings", "September", True),
    ],
]


def _sign_in(screen, user) -> None:
    screen.visit("/accounts/sign-in/")
    screen.sign_in(user.email)


def _approve(screen, plan, button: str) -> None:
    screen.visit(plan.get_absolute_url())
    screen.submit(button)
    expect(screen.page.get_by_role("status")).to_contain_text("You recorded")


def _add_priority(screen, number: int, priority: dict) -> None:
    page = screen.page
    screen.follow("Add an objective")
    page.get_by_label("Title").fill(priority["title"])
    page.get_by_label("The problem").fill(priority["problem"])
    page.get_by_label("Strategic objective").fill(priority["strategic_objective"])
    page.get_by_label("Outcomes").fill(priority["outcomes"])
    page.get_by_label("Target date").fill("2026-07-31")  # "By July 2026"
    page.get_by_label("Responsible").fill(RESPONSIBLE[number - 1])
    screen.submit("Save objective")

    screen.follow("Add an action")
    actions = priority["actions"]
    for index, (description, is_cpd) in enumerate(actions):
        page.get_by_label("Description").fill(description)
        if is_cpd:
            page.get_by_label("This action is staff training (CPD)").check()
        last = index == len(actions) - 1
        screen.submit("Save action" if last else "Save and add another")

    screen.follow("Add a milestone")
    milestones = MILESTONES[number - 1]
    for index, (title, month, recurs) in enumerate(milestones):
        page.get_by_label("Title").fill(title)
        page.get_by_label("Due month").fill(month)
        if recurs:
            page.get_by_label("It recurs each year in this month").check()
        if number == 1 and index == 0:
            screen.shot("milestone-form")
        last = index == len(milestones) - 1
        screen.submit("Save milestone" if last else "Save and add another")
    screen.follow("← Back to the plan")


def test_a_new_careers_leader_enters_seed_000_and_gets_two_versions_approved(
    open_screen, leader, slt, governor
):
    screen = open_screen("desktop")
    page = screen.page
    _sign_in(screen, leader)
    screen.follow("Plan")
    screen.follow("Start your plan")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Start year").fill("2025")
    page.get_by_label("End year").fill("2028")
    page.get_by_label("Review frequency").select_option(label="Annually")
    page.get_by_label("Next review date").fill("2026-07-31")
    page.get_by_label("Plan owner").fill(OWNER_LINE)
    screen.submit("Create the plan")
    plan = StrategicPlan.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    screen.follow("Edit vision statement and comments")
    page.get_by_label("Careers vision statement").fill(seed000.VISION)
    screen.submit("Save vision")

    for number, priority in enumerate(seed000.PRIORITIES, start=1):
        _add_priority(screen, number, priority)

    assert Action.objects.filter(objective__plan=plan, responsible="").count() == 10
    months = {
        m.title: m.due_label for m in Milestone.objects.filter(objective__plan=plan, series=None)
    }
    assert months["Leadership team in place"] == "December 2025"
    assert months["Learners as Leavers profile implemented"] == "September 2026"
    recurring = Milestone.objects.filter(objective__plan=plan, series__isnull=False)
    assert sorted(m.due_label for m in recurring if m.title.startswith("Adjustments")) == [
        "September 2025",
        "September 2026",
        "September 2027",
    ]
    assert recurring.filter(title="Annual review of encounters and feedback").count() == 3

    document = page.locator("#objectives")
    # Responsible once per priority, shown on each of its actions.
    expect(document.get_by_text(RESPONSIBLE[1]).first).to_be_visible()
    expect(document).to_contain_text("Leadership team in place: by December 2025")
    expect(document).to_contain_text(
        "Annual review of encounters and feedback: by July 2027 (recurs each year)"
    )
    # 22 November 2026: the actions have no date ("No date", never "On track"), and priority
    # 1's target (July 2026) and its milestones have passed with nothing done.
    expect(document.locator("table.plan-table .status-green")).to_have_count(0)
    expect(document.locator("table.plan-table").first).to_contain_text("No date")
    expect(document.locator("ul.plan-milestones").first.locator(".status-green")).to_have_count(0)
    expect(document.locator("ul.plan-milestones").first).to_contain_text("Overdue")
    expect(page.locator("body")).to_contain_text(OWNER_LINE)
    screen.shot("document")

    screen.visit(plan.get_absolute_url())
    screen.submit("Send for approval", "sent")
    senior = open_screen("desktop")
    _sign_in(senior, slt)
    _approve(senior, plan, "Record SLT approval")
    board = open_screen("desktop")
    _sign_in(board, governor)
    _approve(board, plan, "Record governors' approval")
    expect(board.page.locator("#approval")).to_contain_text("Approved")

    # The leader moves a milestone to another month: the plan changed since its approval.
    moved = Milestone.objects.get(
        objective__plan=plan, title="Learners as Leavers profile implemented"
    )
    screen.visit(f"/plan/milestones/{moved.pk}/edit/")
    expect(page.get_by_label("Due month")).to_have_value("September 2026")
    page.get_by_label("Due month").fill("October 2026")
    screen.submit("Save milestone")
    screen.visit(plan.get_absolute_url(), "changed")
    banner = page.get_by_role("region", name="Changed since approval")
    expect(banner).to_contain_text("due date changed from September 2026 to October 2026")

    _approve(senior, plan, "Record SLT approval of this version")
    _approve(board, plan, "Record governors' approval of this version")
    expect(board.page.get_by_role("region", name="Changed since approval")).to_have_count(0)
    board.shot("re-approved")
    history = board.page.locator("#approval-history")
    for version in (1, 2):
        approval = PlanApproval.objects.filter(plan=plan, content_version=version).first()
        link = history.get_by_role(
            "link", name=f"PDF of version {version} as approved by {approval.get_kind_display()}"
        )
        with board.page.expect_download() as download_info:
            link.first.click()
        with open(download_info.value.path(), "rb") as pdf:
            assert pdf.read(4) == b"%PDF"

    phone = open_screen("phone")
    _sign_in(phone, leader)
    phone.visit(f"/plan/objectives/{moved.objective_id}/", "priority-2-phone")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"The priority page is {width} px wide on a 390 px phone"

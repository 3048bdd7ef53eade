"""A new careers leader builds the seed-000 plan in a real browser; others then act on it.

The leader writes the vision, a SWOT edited in place (htmx, no page reload), the three priorities
of seed 000 with their problems, objectives, outcomes, actions, responsible and milestones. A
champion updates the action they own at phone width; an SLT member and a governor approve; the
governor can read everything and edit nothing.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from plans.models import Action, Milestone, StrategicPlan
from tests.plans import seed000

pytestmark = pytest.mark.browser

QUADRANT_IDS = {
    "strengths": "strength",
    "weaknesses": "weakness",
    "opportunities": "opportunity",
    "threats": "threat",
}


def _sign_in(screen, user) -> None:
    screen.visit("/accounts/sign-in/")
    screen.sign_in(user.email)


def _build_swot(screen) -> None:
    page = screen.page
    url = page.url
    for quadrant, text in [
        ("strengths", "Engaged link governor for careers"),
        ("strengths", "Strong employer links in construction"),
        ("weaknesses", "Work experience not an entitlement for every learner"),
        ("opportunities", "Careers champions identified in each department"),
        ("threats", "Falling employer capacity for placements"),
    ]:
        page.get_by_label(f"Add to {quadrant}").fill(text)
        page.get_by_role("button", name=f"Add to {quadrant}", exact=True).click()
        expect(page.locator(f"#swot-{QUADRANT_IDS[quadrant]}")).to_contain_text(text)
    # Reorder and edit in place: the page never reloads.
    strengths = page.locator("#swot-strength")
    strengths.get_by_role("button", name="move Strong employer links in construction up").click()
    expect(strengths.locator("li").first).to_contain_text("Strong employer links")
    strengths.get_by_role("link", name="Edit Engaged link governor for careers").click()
    page.get_by_label("Change the text").fill("Engaged link governor and enterprise adviser")
    strengths.get_by_role("button", name="Save").click()
    expect(strengths).to_contain_text("Engaged link governor and enterprise adviser")
    assert page.url == url
    screen.check()
    screen.shot("swot")
    page.get_by_label("Key priority areas from the SWOT").fill(
        "\n".join(
            [
                "Embed a sustainable and strategic approach to careers leadership",
                "Enhance learner readiness for employment",
                "Develop a robust system for evaluating the impact of the careers programme",
            ]
        )
    )
    screen.submit("Save key priority areas")


def _add_priority(screen, number: int, priority: dict, champion) -> None:
    page = screen.page
    screen.follow("Add an objective")
    page.get_by_label("Title").fill(priority["title"])
    page.get_by_label("The problem").fill(priority["problem"])
    page.get_by_label("Strategic objective").fill(priority["strategic_objective"])
    page.get_by_label("Outcomes").fill(priority["outcomes"])
    page.get_by_label("Target date").fill("2026-07-31")
    screen.submit("Save objective")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Priority {number}: {priority['title']}"
    )

    screen.follow("Add an action")
    actions = priority["actions"]
    for index, (description, is_cpd) in enumerate(actions):
        page.get_by_label("Description").fill(description)
        page.get_by_label("Responsible").fill(priority["responsible"])
        if is_cpd:
            page.get_by_label("This action is staff training (CPD)").check()
        if number == 1 and index == 0:
            page.get_by_label("Owner").select_option(label=str(champion))
            page.get_by_label("Due date").fill("2026-12-04")
        else:
            page.get_by_label("Due date").fill("2027-07-16")
        last = index == len(actions) - 1
        screen.submit("Save action" if last else "Save and add another")

    screen.follow("Add a milestone")
    milestones = priority["milestones"]
    for index, (title, due) in enumerate(milestones):
        page.get_by_label("Title").fill(title)
        page.get_by_label("Due date").fill(due.isoformat())
        last = index == len(milestones) - 1
        screen.submit("Save milestone" if last else "Save and add another")
    expect(page.get_by_role("table", name=f"Milestones for priority {number}")).to_contain_text(
        milestones[-1][0]
    )
    screen.follow("← Back to the plan")


def test_it_builds_the_seed_plan_and_others_update_and_approve_it(
    open_screen, leader, champion, slt, governor
):
    # The careers leader, new to the portal, starts from nothing.
    screen = open_screen("desktop")
    page = screen.page
    _sign_in(screen, leader)
    screen.follow("Plan", "plans-empty")
    expect(page.get_by_text("There is no strategic careers plan yet.")).to_be_visible()
    screen.follow("Start your plan")
    page.get_by_label("Start year").fill("2025")
    page.get_by_label("End year").fill("2028")
    page.get_by_label("Next review date").fill("2026-07-15")
    screen.submit("Create the plan")
    plan = StrategicPlan.objects.get()

    screen.follow("Edit vision statement and comments")
    page.get_by_label("Careers vision statement").fill(seed000.VISION)
    page.get_by_label("Link governor comments").fill("Careers to report to governors termly.")
    screen.submit("Save vision")
    expect(page.locator(".plan-vision")).to_have_text(seed000.VISION)

    screen.follow("Edit SWOT")
    _build_swot(screen)

    for number, priority in enumerate(seed000.PRIORITIES, start=1):
        _add_priority(screen, number, priority, champion)

    assert plan.objectives.count() == 3
    assert Action.objects.filter(objective__plan=plan).count() == 10
    assert Milestone.objects.filter(objective__plan=plan).count() == 10
    expect(page.get_by_role("alert")).to_have_count(0)  # three objectives: no warning
    for priority in seed000.PRIORITIES:
        expect(page.locator("#objectives")).to_contain_text(priority["problem"])
    screen.shot("document")

    screen.follow("Action plan table", "action-table")
    expect(page.get_by_role("row")).to_have_count(11)
    page.get_by_label("Objective").select_option(index=2)
    screen.submit("Filter", "action-table-filtered")
    expect(page.get_by_role("row")).to_have_count(5)

    # The champion, on a phone, updates the action they own.
    phone = open_screen("phone")
    _sign_in(phone, champion)
    phone.open_menu()
    main_menu = phone.page.get_by_role("navigation", name="Main")
    phone.follow(
        step="my-actions", locator=main_menu.get_by_role("link", name="My actions", exact=True)
    )
    owned = phone.page.locator(".my-action")
    expect(owned).to_have_count(1)
    expect(owned).to_contain_text("Due soon")
    owned.get_by_label("Status").select_option(label="In progress")
    owned.get_by_label("Progress notes").fill("Champions named in 5 of 7 departments.")
    phone.submit(locator=owned.get_by_role("button", name="Save progress"))
    expect(phone.page.get_by_role("status")).to_contain_text("Progress saved")
    expect(phone.page.locator(".my-action")).to_contain_text("On track")
    phone.shot("action-updated")
    action = Action.objects.get(owner=champion)
    assert (action.status, action.progress_notes, action.version) == (
        "in_progress",
        "Champions named in 5 of 7 departments.",
        2,
    )

    # The senior leader approves.
    senior = open_screen("desktop")
    _sign_in(senior, slt)
    senior.visit(plan.get_absolute_url())
    senior.submit("Record SLT approval")
    expect(senior.page.get_by_role("status")).to_contain_text("senior leadership team")

    # The governor approves, and can change nothing.
    board = open_screen("desktop")
    _sign_in(board, governor)
    board.visit(plan.get_absolute_url())
    for control in ("Edit vision", "Edit SWOT", "Add an objective", "Change plan details"):
        expect(board.page.get_by_role("link", name=control)).to_have_count(0)
    expect(board.page.get_by_role("link", name="Edit", exact=False)).to_have_count(0)
    board.submit("Record governors' approval", "approved")
    facts = board.page.locator("#approval")
    expect(facts).to_contain_text(f"by {slt}")
    expect(facts).to_contain_text(f"by {governor}")
    expect(facts).to_contain_text("15 July 2026")
    expect(facts).to_contain_text("Approved")
    plan.refresh_from_db()
    assert plan.status == "approved"
    for path in (
        f"/plan/{plan.pk}/vision/",
        f"/plan/{plan.pk}/swot/",
        f"/plan/actions/{action.pk}/edit/",
        f"/plan/actions/{action.pk}/update/",
    ):
        assert board.visit(path).status == 403, path
    board.visit("/plan/mine/")
    expect(board.page.get_by_role("button", name="Save progress")).to_have_count(0)
    board.visit(f"/plan/{plan.pk}/actions/")
    expect(board.page.get_by_role("link", name="Edit", exact=False)).to_have_count(0)


def test_it_shows_both_versions_when_two_people_edit_the_same_action(
    open_screen, institution, leader, champion
):
    plan = seed000.build_plan(institution, owner=leader)
    action = Action.objects.filter(objective__plan=plan).order_by("pk").first()
    action.owner = champion
    action.save()

    # The leader opens the action to edit it...
    desk = open_screen("desktop")
    _sign_in(desk, leader)
    desk.visit(f"/plan/actions/{action.pk}/edit/")
    desk.page.get_by_label("Progress notes").fill("Leader: waiting for HR to confirm.")
    desk.page.get_by_label("Status").select_option(label="Blocked")

    # ...while the champion, on a phone, saves their update first.
    phone = open_screen("phone")
    _sign_in(phone, champion)
    phone.visit("/plan/mine/")
    owned = phone.page.locator(".my-action")
    owned.get_by_label("Progress notes").fill("Champion: five departments have a champion.")
    phone.submit(locator=owned.get_by_role("button", name="Save progress"))

    desk.submit("Save action", "conflict")
    page = desk.page
    expect(page.get_by_role("alert")).to_contain_text(f"{champion} saved this action")
    panel = page.get_by_role("region", name="Someone else changed this action")
    expect(panel).to_contain_text("Leader: waiting for HR to confirm.")
    expect(panel).to_contain_text("Champion: five departments have a champion.")
    expect(page.get_by_label("Progress notes")).to_have_value("Leader: waiting for HR to confirm.")
    action.refresh_from_db()
    assert action.progress_notes == "Champion: five departments have a champion."

    # Saving again, having compared, keeps the leader's version on purpose.
    desk.submit("Save action")
    action.refresh_from_db()
    assert (action.progress_notes, action.status, action.version) == (
        "Leader: waiting for HR to confirm.",
        "blocked",
        3,
    )

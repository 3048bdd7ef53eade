"""Approval of a version in a real browser (issue 9 points 2 and 4).

The careers leader sends the seed-000 plan for approval; SLT and a governor approve it (with a
comment); the leader changes an action's due date and adds a milestone; everyone now sees
"Changed since approval" listing both changes; the leader sends it again, both approve the new
version, and the governor downloads the PDFs of version 1 and version 2 from the approvals'
history. The plan page fits a 390 px phone with the banner and the history on it.
"""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from plans.models import Action, PlanApproval
from tests.plans import seed000

pytestmark = pytest.mark.browser


def _sign_in(screen, user) -> None:
    screen.visit("/accounts/sign-in/")
    screen.sign_in(user.email)


def _approve(screen, plan, button: str, comment: str = "") -> None:
    screen.visit(plan.get_absolute_url())
    if comment:
        screen.page.get_by_label("Comment (optional)").fill(comment)
    screen.submit(button)
    expect(screen.page.get_by_role("status")).to_contain_text("You recorded")


def test_it_approves_a_version_shows_what_changed_and_approves_the_next(
    open_screen, institution, leader, slt, governor
):
    plan = seed000.build_plan(institution, owner=leader)

    desk = open_screen("desktop")
    _sign_in(desk, leader)
    desk.visit(plan.get_absolute_url())
    desk.submit("Send for approval", "sent")
    expect(desk.page.get_by_role("status")).to_contain_text("Sent for approval")
    asked = desk.page.locator(".plan-asked")
    expect(asked).to_contain_text(f"{slt} (Senior leadership team): asked")
    expect(asked).to_contain_text(f"{governor} (Governors): asked")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([slt.email, governor.email])

    senior = open_screen("desktop")
    _sign_in(senior, slt)
    _approve(senior, plan, "Record SLT approval", "Agreed by SLT on 20 November.")
    board = open_screen("desktop")
    _sign_in(board, governor)
    _approve(board, plan, "Record governors' approval")
    expect(board.page.locator("#approval")).to_contain_text("Approved")
    expect(board.page.get_by_role("region", name="Changed since approval")).to_have_count(0)
    board.shot("approved")

    # The careers leader changes the plan's content.
    action = Action.objects.filter(objective__plan=plan, objective__number=1).order_by("pk")[1]
    desk.visit(f"/plan/actions/{action.pk}/edit/")
    desk.page.get_by_label("Due date").fill("2027-03-26")
    desk.submit("Save action")
    objective = action.objective
    desk.visit(f"/plan/objectives/{objective.pk}/milestones/new/")
    desk.page.get_by_label("Title").fill("CPD evaluated by staff survey")
    desk.page.get_by_label("Due date").fill("2027-04-30")
    desk.submit("Save milestone")
    desk.visit(plan.get_absolute_url(), "changed")
    banner = desk.page.get_by_role("region", name="Changed since approval")
    expect(banner).to_contain_text("due date changed from 31 July 2026 to 26 March 2027")
    expect(banner).to_contain_text("Priority 1: milestone added: CPD evaluated by staff survey")
    expect(desk.page.locator("#approval")).to_contain_text("Changed since approval")

    phone = open_screen("phone")
    _sign_in(phone, governor)
    phone.visit(plan.get_absolute_url(), "changed")
    expect(phone.page.get_by_role("region", name="Changed since approval")).to_be_visible()
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"The plan page is {width} px wide on a 390 px phone"

    desk.visit(plan.get_absolute_url())
    desk.submit("Send for approval")
    assert len(mail.outbox) == 4

    _approve(senior, plan, "Record SLT approval of this version")
    _approve(board, plan, "Record governors' approval of this version", "Approved with the CPD.")
    expect(board.page.get_by_role("region", name="Changed since approval")).to_have_count(0)
    history = board.page.locator("#approval-history")
    expect(history.get_by_role("row")).to_have_count(5)
    expect(history).to_contain_text("Approved with the CPD.")
    board.shot("re-approved")

    for version in (1, 2):
        approval = PlanApproval.objects.filter(plan=plan, content_version=version).first()
        link = history.get_by_role(
            "link", name=f"PDF of version {version} as approved by {approval.get_kind_display()}"
        )
        with board.page.expect_download() as download_info:
            link.first.click()
        download = download_info.value
        assert f"version-{version}" in download.suggested_filename
        with open(download.path(), "rb") as pdf:
            assert pdf.read(4) == b"%PDF"

"""The careers leader manages people in a real browser: invite, change a role, deactivate."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from careers_portal.accounts.models import Membership, Role

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_it_lets_the_leader_invite_change_a_role_and_deactivate(
    open_screen, leader, slt, governor, department, size
):
    screen = open_screen(size)
    page = screen.page
    screen.visit("/accounts/sign-in/")
    screen.sign_in(leader.email)
    screen.open_menu()
    screen.follow("People", "people")
    screen.follow("Invite someone", "invite")

    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Email address").fill("p.shah@northfield.test")
    page.get_by_label("Careers champion").check()
    page.get_by_label("Department").select_option(label="Science")
    screen.submit("Send invitation", "invited")

    expect(page.get_by_role("status")).to_contain_text("Invitation sent to p.shah@northfield.test")
    row = page.get_by_role("row").filter(has_text="Priya Shah")
    expect(row).to_contain_text("Careers champion")
    expect(row).to_contain_text("Science")
    expect(row.locator(".status")).to_have_text("Invited")
    invited = Membership.objects.get(user__email="p.shah@northfield.test")
    assert (invited.role, invited.department) == (Role.CHAMPION, department)

    screen.follow(f"Change role of {slt}", "change-role")
    page.get_by_label("Governor").check()
    screen.submit("Save role")

    expect(page.get_by_role("status")).to_contain_text(f"{slt} is now a Governor")
    expect(page.get_by_role("row").filter(has_text=str(slt))).to_contain_text("Governor")

    screen.submit(f"Deactivate {governor}", "deactivated")

    expect(page.get_by_role("status")).to_contain_text(f"{governor} can no longer sign in here")
    row = page.get_by_role("row").filter(has_text=str(governor))
    expect(row.locator(".status")).to_have_text("Deactivated")
    expect(row.get_by_role("button", name=f"Reactivate {governor}")).to_be_visible()


def test_it_explains_an_invitation_it_cannot_send_and_keeps_what_was_typed(
    open_screen, leader, slt
):
    screen = open_screen("desktop")
    page = screen.page
    screen.visit("/accounts/sign-in/")
    screen.sign_in(leader.email)
    screen.visit("/accounts/people/invite/")

    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Jones")
    page.get_by_label("Email address").fill(slt.email)
    page.get_by_label("Governor").check()
    screen.submit("Send invitation", "already-here")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text(f"Email address: {slt.email} already has access")
    field_error = page.locator("#id_email ~ .invalid-feedback")
    expect(field_error).to_contain_text("Change their role instead")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    expect(page.get_by_label("First name")).to_have_value("Sam")
    expect(page.get_by_label("Last name")).to_have_value("Jones")
    expect(page.get_by_label("Governor")).to_be_checked()
    assert Membership.objects.get(user=slt).role == Role.SLT

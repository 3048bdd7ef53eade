"""A person with roles in two institutions chooses where to work, then switches."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from careers_portal.accounts.models import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_it_lets_a_person_choose_and_switch_institution(
    open_screen, leader, institution, other_institution, size
):
    MembershipFactory(user=leader, institution=other_institution, role=Role.GOVERNOR)
    screen = open_screen(size)
    page = screen.page
    screen.visit("/")

    screen.sign_in(leader.email, step="choose")

    expect(page.get_by_role("heading", level=1)).to_have_text("Choose where you are working")
    page.get_by_label("Southfield School (Governor)").check()
    screen.submit("Continue", "governor-home")
    expect(page.get_by_role("heading", level=1)).to_have_text("Careers for governors")
    expect(page.locator(".portal-context")).to_contain_text("Southfield School")

    screen.open_menu()
    screen.follow("Switch institution", "switch")
    expect(page.get_by_label("Southfield School (Governor)")).to_be_checked()
    page.get_by_label("Northfield Academy (Careers leader)").check()
    screen.submit("Continue", "leader-home")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your careers programme")
    expect(page.locator(".portal-context")).to_contain_text("Northfield Academy")

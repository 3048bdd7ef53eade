"""Each role signs in through the real form, in a real browser, at desktop and phone width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

HOME_HEADINGS = {
    "leader": "Your careers programme",
    "champion": "Your careers work",
    "slt": "Careers at a glance",
    "governor": "Careers for governors",
}


def test_it_sends_an_anonymous_visitor_to_sign_in(open_screen):
    screen = open_screen("desktop")

    screen.visit("/", "sign-in")

    assert screen.page.url.endswith("/accounts/sign-in/?next=/")
    expect(screen.page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(screen.page.get_by_role("link", name="Sign out")).to_have_count(0)


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("role", list(HOME_HEADINGS))
def test_it_signs_each_role_in_to_its_own_home_page(open_screen, role_users, role, size):
    user = role_users[role]
    screen = open_screen(size)
    screen.visit("/")

    screen.sign_in(user.email, step="home")

    page = screen.page
    assert page.url == f"{page.url.split('/', 3)[0]}//{page.url.split('/', 3)[2]}/"
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADINGS[role])
    expect(page.get_by_text("Northfield Academy").first).to_be_visible()
    sign_out = page.get_by_role("button", name="Sign out")
    if size == "phone":
        expect(sign_out).to_be_hidden()
    screen.open_menu()
    expect(sign_out).to_be_visible()
    # The navigation follows the role's capabilities: everyone sees People, only the leader manages.
    expect(page.get_by_role("link", name="People", exact=True)).to_be_visible()
    manage = "Manage people" if role == "leader" else "See who is here"
    expect(page.get_by_role("link", name=manage)).to_be_visible()
    screen.shot("menu")

    screen.submit("Sign out")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_it_keeps_the_email_and_explains_a_wrong_password(open_screen, leader):
    screen = open_screen("desktop")
    screen.visit("/accounts/sign-in/")

    screen.sign_in(leader.email, "not-the-password", step="wrong-password")

    page = screen.page
    expect(page.get_by_role("alert")).to_contain_text(
        "The email address or password is not right. Check both and try again"
    )
    expect(page.get_by_label("Email address")).to_have_value(leader.email)
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_it_can_be_used_with_a_keyboard_alone(open_screen, champion):
    screen = open_screen("desktop")
    page = screen.page
    screen.visit("/accounts/sign-in/")

    # The email field has the focus already: type, tab, type, Enter.
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(champion.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    screen.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADINGS["champion"])

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    screen.shot("skip-link")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Log an encounter")).to_be_focused()
    screen.shot("focus")

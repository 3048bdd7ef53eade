"""Two-step sign-in in a real browser: a careers leader whose school requires it sets up an
authenticator after the password, saves the recovery codes, comes back with a code, is refused a
wrong one, and signs in once (and only once) with a recovery code."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import expect

from careers_portal.schools.models import Institution
from tests.conftest import AUTUMN_TERM_2026, travel_to
from tests.two_step import add_authenticator

pytestmark = pytest.mark.browser

WRONG_CODE = "That code is not right."


def _wrong(phone: pyotp.TOTP) -> str:
    return "000000" if phone.now() != "000000" else "111111"


def _sign_out(screen) -> None:
    screen.open_menu()
    screen.submit("Sign out")
    expect(screen.page.get_by_role("heading", level=1)).to_have_text("Sign in")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_leader_sets_up_two_step_sign_in_and_signs_in_with_a_code(
    open_screen, leader, institution, size
):
    institution.second_factor_policy = Institution.SecondFactorPolicy.LEADERS_AND_SLT
    institution.save()
    screen = open_screen(size)
    page = screen.page
    screen.visit("/")

    # Right after the password: set up, before any other page.
    screen.sign_in(leader.email, step="setup")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    expect(page.get_by_role("img", name="QR code")).to_be_visible()
    expect(page.get_by_role("link", name="Plan")).to_have_count(0)
    phone = pyotp.TOTP(page.locator("#secret-key").get_attribute("data-secret"))

    page.get_by_label("Code").fill(_wrong(phone))
    screen.submit("Turn on two-step sign-in", "setup-wrong-code")
    expect(page.locator(".invalid-feedback")).to_contain_text(WRONG_CODE)

    page.get_by_label("Code").fill(phone.now())
    screen.submit("Turn on two-step sign-in", "recovery-codes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10

    screen.submit("I have saved my recovery codes", "home")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your careers programme")
    _sign_out(screen)

    # An hour later: the password, then a code (a wrong one first).
    with travel_to(AUTUMN_TERM_2026, hour=11):
        screen.sign_in(leader.email, step="code")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Enter the code from your authenticator app"
        )
        page.get_by_label("Code").fill(_wrong(phone))
        screen.submit("Continue", "wrong-code")
        expect(page.locator(".invalid-feedback")).to_contain_text(WRONG_CODE)
        expect(page.locator(".invalid-feedback")).to_contain_text("5 more wrong codes pause")

        page.get_by_label("Code").fill(phone.now())
        screen.submit("Continue")
        expect(page.get_by_role("heading", level=1)).to_have_text("Your careers programme")
        _sign_out(screen)

        # Lost phone: a recovery code lets in once.
        screen.sign_in(leader.email)
        page.get_by_text("Lost your phone?").click()
        page.get_by_label("Code").fill(codes[0])
        screen.submit("Continue", "recovery-code-used")
        expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
        expect(page.get_by_role("alert")).to_contain_text("You have 9 left")
        _sign_out(screen)

        screen.sign_in(leader.email)
        page.get_by_label("Code").fill(codes[0])
        screen.submit("Continue")
        expect(page.locator(".invalid-feedback")).to_contain_text(WRONG_CODE)


def test_the_leader_turns_the_policy_on_and_resets_a_colleague(
    open_screen, leader, slt, mailoutbox
):
    add_authenticator(slt)
    screen = open_screen("phone")
    page = screen.page
    screen.visit("/accounts/sign-in/")
    screen.sign_in(leader.email)
    expect(page.get_by_role("heading", name="Two-step sign-in is off")).to_be_visible()

    screen.follow("Turn it on in People, Sign-in security", "policy")
    page.get_by_label("Careers leaders and senior leaders").check()
    screen.submit("Save")

    # The leader's own role now needs it: the next page is the setup, then back to People.
    expect(page.get_by_role("status").first).to_contain_text("Saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    phone = pyotp.TOTP(page.locator("#secret-key").get_attribute("data-secret"))
    page.get_by_label("Code").fill(phone.now())
    screen.submit("Turn on two-step sign-in")
    screen.submit("I have saved my recovery codes", "people")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    expect(page.get_by_text("required for careers leaders and senior leaders")).to_be_visible()

    screen.submit(f"Reset two-step sign-in of {slt}", "reset")
    expect(page.get_by_role("status")).to_contain_text("two-step sign-in is reset")
    assert [email.to for email in mailoutbox] == [[slt.email]]

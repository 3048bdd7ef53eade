"""An unknown address shows the styled 404 page, signed in or not."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BRAND_BLUE = "rgb(29, 79, 110)"


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_it_shows_a_styled_page_for_an_unknown_address(open_screen, champion, signed_in, size):
    screen = open_screen(size)
    page = screen.page
    if signed_in:
        screen.visit("/accounts/sign-in/")
        screen.sign_in(champion.email)

    response = screen.visit("/no-such-page/", "404-signed-in" if signed_in else "404")

    assert response.status == 404
    expect(page).to_have_title("Page not found \N{EN DASH} Careers Portal")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    # The stylesheets loaded: the header has the portal's colour and the button is a button.
    expect(page.locator(".portal-header .navbar")).to_have_css("background-color", BRAND_BLUE)
    home = page.get_by_role("link", name="Go to your home page")
    expect(home).to_have_class("btn btn-primary btn-lg")
    assert home.bounding_box()["height"] >= 44
    screen.follow("Go to your home page")
    expected = "Your careers work" if signed_in else "Sign in"
    expect(page.get_by_role("heading", level=1)).to_have_text(expected)

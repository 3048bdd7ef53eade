"""Headless Chromium (Debian's package, never a downloaded one) against pytest-django's live server.

One browser per test session, a fresh context (cookies, viewport) per screen. Every page a screen
shows is checked with axe-core; see tests/browser/helpers.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from tests.browser.helpers import SIZES, Screen
from tests.conftest import AUTUMN_TERM_2026, pinned_today, require

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def open_screen(browser, live_server, request):
    """open_screen("desktop" | "phone") -> a new Screen on the live server, signed out."""
    screens: list[Screen] = []
    contexts = []

    def open_(size: str = "desktop") -> Screen:
        context = browser.new_context(
            base_url=live_server.url,
            locale="en-GB",
            reduced_motion="reduce",  # no collapse animation to wait for
            **SIZES[size],
        )
        # Generous: CI machines and a busy laptop are slow; a passing step never waits this long.
        context.set_default_timeout(20_000)
        # axe-core, as bundled by axe-playwright-python, in every document for Screen.check().
        context.add_init_script(script=AXE_SCRIPT)
        contexts.append(context)
        name = request.node.name if size in request.node.name else f"{request.node.name}-{size}"
        screen = Screen(context.new_page(), test_name=name, size=size)
        screens.append(screen)
        return screen

    yield open_
    for context in contexts:
        context.close()
    unchecked = [url for screen in screens for url in screen.unchecked]
    problems = [problem for screen in screens for problem in screen.problems]
    assert not unchecked, f"Pages shown without an accessibility check: {unchecked}"
    assert not problems, "\n".join(problems)


# These tests type their dates (encounters on "2026-11-20", assessments of "2026-10-15"): each runs
# on the day they were written around, whatever the real date or --today says.
_today = pinned_today(AUTUMN_TERM_2026)

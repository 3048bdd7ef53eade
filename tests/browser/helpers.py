"""A browser tab on the live server that checks every page it shows with axe-core.

`Screen` wraps a Playwright `Page`. Navigate with `visit()`, `submit()` or `follow()` and each page
that loads is checked against WCAG 2.0, 2.1 and 2.2 A and AA at once; a page that loads some other
way (a plain `page.click()`) is still noticed, and the test fails at teardown unless `check()` ran.
`shot(step)` saves test-artifacts/screenshots/<test>-<step>.png to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Locator, Page

from tests.factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    },
}


class AccessibilityError(AssertionError):
    pass


def describe_violations(url: str, violations: list[dict]) -> str:
    """The axe violations of one page, one rule per paragraph, each offending element listed."""
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"\n- {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)


class Screen:
    """One tab at one size, checked with axe on every page it shows."""

    def __init__(self, page: Page, *, test_name: str, size: str):
        self.page = page
        self.size = size
        self.test_name = re.sub(r"[^A-Za-z0-9_.-]+", "-", test_name).strip("-")
        self.unchecked: list[str] = []
        self._last_url = ""
        self.problems: list[str] = []
        page.on("framenavigated", self._navigated)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _navigated(self, frame) -> None:
        if frame != self.page.main_frame:
            return
        url, fragment = urldefrag(frame.url)
        if fragment and url == urldefrag(self._last_url)[0]:
            return  # a jump within the same page (an error summary link), not a new page
        self._last_url = frame.url
        self.unchecked.append(frame.url)

    def _console(self, message) -> None:
        # The CSP is on: a refused inline script or style is a bug in a template.
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"{self.page.url}: {message.text}")

    def check(self) -> None:
        """Run axe-core on the page now showing; fail on any WCAG 2.x A or AA violation."""
        self.page.wait_for_load_state("load")
        # open_screen() adds axe-core to every document; a page opened otherwise gets it here.
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            self.page.evaluate(AXE_SCRIPT)
        results = self.page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        self.unchecked.clear()
        violations = results["violations"]
        if violations:
            raise AccessibilityError(describe_violations(self.page.url, violations))

    def visit(self, path: str, step: str | None = None):
        """Open a path on the live server, check it, and take a screenshot if `step` is given."""
        response = self.page.goto(path)
        self._arrived(step)
        return response

    def submit(self, name: str = "", step: str | None = None, *, locator: Locator | None = None):
        """Press a button (by its accessible name) and check the page that comes back."""
        target = locator or self.page.get_by_role("button", name=name, exact=True)
        with self.page.expect_navigation():
            target.click()
        self._arrived(step)

    def follow(self, name: str = "", step: str | None = None, *, locator: Locator | None = None):
        """Follow a link (by its accessible name) and check the page it leads to."""
        target = locator or self.page.get_by_role("link", name=name, exact=True)
        with self.page.expect_navigation():
            target.click()
        self._arrived(step)

    def navigate(self, name: str, step: str | None = None):
        """Follow a link in the main navigation (a page may also link there from its body)."""
        self.open_menu()
        nav = self.page.get_by_role("navigation", name="Main")
        self.follow(step=step, locator=nav.get_by_role("link", name=name, exact=True))

    def _arrived(self, step: str | None) -> None:
        self.check()
        if step:
            self.shot(step)

    def shot(self, step: str) -> Path:
        """Save a full-page screenshot as <test>-<step>.png (the size is in the test name)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.test_name}-{step}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def open_menu(self) -> None:
        """On a narrow screen, open the collapsed navigation; on a wide one it is already open."""
        toggler = self.page.get_by_role("button", name="Menu")
        if toggler.is_visible():
            toggler.click()
            self.page.locator("#main-nav.show").wait_for()

    def sign_in(self, email: str, password: str = PASSWORD, step: str | None = None) -> None:
        """Sign in through the real sign-in form (the tab must be showing it)."""
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.submit("Sign in", step)

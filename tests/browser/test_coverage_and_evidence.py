"""Issue 11 in a real browser: coverage says what is due when; the self-assessment shows it.

The careers leader of the demo school opens the coverage page in the autumn term and sees no red
for a rule that is not due yet (Year 7's workplace experience and guidance, "by 16", are on the
way), on a desktop and on a phone. Then they open the latest self-assessment, see the live
coverage beside the benchmark 5 criterion, and use it as evidence: the summary joins what they had
typed, and once saved it is in the criterion's evidence notes.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from benchmarks.models import CriterionAnswer, SelfAssessment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

LEADER = "leader@demo.careers-portal.test"
PASSWORD = "careers-demo-2026"


@pytest.fixture
def demo_school(db):
    # The demo school as `make run` seeds it, smaller: Years 7 to 13, encounters over two years.
    call_command("seed_demo", learners=210, stdout=io.StringIO())


def _sign_in(screen) -> None:
    screen.visit("/accounts/sign-in/")
    screen.sign_in(LEADER, PASSWORD)


def _no_red_for_rules_not_due(screen) -> None:
    page = screen.page
    year7 = page.locator("#coverage-year-7")
    expect(year7).to_be_visible()
    # BM6 and BM8 ("by 16") are on the way in Year 7; BM5 is due every year, but not behind yet.
    expect(year7.locator(".status-red")).to_have_count(0)
    expect(page.locator("#coverage-by-year .status-red")).to_have_count(0)
    bm6 = year7.get_by_role("cell").nth(2)
    expect(bm6).to_contain_text("On the way")
    expect(bm6).to_contain_text("Due by the end of Year 11 (July 2031)")
    expect(year7.get_by_role("cell").nth(4)).to_contain_text("On the way")
    expect(page.locator("#coverage-year-11").get_by_role("cell").nth(2)).not_to_contain_text(
        "On the way"
    )


def test_the_leader_sees_no_red_for_rules_not_due_and_uses_coverage_as_evidence(
    open_screen, demo_school
):
    phone = open_screen("phone")
    _sign_in(phone)
    phone.visit("/encounters/coverage/", "coverage")
    _no_red_for_rules_not_due(phone)
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"The coverage page is {width} px wide on a 390 px phone"

    screen = open_screen("desktop")
    page = screen.page
    _sign_in(screen)
    screen.visit("/encounters/coverage/", "coverage")
    _no_red_for_rules_not_due(screen)

    assessment = SelfAssessment.objects.first()  # the latest
    screen.visit(assessment.get_absolute_url(), "sa-summary")
    screen.follow(locator=page.get_by_role("link", name="Answer benchmark 5"))
    card = page.get_by_role("group", name="Live evidence for 5.1")
    expect(card).to_contain_text("Live evidence: Learners with a meaningful employer encounter")
    expect(card).to_contain_text("Year 7:")
    expect(card.get_by_role("link", name="See the coverage figures")).to_be_visible()
    notes = page.get_by_label("Evidence notes for 5.1")
    notes.fill("Employer talks for every year group.")
    page.get_by_role("button", name="Use this as evidence for 5.1").click()
    expect(
        page.get_by_role("status").filter(has_text="added to the evidence notes")
    ).to_be_visible()
    typed = notes.input_value()
    assert typed.startswith(
        "Employer talks for every year group.\nCareers Portal coverage on 22 November 2026, "
        "a meaningful employer encounter this year: "
    )
    assert "Year 7 " in typed and "Year 13 " in typed and "\n" not in typed.split("\n", 1)[1]
    screen.check()
    screen.shot("bm5-evidence-used")

    screen.submit("Save and go to benchmark 6")
    answer = CriterionAnswer.objects.get(self_assessment=assessment, criterion__code="5.1")
    assert answer.evidence.replace("\r\n", "\n") == typed  # a browser posts \r\n
    screen.visit(assessment.get_absolute_url())
    page.get_by_text("Benchmark 5: Encounters with employers and employees").click()
    expect(page.locator("main")).to_contain_text("Evidence: Employer talks for every year group.")
    screen.shot("sa-summary-after")

    # The same evidence fits a phone.
    phone.visit(f"/benchmarks/self-assessments/{assessment.pk}/benchmark/5/", "bm5-evidence")
    expect(phone.page.get_by_role("group", name="Live evidence for 5.1")).to_be_visible()
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"The benchmark 5 page is {width} px wide on a 390 px phone"

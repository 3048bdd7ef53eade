"""A new careers champion logs encounters on a phone; the careers leader sees coverage change.

The champion (Science) logs a meaningful BM5 employer talk for Year 9, then a PAL provider talk
in the school day with one meaningful criterion left out, and sees it named. A learner joins
Year 9 afterwards; the careers leader sees Year 9's BM5 coverage go from none to all but one, and
opens the list of learners not covered, which names the newcomer.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from encounters.models import Encounter, Organisation
from tests.encounters.factories import OrganisationFactory
from tests.factories import LearnerFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

YEAR_9 = 8


def _choose_organisation(page, search: str, name: str) -> None:
    page.get_by_label("Find an organisation by name").fill(search)
    option = page.locator("#organisation-options").get_by_label(name)
    option.wait_for()
    option.check()


def _log_employer_talk(screen) -> float:
    page = screen.page
    started = time.monotonic()
    page.get_by_label("What happened").fill("NHS talk on careers in health")
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_label("Kind of encounter").select_option(label="Employer talk")
    _choose_organisation(page, "hosp", "City Hospital")
    page.get_by_label("BM5: Encounters with employers").check()
    criteria = page.locator("#criteria-bm5")
    expect(criteria).to_be_visible()
    for checkbox in criteria.get_by_role("checkbox").all():
        checkbox.check()
    page.locator("#year-groups").get_by_label("Year 9").check()
    page.get_by_label("Purpose", exact=True).fill("Show Year 9 the routes into health careers")
    screen.shot("employer-form")
    screen.submit("Log encounter", "employer-logged")
    return time.monotonic() - started


def _log_pal_provider_talk(screen) -> None:
    page = screen.page
    page.get_by_label("What happened").fill("Apprenticeships talk by Northfield Tech")
    page.get_by_label("Date").fill("2026-11-21")
    page.get_by_label("Kind of encounter").select_option(label="Provider talk")
    _choose_organisation(page, "tech", "Northfield Tech")
    expect(page.get_by_text("An approved provider is ticked")).to_be_visible()
    page.get_by_label("BM7: Encounters with further").check()
    criteria = page.locator("#criteria-bm7")
    for checkbox in criteria.get_by_role("checkbox").all():
        checkbox.check()
    criteria.get_by_label("What learning or training with the provider is like").uncheck()
    page.locator("#year-groups").get_by_label("Year 9").check()
    page.get_by_label("Counts for the Provider Access Legislation").check()
    screen.shot("pal-form")
    screen.submit("Log encounter", "pal-logged")


def test_it_lets_a_champion_log_on_a_phone_and_the_leader_see_coverage_change(
    open_screen, institution, champion, leader
):
    LearnerFactory.create_batch(YEAR_9, institution=institution, year_group=9)
    LearnerFactory.create_batch(3, institution=institution, year_group=10)
    OrganisationFactory(institution=institution, name="City Hospital NHS Trust", sector="Health")
    OrganisationFactory(
        institution=institution,
        name="Northfield Tech",
        kind=Organisation.Kind.FE_COLLEGE,
        approved_provider=True,
    )

    lead = open_screen("desktop")
    lead.visit("/accounts/sign-in/")
    lead.sign_in(leader.email)
    lead.visit("/encounters/coverage/", "coverage-before")
    year9 = lead.page.locator("#coverage-year-9")
    expect(year9.get_by_role("cell").nth(1)).to_contain_text("0 of 8")

    phone = open_screen("phone")
    page = phone.page
    phone.visit("/accounts/sign-in/")
    phone.sign_in(champion.email)
    phone.open_menu()
    phone.follow("Encounters", "list-empty")
    expect(page.get_by_text("No encounters are logged for this academic year yet.")).to_be_visible()
    phone.follow(locator=page.get_by_role("link", name="Log an encounter").last)
    phone.shot("form-empty")
    seconds = _log_employer_talk(phone)
    assert seconds < 60, f"Logging took {seconds:.0f} s"
    expect(page.get_by_text("Encounter logged with 8 learners.")).to_be_visible()
    expect(page.get_by_text("Meaningful for benchmark 5: every criterion is met.")).to_be_visible()

    phone.visit("/encounters/log/")
    _log_pal_provider_talk(phone)
    expect(
        page.get_by_role("alert").filter(has_text="Not yet meaningful for benchmark 7")
    ).to_contain_text("What learning or training with the provider is like")
    expect(page.locator("main")).to_contain_text("Counts for PAL")
    pal = Encounter.objects.get(is_pal=True)
    assert pal.in_school_day and pal.learners.count() == YEAR_9 and not pal.meaningful_bm7
    assert Encounter.objects.get(kind="employer_talk").meaningful_bm5

    newcomer = LearnerFactory(
        institution=institution, year_group=9, first_name="Nadia", last_name="Newcomer"
    )
    lead.visit("/encounters/coverage/", "coverage-after")
    expect(year9.get_by_role("cell").nth(1)).to_contain_text("89%")
    expect(year9.get_by_role("cell").nth(1)).to_contain_text("8 of 9")
    lead.follow(locator=year9.get_by_role("link", name="1 not covered for BM5 in Year 9"))
    lead.shot("not-covered")
    expect(lead.page.get_by_role("link", name="Newcomer, Nadia")).to_be_visible()
    lead.follow("Newcomer, Nadia", "learner-record")
    expect(lead.page.get_by_text("BM5: not yet, due by July 2027")).to_be_visible()
    assert newcomer.encounters.count() == 0

    lead.visit("/encounters/pal/", "pal")
    phases = lead.page.locator("table").first
    expect(phases.get_by_role("row").filter(has_text="Year 8 and Year 9")).to_contain_text("1 of 2")

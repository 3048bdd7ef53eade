"""The careers leader publishes the statutory careers page; an anonymous visitor reads it on a
desktop and a phone; an owner turns the reminder emails off. Every page checked with axe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from careers_portal.insights.models import CareersPage
from careers_portal.schools.services import academic_year_ensure
from plans.models import ReminderPreference
from tests.encounters.factories import (
    EncounterFactory,
    OrganisationFactory,
    PlannedActivityFactory,
    pal_encounter,
)

pytestmark = pytest.mark.browser


def _sign_in(screen, user) -> None:
    screen.visit("/accounts/sign-in/")
    screen.sign_in(user.email)


def test_the_leader_publishes_and_an_anonymous_visitor_reads_it(open_screen, leader, institution):
    EncounterFactory(institution=institution, year_groups=[7, 8, 9], date=dt.date(2026, 10, 1))
    college = OrganisationFactory(institution=institution, name="Northfield College")
    pal_encounter(institution, [], date=dt.date(2026, 10, 6), year_groups=[9], provider=college)
    pal_encounter(institution, [], date=dt.date(2027, 1, 20), year_groups=[10, 11])
    PlannedActivityFactory(
        institution=institution,
        academic_year=academic_year_ensure(start_year=2026),
        title="Mock interviews",
        year_groups=[10],
        half_term=4,
        benchmark_numbers=[5],
    )

    screen = open_screen("desktop")
    page = screen.page
    _sign_in(screen, leader)
    screen.follow("Careers page", "edit")
    page.get_by_label("Telephone number").fill("0161 496 0000")
    page.get_by_label("Date of the next review of this information").fill("2027-07-15")
    page.get_by_label("Summary of the careers programme").fill(
        "Every year group meets employers and providers."
    )
    page.get_by_label("Publish this page").check()
    screen.submit("Save the page", "saved")
    expect(page.get_by_text("Careers page saved and published.")).to_be_visible()
    screen.follow("Copy the page's HTML for your website", "html")
    expect(page.get_by_label("HTML of the careers page")).to_contain_text("Our careers leader")

    public = reverse("careers_information", args=[institution.pk])
    for size in ("desktop", "phone"):
        visitor = open_screen(size)
        visitor.visit(public, "public")
        expect(visitor.page.get_by_role("heading", level=1)).to_have_text(
            "Careers information: Northfield Academy"
        )
        expect(visitor.page.get_by_text("0161 496 0000")).to_be_visible()
        expect(visitor.page.get_by_text("Mock interviews (")).to_be_visible()
        expect(
            visitor.page.get_by_role("heading", name="Provider access policy statement")
        ).to_be_visible()
        expect(
            visitor.page.get_by_text("6 October 2026: Provider talk with Northfield College")
        ).to_be_visible()
        # A visitor who is not signed in: no portal navigation, only the public page.
        expect(visitor.page.get_by_role("link", name="My actions")).to_have_count(0)
    assert CareersPage.objects.get().published


def test_an_owner_turns_the_reminder_emails_off(open_screen, champion):
    screen = open_screen("phone")
    _sign_in(screen, champion)
    screen.visit(reverse("plans:mine"))
    screen.follow("Reminder emails", "reminders")
    screen.page.get_by_label("No, do not email me reminders").check()
    screen.submit("Save", "reminders-off")

    expect(screen.page.get_by_text("You will not get reminder emails.")).to_be_visible()
    assert ReminderPreference.objects.get(user=champion).digests is False

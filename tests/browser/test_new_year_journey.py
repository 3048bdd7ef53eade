"""Issue 18 in a real browser: a careers leader, on 15 July 2027, sets next year's term dates,
previews the new academic year (the counts are the demo school's), ticks who stays on, starts
2027/28, and finds last year's Year 7 in Year 8, last year's Year 13 as leavers and last year's
encounters still listed under 2026/27."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from careers_portal.schools.models import HalfTerm, Institution, Learner
from encounters.models import Encounter
from tests.conftest import travel_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JULY = dt.date(2027, 7, 15)
LEADER = "leader@demo.careers-portal.test"
PASSWORD = "careers-demo-2026"


@pytest.fixture
def in_july():
    with travel_to(JULY):
        yield


@pytest.fixture
def demo_school(in_july):
    call_command("seed_demo", learners=120, stdout=io.StringIO())
    return Institution.objects.get(urn="140000")


def test_the_leader_starts_the_new_academic_year_in_july(open_screen, demo_school):
    school = demo_school
    on_roll = Learner.objects.for_institution(school).on_roll()
    moving_up = on_roll.filter(year_group__in=[7, 8, 9, 10, 12]).count()
    year_11 = list(on_roll.filter(year_group=11).order_by("last_name", "first_name", "pk"))
    year_13 = on_roll.filter(year_group=13).count()
    a_year_7 = on_roll.filter(year_group=7).first()
    a_year_13 = on_roll.filter(year_group=13).first()
    last_years = Encounter.objects.for_institution(school).filter(
        date__gte=dt.date(2026, 9, 1), date__lte=dt.date(2027, 8, 31)
    )
    an_encounter = last_years.order_by("-date").first()
    assert moving_up and year_11 and year_13 and an_encounter

    screen = open_screen("desktop")
    page = screen.page
    screen.visit("/accounts/sign-in/")
    screen.sign_in(LEADER, PASSWORD)
    screen.navigate("Learners")

    # Next year's term dates, before 2027/28 starts: the school's Easter is late.
    screen.follow("Term dates", "term-dates-this-year")
    screen.follow("2027/28", "term-dates-next-year")
    expect(page.locator("#dates-source")).to_contain_text("England's usual dates")
    page.get_by_label("HT4 (spring 2): last day").fill("2028-04-07")
    page.get_by_label("HT5 (summer 1): first day").fill("2028-04-24")
    screen.submit("Save term dates", "term-dates-saved")
    expect(page.get_by_text("Term dates for 2027/28 saved.")).to_be_visible()
    expect(page.locator("#dates-source")).to_contain_text("Your own dates")

    # The preview: the demo school's own counts, nothing changed yet.
    screen.follow("Start the new academic year", "preview")
    expect(page.get_by_text("Move from 2026/27 to 2027/28")).to_be_visible()
    expect(page.get_by_text("Your own dates")).to_be_visible()
    learners = page.locator("section").filter(has=page.get_by_role("heading", name="Learners"))
    counts = learners.locator(".new-year-changes > li")
    expect(counts.nth(0)).to_contain_text(f"{moving_up} moving up a year for 2027/28")
    expect(counts.nth(1)).to_contain_text(f"{len(year_11) + year_13} leaving, marked as left")
    expect(counts.nth(2)).to_contain_text("0 staying on")
    expect(page.get_by_role("heading", name="Annual checklist")).to_be_visible()
    expect(page.get_by_role("heading", name="Destinations")).to_be_visible()
    assert Learner.objects.get(pk=a_year_7.pk).year_group == 7

    # One Year 11 stays on into the sixth form; the preview says so before anything changes.
    stays = year_11[0]
    page.get_by_label(f"{stays.full_name}", exact=False).first.check()
    screen.submit("Update the preview", "preview-with-choice")
    expect(counts.nth(2)).to_contain_text("1 staying on")
    expect(counts.nth(1)).to_contain_text(f"{len(year_11) - 1 + year_13} leaving, marked as left")

    screen.submit("Start 2027/28", "started")
    expect(page.get_by_text("2027/28 has started.")).to_be_visible()
    expect(page.locator("#years-started")).to_contain_text("2027/28: started 15 July 2027")

    # Last year's Year 7 is in Year 8; last year's Year 13 have left.
    screen.visit(f"/learners/?q={a_year_7.mis_id}", "year-7-now-year-8")
    row = page.locator("#learners tbody tr").first
    expect(row.locator("td").nth(1)).to_have_text("8")
    screen.visit(f"/learners/?q={a_year_13.mis_id}&status=left", "year-13-left")
    expect(page.locator("#learners tbody tr").first).to_contain_text("Left 31 Aug 2027")
    assert Learner.objects.get(pk=stays.pk).year_group == 12

    # Year 11 leavers wait for their actual destinations to be confirmed in the autumn.
    screen.visit("/destinations/to-confirm/", "to-confirm")
    expect(page.locator("#to-confirm-summary")).to_contain_text(
        f"0 of {len(year_11) - 1} confirmed"
    )

    # Last year's encounters are still there, under 2026/27.
    screen.visit("/encounters/", "encounters-last-year")
    expect(page.locator("#encounter-years a[aria-current=page]")).to_have_text("2026/27")
    expect(page.get_by_role("link", name=an_encounter.title).first).to_be_visible()
    assert (
        last_years.count()
        == Encounter.objects.for_institution(school)
        .filter(date__gte=dt.date(2026, 9, 1), date__lte=dt.date(2027, 8, 31))
        .count()
    )
    assert HalfTerm.objects.filter(institution=school).count() == 6

    # On a phone the page reads without sideways scrolling.
    phone = open_screen("phone")
    phone.visit("/accounts/sign-in/")
    phone.sign_in(LEADER, PASSWORD)
    phone.visit("/learners/new-year/", "new-year-phone")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"The new-year page is {width} px wide on a 390 px phone"

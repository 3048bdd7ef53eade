"""A new careers leader builds the year's careers programme; a champion delivers part of it.

The leader starts the 2026/27 journey from the mainstream template, adds a Science careers lesson
for Year 8 in place, and moves it to another half term without a page reload. The Science champion,
on a phone, opens the programme at their department's activities and logs the lesson from it (the
form filled in from the plan; they confirm the date and who attended). The journey then shows it
delivered, and the learning outcome gaps show what is still neither planned nor delivered. The
journey's PDF is looked at as page images.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from encounters.models import Encounter, PlannedActivity
from tests.conftest import require
from tests.factories import LearnerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
TITLE = "Forces at work: engineers in science lessons"


def test_a_leader_builds_the_journey_and_a_champion_delivers_it_on_a_phone(
    open_screen, institution, leader, champion, department
):
    LearnerFactory.create_batch(4, institution=institution, year_group=8)

    lead = open_screen("desktop")
    page = lead.page
    lead.visit("/accounts/sign-in/")
    lead.sign_in(leader.email)
    lead.visit("/encounters/programme/", "empty")
    expect(page.get_by_text("Nothing is planned for 2026/27 yet.")).to_be_visible()
    page.get_by_label("Mainstream school, 11 to 18").check()
    lead.submit("Add the template's activities", "from-template")
    expect(page.get_by_text("22 activities added to the 2026/27 programme.")).to_be_visible()
    expect(
        page.get_by_role("link", name="Me and my future: careers lesson", exact=True)
    ).to_be_visible()

    # Add an activity in its cell, in place.
    page.get_by_role("link", name="Add an activity for Year 8 in HT3 (spring 1)").click()
    editor = page.locator("#activity-editor")
    expect(editor.get_by_role("heading", name="Add an activity to 2026/27")).to_be_visible()
    editor.get_by_label("What is planned").fill(TITLE)
    editor.get_by_label("Kind of activity").select_option(label="Curriculum link")
    editor.get_by_label("BM4: Linking curriculum learning to careers").check()
    editor.get_by_label("Learning outcome", exact=True).fill(
        "Name two engineering jobs that use physics."
    )
    editor.get_by_label("Department that delivers it").select_option(label=department.name)
    editor.get_by_role("button", name="Save activity").click()
    expect(page.get_by_text(f"'{TITLE}' added to the 2026/27 programme.")).to_be_visible()
    lead.check()
    lead.shot("added-in-place")
    activity = PlannedActivity.objects.get(title=TITLE)
    assert (activity.year_groups, activity.half_term) == ([8], 3)

    # Move it to the next half term, in place.
    card = page.locator(f"#activity-{activity.pk}-2")
    card.locator("summary").click()
    card.get_by_label("Half term").select_option(label="HT4 (spring 2)")
    card.get_by_role("button", name="Move it").click()
    expect(page.get_by_text(f"'{TITLE}' moved to HT4 (spring 2).")).to_be_visible()
    lead.check()
    lead.shot("moved")
    activity.refresh_from_db()
    assert activity.half_term == 4
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1

    # The champion, on a phone, logs it from the programme.
    phone = open_screen("phone")
    mobile = phone.page
    phone.visit("/accounts/sign-in/")
    phone.sign_in(champion.email)
    phone.visit("/encounters/programme/", "champion-programme")
    expect(mobile.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    expect(
        mobile.get_by_role("link", name="Me and my future: careers lesson", exact=True)
    ).to_have_count(0)
    ours = mobile.locator(f"#activity-{activity.pk}-2")
    phone.follow(locator=ours.get_by_role("link", name="Log it"))
    phone.shot("log-from-plan")
    expect(mobile.get_by_text(f"Logging a planned activity: {TITLE}")).to_be_visible()
    expect(mobile.get_by_label("What happened")).to_have_value(TITLE)
    expect(mobile.locator("#year-groups").get_by_label("Year 8")).to_be_checked()
    mobile.get_by_label("Date").fill("2026-11-20")
    phone.submit("Log encounter", "logged")
    expect(mobile.get_by_text("Encounter logged with 4 learners.")).to_be_visible()
    expect(mobile.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    encounter = Encounter.objects.get()
    assert encounter.planned_activity == activity

    # The journey shows it delivered; the gaps page shows what remains.
    lead.visit("/encounters/programme/", "journey-delivered")
    delivered = page.locator(f"#activity-{activity.pk}-2")
    expect(delivered.get_by_text("Delivered", exact=True)).to_be_visible()
    lead.follow(locator=page.get_by_role("link", name="Learning outcome gaps"))
    lead.shot("gaps")
    year_8 = page.locator("section", has=page.get_by_role("heading", name="Year 8"))
    expect(year_8.get_by_role("row").filter(has_text="Balance life and work")).to_contain_text(
        "Gap"
    )
    expect(year_8.get_by_role("row").filter(has_text="See the big picture")).to_contain_text(
        "Planned"
    )
    balance = year_8.get_by_role("row").filter(has_text="Balance life and work")
    expect(balance.get_by_role("link", name=re.compile("^Plan an activity here"))).to_be_visible()

    # The PDF, as page images to look at.
    response = page.request.get("/encounters/programme/pdf/?year=2026")
    assert response.headers["content-type"] == "application/pdf"
    require(shutil.which("pdftoppm") is not None, "poppler-utils (pdftoppm) is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "programme.pdf"
    pdf.write_bytes(response.body())
    for old in ARTIFACTS.glob("programme-page*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", str(pdf), str(ARTIFACTS / "programme-page")], check=True
    )
    assert list(ARTIFACTS.glob("programme-page*.png"))

"""The careers leader records a Year 11 learner's intended and actual destinations on a phone; SLT
reads the leavers' figures with the learner to follow up, a governor the same figures with "c"
for small groups and no names."""

from __future__ import annotations

import threading
import time

import pytest
from playwright.sync_api import expect

from careers_portal.schools.models import AcademicYear
from careers_portal.schools.services import academic_year_ensure
from destinations import services
from tests.factories import LearnerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_records_destinations_and_shows_figures_by_role(
    open_screen, institution, leader, slt, governor, monkeypatch
):
    from django.utils import timezone

    services.nccis_codes_ensure()  # a transactional test empties the reference tables
    year = academic_year_ensure(start_year=AcademicYear.start_year_for(timezone.localdate()))
    for learner in LearnerFactory.create_batch(9, institution=institution, year_group=11):
        services.destination_record(
            learner=learner, academic_year=year, stage="actual", by=leader, category="fe_college"
        )
    maya = LearnerFactory(
        institution=institution, year_group=11, first_name="Maya", last_name="Okafor"
    )

    phone = open_screen("phone")
    page = phone.page
    phone.visit("/accounts/sign-in/")
    phone.sign_in(leader.email)
    phone.visit("/destinations/intended/?year_group=11", "grid")
    # A slow phone connection: the provider is typed and left while the first save is still on
    # its way. That save's answer must neither put back the empty provider nor drop the second.
    first_save = threading.Event()
    record = services.destination_record

    def slow_first_save(**kwargs):
        if not first_save.is_set():
            first_save.set()
            time.sleep(1)
        return record(**kwargs)

    monkeypatch.setattr(services, "destination_record", slow_first_save)
    page.get_by_label("Intended destination of Maya Okafor").select_option(label="FE college")
    page.get_by_label("Provider or employer for Maya Okafor").fill("Leeds City College")
    page.keyboard.press("Tab")  # leaving the field saves the row
    expect(page.locator(f"#grid-{maya.pk}").get_by_text("Saved")).to_be_visible()
    for _ in range(100):
        if maya.destinations.filter(provider="Leeds City College").exists():
            break
        time.sleep(0.1)
    else:
        raise AssertionError("The row was not saved when the provider field was left")
    expect(page.get_by_label("Provider or employer for Maya Okafor")).to_have_value(
        "Leeds City College"
    )
    phone.check()
    phone.shot("grid-saved")

    maya.destinations.all().delete()
    phone.visit(f"/destinations/learners/{maya.pk}/", "learner-empty")
    expect(page.get_by_text("No destination recorded yet.")).to_be_visible()
    page.get_by_label("Stage").select_option(label="Intended destination")
    page.get_by_label("Category").select_option(label="Apprenticeship")
    page.get_by_label("Provider or employer").fill("Acme Engineering")
    phone.submit("Record destination", "intended")
    expect(page.locator("#destinations")).to_contain_text("Acme Engineering")
    page.get_by_label("Stage").select_option(label="Actual destination (on leaving)")
    page.get_by_label("NCCIS activity code").fill("540")
    phone.submit("Record destination", "actual")
    expect(page.locator("#destinations")).to_contain_text("NEET")

    senior = open_screen("desktop")
    senior.visit("/accounts/sign-in/")
    senior.sign_in(slt.email)
    senior.follow("Destinations", "summary-slt")
    expect(senior.page.locator("#headline")).to_contain_text("10.0% (1 of 10)")
    expect(senior.page.locator("#follow-up")).to_contain_text("Maya Okafor")

    board = open_screen("phone")
    board.visit("/accounts/sign-in/")
    board.sign_in(governor.email)
    board.visit("/destinations/", "summary-governor")
    neet = board.page.locator("#headline").get_by_role("row").filter(has_text="NEET")
    expect(neet.get_by_role("cell").first).to_have_text("c")
    expect(board.page.locator("#suppression-note")).to_be_visible()
    expect(board.page.locator("main")).not_to_contain_text("Okafor")

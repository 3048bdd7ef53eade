"""A big encounters file goes to the worker: the job page shows the check, then the import."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from careers_portal.schools import import_jobs
from encounters.models import Encounter
from tests.conftest import AUTUMN_TERM_2026, pinned_today
from tests.encounters.factories import OrganisationFactory
from tests.factories import LearnerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
_today = pinned_today(AUTUMN_TERM_2026)

HEADER = "title,date,kind,in_school_day,organisations,benchmarks,year_groups,is_pal\n"


def test_a_big_file_is_checked_and_imported_as_a_job(open_screen, leader, institution, monkeypatch):
    monkeypatch.setattr(import_jobs, "BACKGROUND_ROWS", 3)  # a few rows make a "big" file
    OrganisationFactory(institution=institution, name="Acme Bank")
    LearnerFactory.create_batch(3, institution=institution, year_group=9)
    rows = [f"Talk {n},2026-10-{n + 1:02d},Employer talk,1,Acme Bank,5,9,0" for n in range(6)]
    rows.append("Broken,2026-10-20,Tea party,1,Nobody Ltd,5,9,0")
    screen = open_screen("desktop")
    page = screen.page
    screen.visit("/accounts/sign-in/")
    screen.sign_in(leader.email)
    screen.visit("/encounters/import/")
    page.get_by_label("CSV or Excel file of encounters").set_input_files(
        {"name": "big.csv", "mimeType": "text/csv", "buffer": (HEADER + "\n".join(rows)).encode()}
    )
    screen.submit("Check the file", "job-checked-with-errors")
    expect(page.get_by_text("7 rows checked: some have errors")).to_be_visible()
    expect(page.locator("#import-errors")).to_contain_text("Unknown organisation: Nobody Ltd.")
    expect(page.get_by_text("Nothing can be imported while a row has an error")).to_be_visible()
    expect(page.get_by_role("button", name="Import the file")).to_have_count(0)
    assert not Encounter.objects.exists()

    screen.visit("/encounters/import/")
    page.get_by_label("CSV or Excel file of encounters").set_input_files(
        {
            "name": "big.csv",
            "mimeType": "text/csv",
            "buffer": (HEADER + "\n".join(rows[:-1])).encode(),
        }
    )
    screen.submit("Check the file", "job-checked")
    expect(page.locator("#import-rows")).to_contain_text("Talk 5")
    screen.submit("Import the file", "job-done")
    expect(page.get_by_text("6 encounters imported: 6 new, 0 updated.")).to_be_visible()
    assert Encounter.objects.count() == 6

    phone = open_screen("phone")
    phone.visit("/accounts/sign-in/")
    phone.sign_in(leader.email)
    phone.visit("/imports/" + page.url.split("/imports/")[1], "job-phone")

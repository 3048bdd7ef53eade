"""A new data manager imports a SIMS export: upload, confirm the columns, read the check, leave
the wrong rows out, import; then finds the learners in the list on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from careers_portal.schools.models import Learner
from tests.schools.test_learner_import import messy_sims_export

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_imports_a_messy_sims_export_and_lists_the_learners(open_screen, leader):
    screen = open_screen("desktop")
    page = screen.page
    screen.visit("/accounts/sign-in/")
    screen.sign_in(leader.email)
    screen.navigate("Learners", "list-empty")
    expect(page.get_by_text("There are no learners yet.")).to_be_visible()
    screen.follow("Import from your MIS", "upload")
    page.get_by_label("The roll exported from your MIS").set_input_files(
        {"name": "sims-roll.csv", "mimeType": "text/csv", "buffer": messy_sims_export()}
    )
    screen.submit("Upload and continue", "columns")
    expect(page.get_by_label("Legal Surname")).to_have_value("last_name")
    expect(page.get_by_label("Notes")).to_have_value("")
    screen.submit("Check every row", "check")
    summary = page.locator("#import-summary")
    expect(summary).to_contain_text("3 new learners to add")
    expect(summary).to_contain_text("4 rows with errors")
    expect(page.get_by_text("The year group is missing.").first).to_be_visible()

    screen.submit("Import", "refused")
    expect(page.get_by_text("Nothing was imported")).to_be_visible()
    assert not Learner.objects.exists()

    page.get_by_label("Import the rows without errors").check()
    screen.submit("Import", "imported")
    expect(page.get_by_text("Learners imported: 3 added")).to_be_visible()
    expect(page.locator("#learners")).to_contain_text("Ngũgĩ, Zoë")
    assert Learner.objects.count() == 3

    phone = open_screen("phone")
    phone.visit("/accounts/sign-in/")
    phone.sign_in(leader.email)
    phone.visit("/learners/?q=smith", "list-phone")
    expect(phone.page.locator("#learners")).to_contain_text("10CD")

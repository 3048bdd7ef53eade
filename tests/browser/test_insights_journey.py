"""SLT reads the careers dashboard; a governor reads theirs and the questions page on a phone and
downloads the annual report; the careers leader builds the report on demand and watches it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from careers_portal.insights import services
from careers_portal.insights.models import AnnualReport, ReportDownload
from tests.insights.conftest import build_school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def school(institution, leader, champion, slt, governor):
    return build_school(institution, leader, champion)


def test_slt_reads_the_dashboard(open_screen, school, slt):
    screen = open_screen("desktop")
    page = screen.page
    screen.visit("/accounts/sign-in/")
    screen.sign_in(slt.email)
    screen.navigate("Dashboard", "dashboard-slt")
    expect(page.get_by_role("heading", name="Key figures")).to_be_visible()
    tiles = page.locator(".kpi-tiles")
    expect(tiles).to_contain_text("8 of 8")
    expect(tiles).to_contain_text("At or above the national average")
    expect(page.get_by_role("table", name="Objectives by status")).to_contain_text("Overdue")
    expect(page.locator("main")).to_contain_text("Recruit ten employers for mock interviews")
    expect(page.locator("main")).to_contain_text("33.3%")  # SLT see a small group's figure
    screen.follow("Benchmarks fully met")
    expect(page.get_by_role("heading", level=1)).to_contain_text("benchmark", ignore_case=True)


def test_a_governor_reads_the_dashboard_and_questions_and_downloads_the_report(
    open_screen,
    school,
    institution,
    governor,
):
    report = AnnualReport.objects.create(institution=institution, academic_year=school["last_year"])
    services.report_build(report.pk)
    phone = open_screen("phone")
    page = phone.page
    phone.visit("/accounts/sign-in/")
    phone.sign_in(governor.email)
    phone.navigate("Dashboard", "dashboard-governor")
    expect(page.locator("#suppression-note")).to_be_visible()
    main = page.locator("main")
    expect(main).not_to_contain_text("33.3%")
    for surname in school["surnames"][:5] + school["surnames"][-5:]:
        expect(main).not_to_contain_text(surname)
    phone.follow("Governors' questions", "questions")
    expect(main).to_contain_text("Is there a named careers leader?")
    expect(main).to_contain_text("How many benchmarks are fully met, against the national average?")
    phone.follow("Annual impact report", "reports-governor")
    expect(page.get_by_role("button", name="Build the report now")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download the {school['last_year'].name} report").click()
    assert download.value.suggested_filename == "careers-impact-report-2025.pdf"
    assert ReportDownload.objects.filter(user=governor).count() == 1


def test_the_leader_builds_the_report_and_watches_its_progress(
    open_screen,
    school,
    leader,
    monkeypatch,
):
    # The worker is this test: the request is recorded and "queued", then built below while the
    # page polls, as a real worker would do it.
    monkeypatch.setattr(services, "_enqueue", lambda report_id: True)
    screen = open_screen("desktop")
    page = screen.page
    screen.visit("/accounts/sign-in/")
    screen.sign_in(leader.email)
    screen.visit("/insights/reports/", "reports-empty")
    expect(page.get_by_text("No report built yet.")).to_be_visible()
    screen.submit("Build the report now", "building")
    progress = page.locator("#report-progress")
    expect(progress).to_contain_text("Waiting for the builder")
    report = AnnualReport.objects.get()
    services.report_build(report.pk)
    # The next poll finds it built and says so, with its link, without reloading the page.
    expect(progress).to_contain_text(f"The {report.academic_year.name} report is built")
    screen.check()
    screen.shot("ready")
    with page.expect_download() as download:
        progress.get_by_role("link", name="download it (PDF").click()
    assert download.value.suggested_filename.startswith("careers-impact-report-")

"""The annual impact report: recorded, queued, built by the (eager) worker into a stored PDF with
progress; joined, refused by the broker, failed and retried; downloaded and logged; the 1 July
schedule; and the command line."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from careers_portal.celery import app as celery_app
from careers_portal.insights import report, services, tasks
from careers_portal.insights.models import AnnualReport, ReportDownload
from careers_portal.schools.models import AcademicYear
from tests.conftest import require
from tests.factories import InstitutionFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "report"
SECTIONS = [
    "Annual careers impact report",
    "Contents",
    "1. Summary of key figures",
    "2. Vision and objectives",
    "3. Gatsby Benchmark scores",
    "4. Encounters, coverage and provider access",
    "5. Destinations",
    "6. Stakeholder voice and career readiness",
    "7. Annual review and next year's priorities",
    "8. About the figures",
]


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    require(shutil.which("pdftotext") is not None, "poppler-utils (pdftotext) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "annual-report.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()


def _this_year():
    from careers_portal.insights.figures import year_of
    from tests.insights.conftest import TODAY

    return year_of(TODAY)


def _build(client, year, capture):
    with capture(execute=True):
        return client.post(reverse("insights:report_build"), {"academic_year": year.pk})


def test_the_leader_builds_the_report_and_governors_download_it(
    school, leader, governor, client_for, django_capture_on_commit_callbacks, tmp_path
):
    year = _this_year()
    response = _build(client_for(leader), year, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    built = AnnualReport.objects.get()
    assert built.status == AnnualReport.Status.READY, built.reason
    assert built.progress == 100 and built.size > 0 and built.requested_by == leader

    page = client_for(governor).get(reverse("insights:reports")).content.decode()
    assert f"Download the {year.name} report" in page
    response = client_for(governor).get(reverse("insights:report_download", args=[built.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "careers-impact-report-2026.pdf" in response["Content-Disposition"]
    pdf = b"".join(response.streaming_content)
    assert ReportDownload.objects.get().user == governor

    text = pdf_text(pdf, tmp_path)
    for title in SECTIONS:
        assert title in text, title
    assert "Northfield Academy" in text and "Academic year 2026/27" in text
    assert "8 of 8" in text  # benchmarks fully met this year
    assert "5.96" in text  # the national average beside it
    assert "75.0%" in text  # Year 10, BM5: 30 of 40
    assert "20.0%" in text  # last year's leavers NEET: 4 of 20
    assert "Recruit ten employers for mock interviews" in text
    assert "Work experience week for Year 12" in text  # the review's actions for next year
    # The careers programme, planned against delivered: Year 10, 2 planned, 0 delivered, 1 missed.
    assert "The careers programme: planned against delivered" in text
    assert re.search(r"Year 10 .{0,80}Planned Delivered Missed 2 0 1", text)
    assert " c " in text  # Year 13 (3 learners) suppressed
    assert "fewer than 6 learners" in text  # with the footnote saying why
    for surname in school["surnames"]:
        assert surname not in text
    assert "Page 3 of" in text


def test_a_second_request_while_one_is_building_joins_it(
    school, institution, leader, slt, client_for, django_capture_on_commit_callbacks
):
    year = _this_year()
    building = AnnualReport.objects.create(
        institution=institution,
        academic_year=year,
        status=AnnualReport.Status.BUILDING,
        progress=40,
        stage="Laying out the pages",
    )
    from django.utils import timezone

    AnnualReport.objects.filter(pk=building.pk).update(started_at=timezone.now())
    response = _build(client_for(slt), year, django_capture_on_commit_callbacks)
    assert AnnualReport.objects.count() == 1
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("already being built" in m for m in messages)

    client = client_for(leader)
    page = client.get(reverse("insights:reports")).content.decode()
    assert "Laying out the pages: 40%" in page
    assert 'hx-trigger="every 2s"' in page
    fragment = client.get(
        reverse("insights:reports") + "?fragment=progress", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert fragment.strip().startswith('<div id="report-progress"')
    assert "<h1>" not in fragment


def test_a_request_the_broker_refuses_says_could_not_be_queued_and_can_be_retried(
    school, leader, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.build_annual_report, "delay", refuse)
    client = client_for(leader)
    response = _build(client, _this_year(), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    waiting = AnnualReport.objects.get()  # recorded before it was queued
    assert waiting.status == AnnualReport.Status.NOT_QUEUED
    page = client.get(reverse("insights:reports")).content.decode()
    assert "Could not be queued" in page and "Try again now" in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("insights:report_retry", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.status == AnnualReport.Status.READY


def test_the_periodic_job_requeues_requests_left_waiting(school, institution, monkeypatch):
    year = _this_year()
    stuck = AnnualReport.objects.create(
        institution=institution, academic_year=year, status=AnnualReport.Status.NOT_QUEUED
    )
    assert tasks.requeue_waiting_reports.delay().get() == 1
    stuck.refresh_from_db()
    assert stuck.status == AnnualReport.Status.READY
    assert tasks.requeue_waiting_reports.delay().get() == 0


def test_a_failed_build_says_why_and_offers_a_retry(
    school, leader, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise ValueError("the chart had no data")

    monkeypatch.setattr(report, "build_pdf", broken)
    client = client_for(leader)
    _build(client, _this_year(), django_capture_on_commit_callbacks)
    failed = AnnualReport.objects.get()
    assert failed.status == AnnualReport.Status.FAILED
    page = client.get(reverse("insights:reports")).content.decode()
    assert "Failed" in page and "the chart had no data" in page and "Try again" in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("insights:report_retry", args=[failed.pk]))
    assert AnnualReport.objects.filter(status=AnnualReport.Status.READY).count() == 1
    assert AnnualReport.objects.filter(status=AnnualReport.Status.FAILED).count() == 1


def test_a_task_delivered_twice_builds_once(school, institution):
    report_row = AnnualReport.objects.create(institution=institution, academic_year=_this_year())
    assert services.report_build(report_row.pk) is True
    assert services.report_build(report_row.pk) is False
    report_row.refresh_from_db()
    assert report_row.status == AnnualReport.Status.READY


def test_a_download_of_another_institutions_report_is_404(
    school, institution, outsider, client_for
):
    report_row = AnnualReport.objects.create(institution=institution, academic_year=_this_year())
    services.report_build(report_row.pk)
    url = reverse("insights:report_download", args=[report_row.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert not ReportDownload.objects.exists()


def test_on_1_july_each_institution_gets_a_report_and_governors_and_slt_a_link(
    school, institution, governor, slt, leader, django_capture_on_commit_callbacks
):
    InstitutionFactory(name="Second School")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.request_annual_reports.delay().get() == 2
    assert AnnualReport.objects.filter(status=AnnualReport.Status.READY).count() == 2
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([governor.email, slt.email])
    message = mail.outbox[0]
    assert reverse("insights:reports") in message.body
    assert not message.attachments
    with django_capture_on_commit_callbacks(execute=True):
        tasks.request_annual_reports.delay()
    assert len(mail.outbox) == 2  # a second run emails nobody twice for a ready report


def test_the_beat_schedule_builds_reports_on_1_july_and_requeues_waiting_ones():
    schedule = celery_app.conf.beat_schedule
    july = schedule["annual-impact-reports"]
    assert july["task"] == "insights.request_annual_reports"
    assert july["schedule"].month_of_year == {7} and july["schedule"].day_of_month == {1}
    assert schedule["requeue-waiting-reports"]["task"] == "insights.requeue_waiting_reports"
    assert "insights.request_annual_reports" in celery_app.tasks


def test_the_command_builds_a_report_into_a_file_or_the_store(school, institution, tmp_path):
    output = tmp_path / "report.pdf"
    call_command(
        "build_annual_report", institution=institution.urn, year="2025/26", output=str(output)
    )
    assert output.read_bytes().startswith(b"%PDF")
    assert not AnnualReport.objects.exists()
    call_command("build_annual_report", institution=institution.urn, year="2025/26")
    stored = AnnualReport.objects.get()
    assert stored.status == AnnualReport.Status.READY
    assert stored.academic_year == AcademicYear.objects.get(start_year=2025)


@pytest.mark.parametrize(
    ("urn", "year", "message"),
    [
        ("999999", "2025/26", "No institution"),
        (None, "2025-26", "written like"),
        (None, "2025/27", "written like"),
    ],
)
def test_the_command_says_what_is_wrong_with_its_arguments(school, institution, urn, year, message):
    with pytest.raises(CommandError, match=message):
        call_command("build_annual_report", institution=urn or institution.urn, year=year)

"""Writes of insights: measures, the local NEET figure, and the annual report's requests and builds.

A report request is a row first (status "waiting for the builder"), queued after the commit. If
the broker refuses it, the row says "could not be queued" and offers a retry; a periodic job
queues again every request left waiting. The build claims the row with a conditional update,
so a task delivered twice builds once; a second request while one waits or builds joins it.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from careers_portal.accounts.models import Membership, Role
from careers_portal.insights.models import AnnualReport, LocalNeetFigure, Measure, ReportDownload
from careers_portal.schools.models import AcademicYear, Institution

log = logging.getLogger(__name__)

# A build that has said nothing for this long died with its worker: it may be claimed again.
STALE_BUILD = dt.timedelta(minutes=30)
# A request still waiting after this long was lost on the way to the worker: queue it again.
WAITING_TOO_LONG = dt.timedelta(minutes=10)


# --- Measures and the local figure --------------------------------------------------------------


def measure_create(*, objective, by, **fields) -> Measure:
    """Add a measure to an objective."""
    measure = Measure(objective=objective, **fields)
    measure.full_clean()
    measure.save()
    return measure


def measure_delete(*, measure: Measure, by) -> None:
    """Remove a measure."""
    measure.delete()


def local_neet_save(
    *, institution: Institution, academic_year: AcademicYear, percent, source: str, by
) -> LocalNeetFigure:
    """Record (or correct) the local authority's NEET share for a year."""
    row, _ = LocalNeetFigure.objects.get_or_create(
        institution=institution,
        academic_year=academic_year,
        defaults={"percent": percent, "source": source},
    )
    row.percent, row.source = percent, source
    row.full_clean()
    row.save()
    return row


# --- The annual report --------------------------------------------------------------------------


def _enqueue(report_id: int) -> bool:
    """Hand the build to the queue; on failure, say so on the row (never an error page)."""
    from careers_portal.insights.tasks import build_annual_report

    try:
        build_annual_report.delay(report_id)
    except Exception as error:  # the broker is down or refused: the row says so
        log.warning("Could not queue annual report %s: %s", report_id, error)
        AnnualReport.objects.filter(pk=report_id, status=AnnualReport.Status.QUEUED).update(
            status=AnnualReport.Status.NOT_QUEUED,
            reason="The report could not be queued: the job service did not answer.",
        )
        return False
    AnnualReport.objects.filter(pk=report_id).update(queued_at=timezone.now())
    return True


def enqueue_on_commit(report_id: int) -> None:
    """Queue the build once the row is committed, so a worker never looks for a missing row."""
    transaction.on_commit(lambda: _enqueue(report_id))


def report_request(
    *, institution: Institution, academic_year: AcademicYear, by=None, notify: bool = False
) -> tuple[AnnualReport, bool]:
    """Ask for a build of the year's report: (the report, whether it joined one asked for)."""
    active = AnnualReport.objects.for_institution(institution).active()
    existing = active.filter(academic_year=academic_year).first()
    if existing is not None:
        if notify and not existing.notify:
            AnnualReport.objects.filter(pk=existing.pk).update(notify=True)
        return existing, True
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                institution=institution, academic_year=academic_year, requested_by=by, notify=notify
            )
    except IntegrityError:  # another request got there between our read and our write
        return active.get(academic_year=academic_year), True
    enqueue_on_commit(report.pk)
    return report, False


def report_retry(*, report: AnnualReport, by) -> tuple[AnnualReport, bool]:
    """Try again: queue a request that could not be queued, or ask again after a failure."""
    if report.status == AnnualReport.Status.NOT_QUEUED:
        AnnualReport.objects.filter(pk=report.pk, status=AnnualReport.Status.NOT_QUEUED).update(
            status=AnnualReport.Status.QUEUED, reason=""
        )
        enqueue_on_commit(report.pk)
        report.refresh_from_db()
        return report, False
    return report_request(institution=report.institution, academic_year=report.academic_year, by=by)


def requeue_waiting() -> int:
    """Queue again the requests left waiting (refused by the broker, or lost): how many."""
    now = timezone.now()
    waiting = AnnualReport.objects.filter(
        Q(status=AnnualReport.Status.NOT_QUEUED)
        | Q(status=AnnualReport.Status.QUEUED, requested_at__lt=now - WAITING_TOO_LONG)
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(waiting):
        AnnualReport.objects.filter(pk=pk, status=AnnualReport.Status.NOT_QUEUED).update(
            status=AnnualReport.Status.QUEUED, reason=""
        )
        count += _enqueue(pk)
    return count


def _claim(report_id: int) -> bool:
    """Take the build: only one worker moves it from waiting to building."""
    now = timezone.now()
    return (
        AnnualReport.objects.filter(pk=report_id)
        .filter(
            Q(status__in=[AnnualReport.Status.QUEUED, AnnualReport.Status.NOT_QUEUED])
            | Q(status=AnnualReport.Status.BUILDING, started_at__lt=now - STALE_BUILD)
        )
        .update(
            status=AnnualReport.Status.BUILDING,
            started_at=now,
            progress=5,
            stage="Starting",
            reason="",
        )
        == 1
    )


def _progress(report_id: int, percent: int, stage: str) -> None:
    AnnualReport.objects.filter(pk=report_id, status=AnnualReport.Status.BUILDING).update(
        progress=percent, stage=stage, started_at=timezone.now()
    )


def report_build(report_id: int, *, today: dt.date | None = None) -> bool:
    """Build the report's PDF into its stored file; whether this call built it."""
    from careers_portal.insights import report as report_pdf

    if not _claim(report_id):
        return False
    report = AnnualReport.objects.select_related("institution", "academic_year").get(pk=report_id)
    try:
        pdf = report_pdf.build_pdf(
            report.institution,
            report.academic_year,
            today=today or timezone.localdate(),
            progress=lambda percent, stage: _progress(report_id, percent, stage),
        )
        _progress(report_id, 95, "Storing the PDF")
        name = f"{report.institution_id}/{report.filename}"
        report.file.save(name, ContentFile(pdf), save=False)
        AnnualReport.objects.filter(pk=report_id).update(
            file=report.file.name,
            size=len(pdf),
            status=AnnualReport.Status.READY,
            progress=100,
            stage="Ready",
            finished_at=timezone.now(),
        )
    except Exception as error:
        log.exception("Annual report %s failed", report_id)
        AnnualReport.objects.filter(pk=report_id).update(
            status=AnnualReport.Status.FAILED,
            reason=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return True
    report_notify(report_id)
    return True


def report_notify(report_id: int) -> int:
    """Email governors and SLT a link to a ready report asked for by the schedule; once."""
    claimed = AnnualReport.objects.filter(
        pk=report_id, notify=True, status=AnnualReport.Status.READY, notified_at=None
    ).update(notified_at=timezone.now())
    if claimed != 1:
        return 0
    report = AnnualReport.objects.select_related("institution", "academic_year").get(pk=report_id)
    people = (
        Membership.objects.active()
        .for_institution(report.institution)
        .filter(role__in=[Role.GOVERNOR, Role.SLT])
        .select_related("user")
    )
    link = settings.SITE_URL.rstrip("/") + reverse("insights:reports")
    context = {"report": report, "link": link}
    recipients = sorted({m.user.email for m in people})
    for email in recipients:
        send_mail(
            subject=f"The careers impact report {report.academic_year} is ready",
            message=render_to_string("insights/email/report_ready.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    return len(recipients)


def report_download_record(*, report: AnnualReport, by) -> ReportDownload:
    """Log a download of the stored PDF."""
    return ReportDownload.objects.create(report=report, user=by)


def request_all_reports(*, today: dt.date) -> int:
    """The 1 July job: ask for each institution's report for the academic year ending now."""
    from careers_portal.schools.services import academic_year_ensure

    year = academic_year_ensure(start_year=AcademicYear.start_year_for(today))
    # The schedule asks once a year: an institution it already asked for (notify) is skipped, so
    # a beat that fires twice neither builds nor emails twice. An on-demand build earlier in
    # the year does not count: 1 July still builds with the year's last figures.
    asked = set(
        AnnualReport.objects.filter(academic_year=year, notify=True)
        .exclude(status=AnnualReport.Status.FAILED)
        .values_list("institution_id", flat=True)
    )
    count = 0
    for institution in Institution.objects.exclude(pk__in=asked):
        _report, joined = report_request(institution=institution, academic_year=year, notify=True)
        count += not joined
    return count

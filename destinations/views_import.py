"""Destinations imported from a spreadsheet (checked whole first) and the local authority return."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careers_portal import uploads
from careers_portal.accounts.permissions import capability_required
from careers_portal.schools import import_jobs
from careers_portal.schools.models import AcademicYear
from careers_portal.spreadsheets import neutralise
from destinations import importing, selectors
from destinations.forms import DestinationImportForm, SkipForm, YearForm
from destinations.views import _this_year

SESSION_KEY = "destinations_import"


@capability_required("destinations.edit")
def destination_import(request: HttpRequest) -> HttpResponse:
    """Upload a file: every row is checked and shown; nothing is written yet."""
    form = DestinationImportForm(
        request.POST or None, request.FILES or None, initial={"academic_year": _this_year()}
    )
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        fmt = uploads.format_of(upload.name)
        content = upload.read()
        try:
            dataset = importing.read(content, fmt)
        except uploads.UnreadableTable as problem:
            form.add_error("file", str(problem))
        else:
            data = form.cleaned_data
            if import_jobs.in_background(dataset):
                # Too big to check while the request waits: the worker checks it, a page follows.
                job = import_jobs.job_start(
                    institution=request.membership.institution,
                    by=request.user,
                    kind="destinations",
                    content=content,
                    fmt=fmt,
                    options={
                        "year": data["academic_year"].pk,
                        "stage": data["stage"],
                        "source": data["source"],
                    },
                )
                return redirect("imports:detail", pk=job.pk)
            report = importing.check(
                institution=request.membership.institution,
                dataset=dataset,
                year=data["academic_year"],
                stage=data["stage"],
            )
            stored = request.session.pop(SESSION_KEY, None)
            uploads.forget_upload(stored)
            if not report.problems:
                request.session[SESSION_KEY] = {
                    **uploads.keep_upload(content, fmt).as_session_value(),
                    "year": data["academic_year"].pk,
                    "stage": data["stage"],
                    "source": data["source"],
                }
    return render(
        request,
        "destinations/import.html",
        {"form": form, "report": report, "skip_form": SkipForm()},
    )


@require_POST
@capability_required("destinations.edit")
def destination_import_apply(request: HttpRequest) -> HttpResponse:
    """Apply the checked file in one transaction: every row, the valid ones by choice, or none."""
    stored = request.session.get(SESSION_KEY) or {}
    content = uploads.peek_upload(stored)
    year = AcademicYear.objects.filter(pk=stored.get("year")).first() if content else None
    if content is None or year is None:
        messages.error(
            request, "There is no checked file to import (a file waits 6 hours). Upload it again."
        )
        return redirect("destinations:import")
    skip = SkipForm(request.POST)
    skip.is_valid()
    report = importing.apply(
        institution=request.membership.institution,
        dataset=importing.read(content, stored["fmt"]),
        year=year,
        stage=stored.get("stage", ""),
        source=stored.get("source", ""),
        by=request.user,
        skip_invalid=skip.cleaned_data.get("skip_invalid", False),
    )
    if report.has_errors and not skip.cleaned_data.get("skip_invalid"):
        messages.error(
            request,
            "Nothing was imported: some rows have errors. Fix them and upload the file again, "
            "or choose to leave those rows out.",
        )
        return redirect("destinations:import")
    uploads.forget_upload(request.session.pop(SESSION_KEY, None))
    messages.success(request, importing.summary(report))
    return redirect("destinations:summary")


@capability_required("destinations.view")
def la_return(request: HttpRequest) -> HttpResponse:
    """The local authority return as CSV: one row per leaver's latest activity, NCCIS-coded."""
    form = YearForm(request.GET or None)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or _this_year()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "UPN",
            "ULN",
            "Surname",
            "Forename",
            "Date of birth",
            "Gender",
            "NC year",
            "URN",
            "NCCIS code",
            "Activity",
            "Provider",
            "Date",
        ]
    )
    institution = request.membership.institution
    for record in selectors.la_return_rows(institution, year):
        learner = record.learner
        writer.writerow(
            neutralise(value)
            for value in [
                learner.upn,
                learner.uln,
                learner.last_name,
                learner.first_name,
                learner.date_of_birth.strftime("%d/%m/%Y") if learner.date_of_birth else "",
                learner.gender,
                learner.year_group,
                institution.urn,
                record.nccis_code,
                record.get_category_display(),
                record.provider,
                record.date.strftime("%d/%m/%Y") if record.date else "",
            ]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="la-return-{year.start_year}.csv"'
    return response

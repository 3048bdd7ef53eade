"""Import (dry run, then all rows or none) and export of encounters."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careers_portal import uploads
from careers_portal.accounts.permissions import capability_required
from careers_portal.schools import import_jobs
from encounters import importing, resources
from encounters.forms import ImportForm
from encounters.views._helpers import today

SESSION_KEY = "encounters_import"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@capability_required("encounters.edit_any")
def encounter_import(request: HttpRequest) -> HttpResponse:
    """Upload a file: every row is checked and shown; nothing is written yet."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        fmt = uploads.format_of(upload.name)
        content = upload.read()
        uploads.forget_upload(request.session.pop(SESSION_KEY, None))
        try:
            dataset = uploads.read_table(content, fmt)
        except uploads.UnreadableTable as problem:
            form.add_error("file", str(problem))
        else:
            if import_jobs.in_background(dataset):
                # Too big to check while the request waits: the worker checks it, a page follows.
                job = import_jobs.job_start(
                    institution=request.membership.institution,
                    by=request.user,
                    kind="encounters",
                    content=content,
                    fmt=fmt,
                    options={},
                )
                return redirect("imports:detail", pk=job.pk)
            report = importing.encounters_import(
                institution=request.membership.institution,
                by=request.user,
                today=today(),
                dataset=dataset,
                dry_run=True,
            )
            if not report.has_errors:
                # The file waits in storage, not in the session, until it is confirmed.
                request.session[SESSION_KEY] = uploads.keep_upload(content, fmt).as_session_value()
    return render(request, "encounters/import.html", {"form": form, "report": report})


@require_POST
@capability_required("encounters.edit_any")
def encounter_import_confirm(request: HttpRequest) -> HttpResponse:
    """Apply the checked file: all rows in one transaction, or none."""
    stored = request.session.pop(SESSION_KEY, None)
    content = uploads.take_upload(stored)
    if content is None:
        messages.error(
            request,
            "There is no checked file to import (a checked file waits 6 hours). Upload it again.",
        )
        return redirect("encounters:import")
    dataset = uploads.read_table(content, stored["fmt"])
    report = importing.encounters_import(
        institution=request.membership.institution,
        by=request.user,
        today=today(),
        dataset=dataset,
        dry_run=False,
    )
    if report.has_errors:
        messages.error(
            request, "Nothing was imported: a row has an error. Fix it and upload the file again."
        )
        return render(request, "encounters/import.html", {"form": ImportForm(), "report": report})
    messages.success(
        request, f"{len(report.rows)} encounter{'s' if len(report.rows) != 1 else ''} imported."
    )
    return redirect("encounters:list")


@capability_required("encounters.view")
def encounter_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("Export as csv or xlsx.")
    resource = resources.EncounterResource(institution=request.membership.institution)
    queryset = (
        resource.get_queryset()
        .select_related("department")
        .prefetch_related("organisations", "benchmarks", "meaningful_criteria")
    )
    dataset = resource.export(queryset)
    body = dataset.export(fmt)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="encounters.{fmt}"'
    return response

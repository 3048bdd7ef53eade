"""The page that follows a big import: progress while the worker checks, the check, the outcome."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from careers_portal.accounts.permissions import get_for_institution, role_can
from careers_portal.schools import import_jobs
from careers_portal.schools.models import ImportJob


def _job(request: HttpRequest, pk: int):
    """The job, 404 outside the institution, 403 without the capability its import needs."""
    job = get_for_institution(request, ImportJob, pk=pk)
    importer = import_jobs.importer_for(job.kind)
    if importer is None:
        raise Http404("This kind of import is not available.")
    if not role_can(request.membership.role, importer.capability):
        raise PermissionDenied
    return job, importer


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress (polled by htmx while the worker works), then the check or the outcome."""
    if request.membership is None:
        return redirect("accounts:choose_institution")
    job, importer = _job(request, pk)
    context = {
        "job": job,
        "importer": importer,
        "counts": import_jobs.counts_in_words(job),
        "wrong": import_jobs.result_rows(job, errors=True)[:500],
        "page": import_jobs.result_page(job, request.GET.get("page")),
        "done_url": reverse(importer.done_url),
        "back_url": reverse(importer.back_url),
    }
    if request.htmx:
        if not job.working:
            return HttpResponseClientRefresh()  # checked or done: the whole page changes
        return render(request, "schools/import_job.html#progress", context)
    return render(request, "schools/import_job.html", context)


@require_POST
@login_required
def job_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a checked job: the worker applies it in one transaction, every row or none."""
    if request.membership is None:
        return redirect("accounts:choose_institution")
    job, importer = _job(request, pk)
    choices = {choice.name: request.POST.get(choice.name) == "on" for choice in importer.choices}
    counts = job.result.get("counts", {})
    if job.result.get("problems") or (counts.get("error") and not choices.get("skip_invalid")):
        messages.error(
            request,
            "Nothing was imported: some rows have errors. Fix them and upload the file again"
            + (", or choose to leave those rows out." if importer.can_skip_invalid else "."),
        )
        return redirect("imports:detail", pk=job.pk)
    if not import_jobs.job_apply_request(job, choices):
        messages.error(request, "This file is not waiting to be imported.")
    return redirect("imports:detail", pk=job.pk)

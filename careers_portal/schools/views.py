"""The learners list and the roll imported from the MIS: upload, mapping, check, apply."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from careers_portal import uploads
from careers_portal.accounts.permissions import capability_required, get_for_institution
from careers_portal.schools import import_jobs, learner_import, selectors, services
from careers_portal.schools.forms import ApplyForm, LearnerFilterForm, MappingForm, RollUploadForm
from careers_portal.schools.models import Learner

SESSION_KEY = "learners_import"
PAGE_SIZE = 50


@capability_required("learners.view")
def learner_list(request: HttpRequest) -> HttpResponse:
    """Search and filter the roll; registration group tells learners of the same name apart."""
    form = LearnerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    learners = selectors.learner_search(request.membership.institution, filters)
    page = Paginator(learners, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "schools/learner_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(filters)},
    )


@capability_required("learners.edit")
def roll_import(request: HttpRequest) -> HttpResponse:
    """Upload the MIS export; it waits in storage (never the session) until it is applied."""
    form = RollUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        fmt = uploads.format_of(upload.name)
        content = upload.read()
        try:
            learner_import.read(content, fmt)
        except uploads.UnreadableTable as problem:
            form.add_error("file", str(problem))
        else:
            uploads.forget_upload(request.session.pop(SESSION_KEY, None))
            request.session[SESSION_KEY] = uploads.keep_upload(content, fmt).as_session_value()
            return redirect("learners:import_mapping")
    return render(request, "schools/roll_import.html", {"form": form})


def _stored_dataset(request: HttpRequest):
    stored = request.session.get(SESSION_KEY)
    content = uploads.peek_upload(stored)
    if content is None:
        return None
    try:
        return learner_import.read(content, stored["fmt"])
    except uploads.UnreadableTable:
        return None


def _no_file(request: HttpRequest) -> HttpResponse:
    messages.error(
        request,
        "There is no uploaded file to import (an upload waits 6 hours). Upload it again.",
    )
    return redirect("learners:import")


@capability_required("learners.edit")
def roll_import_mapping(request: HttpRequest) -> HttpResponse:
    """Which column holds what: suggested from the headings, confirmed or changed by the leader."""
    dataset = _stored_dataset(request)
    if dataset is None:
        return _no_file(request)
    institution = request.membership.institution
    headings = list(dataset.headers)
    form = MappingForm(
        request.POST or None,
        headings=headings,
        initial_mapping=learner_import.suggested_mapping(institution, headings),
    )
    if request.method == "POST" and form.is_valid():
        learner_import.mapping_save(institution=institution, mapping=form.mapping())
        if import_jobs.in_background(dataset):
            # Too big to check while the request waits: the worker checks it, a page follows.
            stored = request.session.pop(SESSION_KEY)
            job = import_jobs.job_start(
                institution=institution,
                by=request.user,
                kind="learners",
                content=uploads.take_upload(stored),
                fmt=stored["fmt"],
                options={"mapping": form.mapping()},
            )
            return redirect("imports:detail", pk=job.pk)
        return redirect("learners:import_check")
    # The first three values of each column, whole, so the leader recognises what it holds.
    examples = [
        ", ".join(
            [
                str(value).strip()[:30]
                for value in [row[index] for row in dataset[:20]]
                if value not in (None, "")
            ][:3]
        )
        for index in range(len(headings))
    ]
    columns = [(bound, examples[index]) for bound, index in form.rows()]
    return render(
        request,
        "schools/roll_mapping.html",
        {"form": form, "columns": columns, "rows": len(dataset)},
    )


@capability_required("learners.edit")
def roll_import_check(request: HttpRequest) -> HttpResponse:
    """Every row as new, updated (with what changes), unchanged or wrong; nothing written yet."""
    dataset = _stored_dataset(request)
    if dataset is None:
        return _no_file(request)
    institution = request.membership.institution
    mapping = learner_import.suggested_mapping(institution, list(dataset.headers))
    report = learner_import.check(institution=institution, dataset=dataset, mapping=mapping)
    return render(
        request,
        "schools/roll_check.html",
        {"report": report, "form": ApplyForm(), "today": timezone.localdate()},
    )


@require_POST
@capability_required("learners.edit")
def roll_import_apply(request: HttpRequest) -> HttpResponse:
    """Apply the checked file in one transaction: every row, the valid ones by choice, or none."""
    dataset = _stored_dataset(request)
    if dataset is None:
        return _no_file(request)
    form = ApplyForm(request.POST)
    form.is_valid()
    institution = request.membership.institution
    report = learner_import.apply(
        institution=institution,
        dataset=dataset,
        mapping=learner_import.suggested_mapping(institution, list(dataset.headers)),
        today=timezone.localdate(),
        skip_invalid=form.cleaned_data.get("skip_invalid", False),
        mark_left=form.cleaned_data.get("mark_left", False),
    )
    if report.problems or (report.wrong and not form.cleaned_data.get("skip_invalid")):
        messages.error(
            request,
            "Nothing was imported: some rows have errors. Fix them in your MIS and upload the "
            "file again, or choose to leave those rows out.",
        )
        return redirect("learners:import_check")
    uploads.forget_upload(request.session.pop(SESSION_KEY, None))
    messages.success(
        request,
        learner_import.summary(report, marked_left=bool(form.cleaned_data.get("mark_left"))),
    )
    return redirect("learners:list")


@capability_required("learners.edit")
def learner_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """Anonymise one learner now, after a confirmation page that says what it keeps and clears."""
    learner = get_for_institution(
        request, Learner.objects.filter(anonymised_at__isnull=True), pk=pk
    )
    if request.method == "POST":
        services.learner_anonymise(learner=learner)
        messages.success(
            request,
            "The learner is anonymised: nothing names them any more, and the figures still "
            "count them.",
        )
        return redirect("learners:list")
    return render(request, "schools/learner_anonymise.html", {"learner": learner})

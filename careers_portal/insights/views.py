"""Pages that gather several apps' data about one learner, each read through its selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from careers_portal.accounts import services as account_services
from careers_portal.accounts.permissions import capability_required, get_for_institution
from careers_portal.dates import today
from careers_portal.forms import add_errors
from careers_portal.insights.subject_access import learner_archive
from careers_portal.schools import services as school_services
from careers_portal.schools.forms import LearnerDetailsForm
from careers_portal.schools.models import Learner
from destinations import selectors as destination_selectors
from encounters import selectors as encounter_selectors


def _learner(request: HttpRequest, pk: int) -> Learner:
    return get_for_institution(request, Learner.objects.filter(anonymised_at__isnull=True), pk=pk)


@capability_required("learners.record")
def learner_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One learner: details, benchmarks today, encounters, guidance meetings and destinations."""
    learner = _learner(request, pk)
    account_services.record_learner_access(request, f"Learner page of learner {learner.pk}")
    record = encounter_selectors.learner_record(learner)
    return render(
        request,
        "insights/learner.html",
        {
            "learner": learner,
            "covered": encounter_selectors.learner_benchmarks(learner, today()),
            "encounters": record["encounters"],
            "meetings": record["meetings"],
            "destinations": destination_selectors.records_of(learner),
        },
    )


@capability_required("learners.edit")
def learner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The careers leader corrects a learner's details; the model's rules are checked first."""
    learner = _learner(request, pk)
    form = LearnerDetailsForm(request.POST or None, instance=learner)
    if request.method == "POST" and form.is_valid():
        try:
            school_services.learner_update(
                learner=Learner.objects.get(pk=learner.pk), by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Details of {learner} saved.")
            return redirect("insights:learner", pk=learner.pk)
    return render(request, "insights/learner_edit.html", {"learner": learner, "form": form})


@capability_required("learners.edit")
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about one learner as a zip (a subject access request); leader only."""
    learner = _learner(request, pk)
    response = HttpResponse(learner_archive(learner), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="learner-{learner.pk}.zip"'
    return response

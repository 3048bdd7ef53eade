"""Logging encounters, their page, the learners who took part, and organisations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careers_portal.accounts.permissions import (
    capability_required,
    get_for_institution,
    sees_attendance,
)
from careers_portal.locking import EditConflict, conflict_page
from careers_portal.pagination import page_of
from careers_portal.schools.models import AcademicYear, Learner
from careers_portal.schools.selectors import year_starting
from encounters import panels, rules, selectors, services
from encounters.forms import EncounterForm, OrganisationForm
from encounters.models import Encounter, Organisation
from encounters.views._helpers import (
    add_errors,
    can_edit,
    encounter_for_edit,
    logs_for_any_department,
    today,
)
from encounters.views.programme import activity_for_logging

RECENT_ORGANISATIONS = 6
# A whole year group attends many talks: the list is a page at a time, and searchable.
ATTENDANCE_PER_PAGE = 50
ENCOUNTERS_PER_PAGE = 50
PAST_YEARS = 5


@capability_required("encounters.view")
def encounter_list(request: HttpRequest) -> HttpResponse:
    institution = request.membership.institution
    # This academic year, or an earlier one (?year=2025): a past year's encounters stay listed
    # under it after the new year starts.
    this_year = rules.academic_year_start(today())
    years = [this_year.replace(year=this_year.year - back) for back in range(PAST_YEARS + 1)]
    chosen = request.GET.get("year", "")
    year_start = next((day for day in years if str(day.year) == chosen), this_year)
    year_end = rules.academic_year_end(year_start)
    page = page_of(
        request,
        selectors.encounter_list(institution, year_start=year_start, year_end=year_end),
        ENCOUNTERS_PER_PAGE,
    )
    return render(
        request,
        "encounters/list.html",
        {
            "encounters": page.object_list,
            "page": page,
            "year_start": year_start,
            "year_end": year_end,
            "is_this_year": year_start == this_year,
            "years": [(day, f"{day.year}/{(day.year + 1) % 100:02d}") for day in years],
        },
    )


def _ids(values) -> list[int]:
    """The whole numbers among submitted ids; anything else is ignored."""
    return [int(value) for value in values if str(value).isdigit()]


def _organisation_options(
    institution, *, chosen_ids, query="", created=None, similar=None, new_form=None
):
    """The organisation picker's options: the chosen ones (ticked), then matches or recent ones."""
    chosen = list(Organisation.objects.for_institution(institution).filter(pk__in=chosen_ids))
    matches = services.organisations_matching(
        institution, query, limit=RECENT_ORGANISATIONS + len(chosen)
    )
    suggestions = [org for org in matches if org.pk not in {c.pk for c in chosen}][
        :RECENT_ORGANISATIONS
    ]
    return {
        "chosen_organisations": chosen,
        "suggested_organisations": suggestions,
        "organisation_query": query,
        "created_organisation": created,
        "similar_organisations": similar or [],
        "new_organisation_form": new_form or OrganisationForm(prefix="new"),
        "pal_suggested": rules.pal_suggested(in_school_day=True, organisations=chosen),
    }


def _form_page(request, form, *, encounter=None, planned=None):
    context = _form_context(request, form, encounter=encounter)
    context["planned"] = planned
    return render(request, "encounters/encounter_form.html", context)


def _form_context(request, form, *, encounter=None) -> dict:
    institution = request.membership.institution
    chosen_ids = _ids(form["organisations"].value() or [])
    context = {
        "form": form,
        "encounter": encounter,
        "criteria_groups": form.criteria_by_benchmark(),
        # What was typed in the picker comes back with its problems, never blank.
        **_organisation_options(
            institution,
            chosen_ids=chosen_ids,
            query=request.POST.get("q", ""),
            similar=form.similar_organisations,
            new_form=form.new_organisation_form if request.POST.get("new-name") else None,
        ),
    }
    return context


def _conflict_page(request, form, conflict: EditConflict, encounter: Encounter):
    """Both versions side by side; the form keeps what was typed, ready to save over theirs."""
    return conflict_page(
        request,
        conflict=conflict,
        form=form,
        yours=form.model_data(),
        template="encounters/encounter_form.html",
        context=_form_context(request, form, encounter=encounter),
        what="this encounter",
    )


def _encounter_form(request, *, instance=None, initial=None):
    institution = request.membership.institution
    membership = request.membership
    any_department = logs_for_any_department(request)
    return EncounterForm(
        request.POST or None,
        instance=instance,
        initial=initial,
        institution=institution,
        department=membership.department,
        any_department=any_department,
        year_counts=selectors.year_counts(institution),
        planned_activities=selectors.activities_to_log(
            institution,
            year_starting(AcademicYear.start_year_for(today())),
            department=membership.department,
            any_department=any_department,
        ),
    )


def _new_organisation_message(request, form) -> None:
    if form.new_organisation:
        messages.success(request, f"{form.new_organisation['name']} added to your organisations.")


def _meaningful_message(request, encounter: Encounter) -> None:
    missing = rules.encounter_missing_criteria(encounter)
    for number, criteria in missing.items():
        if criteria:
            names = "; ".join(c.text for c in criteria)
            messages.warning(
                request, f"Not yet meaningful for benchmark {number}. Missing: {names}."
            )
        else:
            messages.success(request, f"Meaningful for benchmark {number}: every criterion is met.")


@capability_required("encounters.log")
def encounter_create(request: HttpRequest) -> HttpResponse:
    # "Log it" on a planned activity: the form starts with its fields; the champion confirms the
    # date and who attended.
    planned = None
    if request.method == "GET" and request.GET.get("planned", "").isdigit():
        planned = activity_for_logging(request, int(request.GET["planned"]))
    form = _encounter_form(
        request,
        initial=services.encounter_initial_from_activity(planned) if planned else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            encounter = services.encounter_log(
                institution=request.membership.institution,
                by=request.user,
                today=today(),
                new_organisation=form.new_organisation,
                **data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            _new_organisation_message(request, form)
            count = encounter.attendance.count()
            messages.success(
                request, f"Encounter logged with {count} learner{'s' if count != 1 else ''}."
            )
            _meaningful_message(request, encounter)
            return redirect(encounter)
    return _form_page(request, form, planned=planned)


@capability_required("encounters.log")
def encounter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    encounter = encounter_for_edit(request, pk)
    form = _encounter_form(request, instance=encounter)
    if request.method == "POST" and form.is_valid():
        try:
            services.encounter_update(
                encounter=encounter,
                today=today(),
                by=request.user,
                new_organisation=form.new_organisation,
                expected_version=form.opened_at(),
                **form.model_data(),
            )
        except EditConflict as conflict:
            return _conflict_page(request, form, conflict, encounter)
        except ValidationError as error:
            add_errors(form, error)
        else:
            _new_organisation_message(request, form)
            messages.success(request, "Encounter saved.")
            _meaningful_message(request, encounter)
            return redirect(encounter)
    return _form_page(request, form, encounter=encounter)


@capability_required("encounters.view")
def encounter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    encounter = get_for_institution(
        request,
        Encounter.objects.select_related(
            "department", "logged_by", "planned_activity__academic_year"
        ).prefetch_related(
            "organisations", "benchmarks", "cdi_areas", "skills", "meaningful_criteria"
        ),
        pk=pk,
    )
    editable = can_edit(request, encounter)
    query = request.GET.get("q", "").strip()[:100]
    candidates = []
    if editable and query:
        candidates = list(selectors.learners_to_add(encounter, query)[:20])
    sees_names = sees_attendance(request.membership, encounter.department_id)
    who = request.GET.get("who", "").strip()[:100]
    attending = (
        page_of(request, selectors.encounter_learners(encounter, name=who), ATTENDANCE_PER_PAGE)
        if sees_names
        else None
    )
    context = {
        "encounter": encounter,
        "missing": rules.encounter_missing_criteria(encounter),
        "attendance_count": selectors.attendance_count(encounter),
        "attending": attending,
        "sees_names": sees_names,
        "who": who,
        "editable": editable,
        "query": query,
        "candidates": candidates,
        # What the apps beside us hold about it (surveys' reflections and feedback).
        "panels": panels.panels_for(encounter=encounter, role=request.membership.role),
    }
    return render(request, "encounters/detail.html", context)


@capability_required("encounters.view")
def encounter_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed the encounter, when, and what: its fields, relations and learners."""
    encounter = get_for_institution(request, Encounter, pk=pk)
    entries = selectors.encounter_history(encounter)
    entries.reverse()  # newest first
    return render(request, "encounters/history.html", {"encounter": encounter, "entries": entries})


@require_POST
@capability_required("encounters.log")
def learner_add(request: HttpRequest, pk: int) -> HttpResponse:
    encounter = encounter_for_edit(request, pk)
    learner = get_for_institution(
        request, Learner.objects.on_roll(), pk=request.POST.get("learner", 0) or 0
    )
    services.attach_learners(encounter, [learner.pk], by=request.user)
    messages.success(request, f"{learner} added.")
    return redirect(encounter.get_absolute_url() + "#learners")


@require_POST
@capability_required("encounters.log")
def learner_remove(request: HttpRequest, pk: int, learner_pk: int) -> HttpResponse:
    encounter = encounter_for_edit(request, pk)
    learner = get_for_institution(request, Learner, pk=learner_pk)
    services.detach_learner(encounter, learner, by=request.user)
    messages.success(request, f"{learner} removed from this encounter.")
    return redirect(encounter.get_absolute_url() + "#learners")


@capability_required("encounters.log")
def organisation_search(request: HttpRequest) -> HttpResponse:
    """Search as you type: the picker's options for `q`, keeping the chosen ones ticked."""
    institution = request.membership.institution
    context = _organisation_options(
        institution,
        chosen_ids=_ids(request.GET.getlist("organisations")),
        query=request.GET.get("q", ""),
    )
    return render(request, "encounters/encounter_form.html#organisation_options", context)


@require_POST
@capability_required("encounters.log")
def organisation_create(request: HttpRequest) -> HttpResponse:
    """Add an organisation from the encounter form; a near-duplicate name needs confirming."""
    institution = request.membership.institution
    chosen = _ids(request.POST.getlist("organisations"))
    form = OrganisationForm(request.POST, prefix="new")
    similar, created = [], None
    if form.is_valid():
        similar = services.similar_organisations(institution, form.cleaned_data["name"])
        # A near-duplicate is shown as a warning: tick the existing one, or confirm to create.
        if not similar or request.POST.get("new-confirm"):
            try:
                created = services.organisation_create(institution=institution, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                chosen.append(created.pk)
                similar = []
                form = OrganisationForm(prefix="new")
    context = _organisation_options(
        institution, chosen_ids=chosen, created=created, similar=similar, new_form=form
    )
    if request.htmx:
        return render(request, "encounters/encounter_form.html#organisation_options", context)
    if created:
        messages.success(request, f"{created} added to your organisations.")
    else:
        messages.error(
            request, "The organisation was not added: open 'Add a new organisation' to see why."
        )
    return redirect("encounters:create")

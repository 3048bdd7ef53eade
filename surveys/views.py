"""Surveys for the careers leader: build, invite, read the results."""

from __future__ import annotations

import csv
import datetime as dt
import io

import segno
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from careers_portal.accounts import services as account_services
from careers_portal.accounts.permissions import capability_required, get_for_institution
from careers_portal.dates import today
from careers_portal.kept_pages import kept_page
from careers_portal.locking import EditConflict
from careers_portal.schools.models import Learner
from careers_portal.spreadsheets import neutralise
from encounters import selectors as encounter_selectors
from surveys import blueprints, selectors, services
from surveys.forms import (
    DatesForm,
    FromBlueprintForm,
    InviteEmailsForm,
    InviteLearnersForm,
    QuestionForm,
    SectionEditForm,
    SectionForm,
    SurveyForm,
    next_year_dates,
)
from surveys.models import Question, Section, Survey


def _default_dates() -> dict:
    day = today()
    return {"opens_on": day, "closes_on": day + dt.timedelta(days=21)}


@capability_required("surveys.results")
@kept_page
def survey_list(request: HttpRequest) -> HttpResponse:
    """Every survey of the institution with its responses; the leader starts new ones here."""
    surveys = selectors.survey_list(request.membership.institution)
    return render(request, "surveys/list.html", {"surveys": surveys, "today": today()})


@capability_required("surveys.edit")
def survey_new(request: HttpRequest) -> HttpResponse:
    """Start a survey from one of the ready-made blueprints."""
    form = FromBlueprintForm(request.POST or None, initial=_default_dates())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey = services.survey_from_blueprint(
            institution=request.membership.institution,
            key=data["blueprint"],
            by=request.user,
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
        )
        messages.success(request, f"“{survey.title}” is ready: check its questions, then invite.")
        return redirect(survey)
    return render(request, "surveys/new.html", {"form": form, "blueprints": blueprints.BLUEPRINTS})


def _survey(request, pk) -> Survey:
    return get_for_institution(request, Survey, pk=pk)


@capability_required("surveys.view")
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey's questions by section, tags and order; the leader edits them in place."""
    survey = _survey(request, pk)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "sections": selectors.survey_outline(survey),
            "counts": selectors.invitation_counts(survey),
            "section_form": SectionForm(),
        },
    )


@capability_required("surveys.edit")
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey's title, audience, purpose, dates and whether it is anonymous."""
    survey = _survey(request, pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Survey saved.")
        return redirect(survey)
    return render(request, "surveys/edit.html", {"survey": survey, "form": form})


@capability_required("surveys.edit")
def survey_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy the survey for next year's repeat, linked to its baseline question by question."""
    survey = _survey(request, pk)
    form = DatesForm(request.POST or None, initial=next_year_dates(survey))
    if request.method == "POST" and form.is_valid():
        copy = services.survey_copy(
            survey=survey,
            by=request.user,
            opens_on=form.cleaned_data["opens_on"],
            closes_on=form.cleaned_data["closes_on"],
        )
        messages.success(request, "Copied. Its results will show the change from the baseline.")
        return redirect(copy)
    return render(request, "surveys/copy.html", {"survey": survey, "form": form})


@require_POST
@capability_required("surveys.edit")
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = SectionForm(request.POST)
    if form.is_valid():
        services.section_add(survey=survey, title=form.cleaned_data["title"])
        messages.success(request, "Section added.")
    else:
        messages.error(request, "Give the new section a title.")
    return redirect(survey)


def _section(request, pk: int, section_pk: int) -> tuple[Survey, Section]:
    survey = _survey(request, pk)
    return survey, get_object_or_404(survey.sections, pk=section_pk)


@capability_required("surveys.edit")
def section_edit(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    """Rename a section, or change its introduction."""
    survey, section = _section(request, pk, section_pk)
    form = SectionEditForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        services.section_change(
            section=section,
            title=form.cleaned_data["title"],
            introduction=form.cleaned_data["introduction"],
        )
        messages.success(request, "Section saved.")
        return redirect(survey.get_absolute_url() + f"#section-{section.pk}")
    return render(
        request,
        "surveys/section.html",
        {"survey": survey, "section": section, "form": form},
    )


@require_POST
@capability_required("surveys.edit")
def section_move(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    """Move a section up or down the survey; htmx swaps the list of sections in place."""
    survey, section = _section(request, pk, section_pk)
    services.section_move(section=section, up=request.POST.get("direction") != "down")
    if request.htmx:
        return render(
            request,
            "surveys/detail.html#sections",
            {"survey": survey, "sections": selectors.survey_outline(survey)},
        )
    return redirect(survey.get_absolute_url() + f"#section-{section.pk}")


@require_POST
@capability_required("surveys.edit")
def section_delete(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    survey, section = _section(request, pk, section_pk)
    try:
        services.section_delete(section=section)
    except services.SectionAnswered:
        messages.error(
            request,
            f"“{section.title}” has answers, so it is kept. Remove its questions one by one "
            "if you must.",
        )
    else:
        messages.success(request, f"Section “{section.title}” removed.")
    return redirect(survey)


@capability_required("surveys.edit")
def question_add(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    section = get_object_or_404(survey.sections, pk=section_pk)
    form = QuestionForm(request.POST or None, instance=Question(section=section))
    if request.method == "POST" and form.is_valid():
        services.question_save(question=form.instance)
        messages.success(request, "Question added.")
        return redirect(survey)
    return render(
        request,
        "surveys/question.html",
        {
            "survey": survey,
            "section": section,
            "form": form,
            "answered": survey.responses.count(),
        },
    )


def _question(request, pk) -> Question:
    return get_for_institution(request, Question.objects.select_related("section__survey"), pk=pk)


@capability_required("surveys.edit")
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    survey = question.section.survey
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        services.question_save(question=form.instance)
        messages.success(request, "Question saved.")
        return redirect(survey)
    return render(
        request,
        "surveys/question.html",
        {
            "survey": survey,
            "section": question.section,
            "form": form,
            "question": question,
            "answered": survey.responses.count(),
        },
    )


@require_POST
@capability_required("surveys.edit")
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a question up or down its section; htmx swaps the sections in place."""
    question = _question(request, pk)
    services.question_move(question=question, up=request.POST.get("direction") != "down")
    survey = question.section.survey
    if request.htmx:
        return render(
            request,
            "surveys/detail.html#sections",
            {"survey": survey, "sections": selectors.survey_outline(survey)},
        )
    return redirect(survey.get_absolute_url() + f"#question-{question.pk}")


@require_POST
@capability_required("surveys.edit")
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    survey = question.section.survey
    services.question_delete(question=question)
    messages.success(request, "Question removed.")
    return redirect(survey)


@capability_required("surveys.edit")
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Who is asked: a year or registration group of learners, emailed people, an open link."""
    survey = _survey(request, pk)
    return _invite_page(request, survey, InviteLearnersForm(), InviteEmailsForm())


def _invite_page(request, survey, learners_form, emails_form, status=200) -> HttpResponse:
    base = settings.SITE_URL.rstrip("/")
    open_url = f"{base}/surveys/open/{survey.open_token}/" if survey.open_token else ""
    return render(
        request,
        "surveys/invite.html",
        {
            "survey": survey,
            "learners_form": learners_form,
            "emails_form": emails_form,
            "counts": selectors.invitation_counts(survey),
            "open_url": open_url,
        },
        status=status,
    )


@require_POST
@capability_required("surveys.edit")
def invite_learners(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = InviteLearnersForm(request.POST)
    if survey.audience != "learners":
        messages.error(request, "Only a learner survey invites learners.")
        return redirect("surveys:invite", pk=survey.pk)
    if not form.is_valid():
        return _invite_page(request, survey, form, InviteEmailsForm())
    made = services.invite_learners(
        survey=survey,
        year_group=form.cleaned_data["year_group"],
        reg_group=form.cleaned_data["reg_group"],
    )
    if made:
        messages.success(
            request,
            f"{made} link{'s' if made != 1 else ''} made. Print them or download them below.",
        )
    else:
        messages.warning(
            request,
            "No new links: every learner on roll in that group has one already, "
            "or none is on roll.",
        )
    return redirect("surveys:invite", pk=survey.pk)


@require_POST
@capability_required("surveys.edit")
def invite_emails(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = InviteEmailsForm(request.POST)
    if not form.is_valid():
        return _invite_page(request, survey, InviteLearnersForm(), form)
    result = services.invite_emails(survey=survey, lines=form.cleaned_data["lines"])
    if result.errors:
        for error in result.errors:
            form.add_error("lines", error)
        if result.created:
            messages.success(request, f"{result.created} invited; correct the lines below.")
        return _invite_page(request, survey, InviteLearnersForm(), form)
    messages.success(
        request,
        f"{result.created} invited by email"
        + (f"; {result.already} had been invited already" if result.already else "")
        + ".",
    )
    return redirect("surveys:invite", pk=survey.pk)


@require_POST
@capability_required("surveys.edit")
def open_link(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    on = request.POST.get("on") == "1"
    services.open_link_set(survey=survey, on=on)
    messages.success(request, "Open link turned on." if on else "Open link turned off.")
    return redirect("surveys:invite", pk=survey.pk)


def _link(invitation) -> str:
    return settings.SITE_URL.rstrip("/") + invitation.get_absolute_url()


@capability_required("surveys.edit")
def links_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable sheet for form tutors: each learner's link with its QR code."""
    survey = _survey(request, pk)
    group = request.GET.get("group", "").strip()
    invitations = selectors.invitations_of(survey).exclude(learner=None)
    if group:
        invitations = invitations.filter(learner__reg_group__iexact=group)
    rows = [
        {
            "invitation": inv,
            "url": _link(inv),
            "qr": mark_safe(segno.make(_link(inv), error="m").svg_inline(scale=2, omitsize=True)),
        }
        for inv in invitations
    ]
    return render(request, "surveys/links.html", {"survey": survey, "rows": rows, "group": group})


@capability_required("surveys.edit")
def links_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey's single-use links as CSV, for the school's own mail merge or tutors."""
    survey = _survey(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-links.csv"'
    writer = csv.writer(response)
    writer.writerow(["Name", "Email", "Year group", "Registration group", "Link", "Answered"])
    for inv in selectors.invitations_of(survey):
        writer.writerow(
            [
                neutralise(inv.display_name),
                neutralise(inv.email),
                inv.year_group or "",
                neutralise(inv.learner.reg_group if inv.learner else ""),
                _link(inv),
                "Yes" if inv.used_at else "No",
            ]
        )
    return response


@capability_required("surveys.results")
@kept_page
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Per question: the distribution, mean and share agreeing, change from baseline; by group."""
    survey = _survey(request, pk)
    figures = selectors.results(survey, role=request.membership.role)
    return render(request, "surveys/results.html", {"survey": survey, "figures": figures})


@capability_required("surveys.results")
def results_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The results as CSV or XLSX (formula-neutralised) or a PDF summary, as the reader may see
    them (small groups "c", no free text for governors)."""
    survey = _survey(request, pk)
    if fmt not in ("csv", "xlsx", "pdf"):
        raise Http404("Results download as CSV, XLSX or PDF.")
    figures = selectors.results(survey, role=request.membership.role)
    if fmt == "pdf":
        from surveys.pdf import results_pdf

        response = HttpResponse(results_pdf(figures, today()), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.pdf"'
        return response
    header = [
        "Section",
        "Question",
        "Kind",
        "Answered",
        "Share agreeing",
        "Mean",
        "Baseline share",
        "Change (points)",
    ]
    header += ["Option", "Count", "Percent"]
    rows = []
    for r in figures.questions:
        base = [
            r.question.section.title,
            r.question.text,
            r.question.get_kind_display(),
            r.answered,
            r.shown_agree if r.question.kind == Question.Kind.AGREEMENT else "",
            "" if r.mean is None else r.mean,
            "" if r.baseline_agree is None else r.baseline_agree,
            "" if r.change is None else r.change,
        ]
        if r.bars:
            rows += [[*base, bar.label, bar.count, bar.percent or 0] for bar in r.bars]
        else:
            rows.append([*base, "", "", ""])
    name = f"survey-{survey.pk}-results"
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "Results"
        sheet.append(header)
        for row in rows:
            sheet.append([neutralise(v) for v in row])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return response


def _encounter(request, pk):
    encounter = encounter_selectors.encounter_of(request.membership.institution, pk)
    if encounter is None:
        raise Http404("No such encounter.")
    return encounter


@require_POST
@capability_required("surveys.edit")
def ask_reflections(request: HttpRequest, encounter_pk: int) -> HttpResponse:
    """From an encounter: a reflection survey with a link for each learner who took part."""
    encounter = _encounter(request, encounter_pk)
    survey, _ = services.survey_for_encounter(
        encounter=encounter, key="reflection", by=request.user, today=today()
    )
    made = services.invite_these_learners(
        survey=survey, learners=encounter_selectors.encounter_learners(encounter)
    )
    if made:
        messages.success(
            request, f"{made} learner{'s' if made != 1 else ''} asked: print their links here."
        )
    else:
        messages.warning(
            request, "No new links: add the learners who took part to the encounter first."
        )
    return redirect("surveys:links", pk=survey.pk)


@require_POST
@capability_required("surveys.edit")
def use_as_evidence(request: HttpRequest, encounter_pk: int, pk: int) -> HttpResponse:
    """Record a survey's answers as the evidence of the encounter's reflection or employer
    feedback criterion (ticked for each benchmark it evidences)."""
    encounter = _encounter(request, encounter_pk)
    survey = get_object_or_404(
        Survey.objects.for_institution(request.membership.institution),
        pk=pk,
        encounter_id=encounter.pk,
    )
    code = selectors.evidence_code(survey)
    try:
        ticked = services.survey_record_as_evidence(
            survey=survey, encounter=encounter, by=request.user, today=today()
        )
    except services.NothingAnswered:
        messages.error(request, "Nobody has answered this survey yet: there is nothing to record.")
    except EditConflict:
        messages.error(request, "Someone changed the encounter just now: try again.")
    else:
        what = "reflection" if code == "reflection" else "employer feedback"
        messages.success(
            request,
            f"Recorded as the encounter's {what}"
            + (f", ticked for {ticked} benchmark{'s' if ticked != 1 else ''}." if ticked else "."),
        )
    return redirect(encounter.get_absolute_url() + "#panels")


@capability_required("surveys.edit")
def ask_feedback(request: HttpRequest, encounter_pk: int) -> HttpResponse:
    """From an encounter: the feedback form emailed to its organisations' contacts."""
    encounter = _encounter(request, encounter_pk)
    contacts = encounter_selectors.feedback_contacts(encounter)
    initial = "\n".join(f"{c['name'] or c['organisation']}, {c['email']}" for c in contacts)
    form = InviteEmailsForm(request.POST or None, initial={"lines": initial})
    if request.method == "POST" and form.is_valid():
        survey, _ = services.survey_for_encounter(
            encounter=encounter, key="employer-feedback", by=request.user, today=today()
        )
        result = services.invite_emails(survey=survey, lines=form.cleaned_data["lines"])
        for error in result.errors:
            form.add_error("lines", error)
        if not result.errors:
            messages.success(request, f"{result.created} asked for feedback by email.")
            return redirect("surveys:invite", pk=survey.pk)
    return render(
        request,
        "surveys/ask_feedback.html",
        {"encounter": encounter, "form": form, "contacts": contacts},
    )


@capability_required("learners.record")
def learner_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """A learner's career-readiness answers over time (linked surveys; careers leader only)."""
    learner = get_for_institution(
        request, Learner.objects.filter(anonymised_at__isnull=True), pk=pk
    )
    account_services.record_learner_access(request, f"Survey answers of learner {learner.pk}")
    return render(
        request,
        "surveys/learner.html",
        {"learner": learner, "responses": selectors.learner_readiness(learner)},
    )


@require_POST
@capability_required("surveys.edit")
def survey_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a survey nobody has answered; one with answers is kept, and the page says why."""
    survey = _survey(request, pk)
    try:
        services.survey_delete(survey=survey)
    except services.SurveyHasAnswers:
        messages.error(
            request,
            "This survey has answers, so it is kept: they are evidence, and next year's repeat "
            "compares with them. Change its closing date to stop new answers.",
        )
        return redirect(survey)
    messages.success(request, f"“{survey.title}” deleted.")
    return redirect("surveys:list")

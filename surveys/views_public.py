"""The public form: people without an account answer by a single-use link or an open link.

No sign-in, one section per page with progress shown. Answers of earlier sections wait in the
respondent's session and the response is saved whole, in one transaction, after the last page.
Nothing about learners is shown beyond the survey itself. A honeypot field and a per-address
rate limit (careers_portal/ratelimit.py, on the shared cache) slow bots down.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from careers_portal import ratelimit
from careers_portal.dates import today
from surveys import services
from surveys.forms import AnswerForm
from surveys.models import Invitation, Question, Survey

# Each page of the form is one POST: a person answering five sections posts five times. A
# parents' evening answers from one school network, so the limits leave room for a hall full.
PAGES_PER_WINDOW = 600
SUBMITS_PER_WINDOW = 100
WINDOW = dt.timedelta(hours=1)

UNUSABLE = {
    "unknown": (
        "This link does not work",
        "Check that you copied the whole link. If it still does not work, ask the person who "
        "sent it to you for a new one.",
        404,
    ),
    "used": (
        "This link has been used",
        "Someone has already answered the survey with this link, so it cannot be used again. "
        "Thank you if that was you.",
        200,
    ),
    "closed": (
        "This survey has closed",
        "The survey is no longer taking answers. Thank you for your interest.",
        200,
    ),
    "not_open": (
        "This survey is not open yet",
        "Come back on the day it opens.",
        200,
    ),
    "busy": (
        "Please try again later",
        "We have had a lot of answers from your network in the last hour. Please try again in an "
        "hour: your answers so far are kept on this device until then.",
        429,
    ),
}


def _address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _unusable(request, reason: str, survey: Survey | None = None) -> HttpResponse:
    title, text, status = UNUSABLE[reason]
    return render(
        request,
        "surveys/public/unusable.html",
        {"title": title, "text": text, "survey": survey},
        status=status,
    )


def _state(survey: Survey) -> str | None:
    day = today()
    if day < survey.opens_on:
        return "not_open"
    if day > survey.closes_on:
        return "closed"
    return None


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """A single-use link: the survey, one section a page, until it is answered once."""
    invitation = (
        Invitation.objects.select_related("survey__institution").filter(token=token).first()
    )
    if invitation is None:
        return _unusable(request, "unknown")
    if invitation.used_at:
        return _unusable(request, "used", invitation.survey)
    return _form(request, invitation.survey, invitation, key=f"survey-answer:{token}")


@never_cache
def answer_open(request: HttpRequest, token: str) -> HttpResponse:
    """The open link of an audience without addresses: anyone with it may answer."""
    survey = Survey.objects.select_related("institution").filter(open_token=token).first()
    if survey is None:
        return _unusable(request, "unknown")
    return _form(request, survey, None, key=f"survey-open:{token}")


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public/thanks.html")


def _form(request, survey: Survey, invitation: Invitation | None, *, key: str) -> HttpResponse:
    state = _state(survey)
    if state:
        return _unusable(request, state, survey)
    sections = [s for s in survey.sections.prefetch_related("questions") if s.questions.all()]
    if not sections:
        return _unusable(request, "closed", survey)
    try:
        page = min(max(int(request.GET.get("page", 1)), 1), len(sections))
    except ValueError:
        page = 1
    section = sections[page - 1]
    questions: list[Question] = list(section.questions.all())
    saved: dict = request.session.get(key, {})
    if request.method == "POST":
        if not ratelimit.attempt(
            "survey-page", _address(request), limit=PAGES_PER_WINDOW, window=WINDOW
        ):
            return _unusable(request, "busy", survey)
        form = AnswerForm(request.POST, questions=questions)
        if form.is_valid():
            if form.cleaned_data.get("website"):
                # A bot filled the field people never see: thank it and keep nothing.
                request.session.pop(key, None)
                return redirect("surveys:thanks")
            saved.update({str(pk): value for pk, value in form.values().items()})
            request.session[key] = saved
            if page < len(sections):
                return redirect(f"{request.path}?page={page + 1}")
            if not ratelimit.attempt(
                "survey-submit", _address(request), limit=SUBMITS_PER_WINDOW, window=WINDOW
            ):
                return _unusable(request, "busy", survey)
            missing = _first_missing(sections, saved)
            if missing is not None and missing != page:
                return redirect(f"{request.path}?page={missing}")
            try:
                services.response_submit(
                    survey=survey,
                    answers={int(pk): value for pk, value in saved.items()},
                    invitation=invitation,
                    today=today(),
                )
            except services.LinkUnusable as unusable:
                request.session.pop(key, None)
                return _unusable(request, unusable.reason, survey)
            request.session.pop(key, None)
            return redirect("surveys:thanks")
    else:
        form = AnswerForm(questions=questions, initial=AnswerForm.initial_from(questions, saved))
    return render(
        request,
        "surveys/public/form.html",
        {
            "survey": survey,
            "section": section,
            "form": form,
            "page": page,
            "pages": len(sections),
            "progress": round(100 * (page - 1) / len(sections)),
            "back_url": f"{request.path}?page={page - 1}" if page > 1 else "",
            "action": f"{request.path}?page={page}",
            "linked": not survey.anonymous,
            "thanks_url": reverse("surveys:thanks"),
        },
        status=400 if request.method == "POST" else 200,
    )


def _first_missing(sections, saved: dict) -> int | None:
    """The first page with a required question not answered (a page skipped by hand)."""
    for number, section in enumerate(sections, start=1):
        for q in section.questions.all():
            if q.required and not services.answered(saved.get(str(q.pk), {})):
                return number
    return None

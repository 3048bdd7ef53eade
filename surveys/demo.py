"""Demo content for `seed_demo`: career readiness last year and this, a parent survey, employer
feedback on demo encounters.

The receiver of `demo_institution_seeded` (connected in SurveysConfig.ready). The career
readiness survey of Key Stage 4 was asked last October of the learners now in Years 10 and 11
(then Years 9 and 10): the baseline. This year's repeat, linked question by question, has been
answered by most of them with more agreeing, so the results show change from baseline. Every
learner on roll in Years 10 and 11 is invited to both, so their answers grow with --learners (21
answers a respondent: about 10,000 a survey at 2,000 learners, 100,000 at 20,000) and topping the
school up invites the new learners only. Parents answered the stakeholder survey through its open
link; employers gave feedback on recent encounters. Surveys are keyed by title, academic year and
purpose (and encounter): running seed_demo again creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from careers_portal.accounts.models import Membership, Role
from careers_portal.schools.models import AcademicYear, Learner
from careers_portal.schools.services import academic_year_ensure
from encounters import selectors as encounter_selectors
from surveys import services, tallies
from surveys.models import Answer, Invitation, Question, Response, Survey

FEEDBACK = [
    "The learners asked thoughtful questions about apprenticeships. More time for questions next "
    "time would help.",
    "Well organised; the briefing beforehand meant our staff knew what to expect.",
    "Good energy in the room. A short list of the learners' interests in advance would help us.",
]
PARENT_TEXT = [
    "I did not know about the careers fair until afterwards.",
    "The options evening was really helpful.",
    "More information about apprenticeships, please.",
    "",
]


def seed_demo_content(sender, institution, **kwargs) -> None:
    """Receiver: the demo surveys and their answers for `institution` (idempotent)."""
    today = timezone.localdate()
    current = academic_year_ensure(start_year=AcademicYear.start_year_for(today))
    last = academic_year_ensure(start_year=current.start_year - 1)
    leader = (
        Membership.objects.filter(institution=institution, role=Role.CAREERS_LEADER)
        .select_related("user")
        .first()
    )
    by = leader.user if leader else None
    rng = random.Random(f"surveys-{institution.pk}")
    baseline = _readiness_baseline(institution, last, by, rng)
    _readiness_repeat(institution, baseline, current, today, by, rng)
    _parents(institution, current, today, by, rng)
    _employer_feedback(institution, last, today, by, rng)


def _existing(institution, title: str, year: AcademicYear, **extra) -> Survey | None:
    return (
        Survey.objects.for_institution(institution)
        .filter(title=title, academic_year=year, **extra)
        .first()
    )


def _readiness_baseline(institution, last: AcademicYear, by, rng) -> Survey:
    title = "Career readiness (Key Stage 4)"
    survey = _existing(institution, title, last, baseline=None)
    opens = dt.date(last.start_year, 10, 1)
    if survey is None:
        survey = services.survey_from_blueprint(
            institution=institution,
            key="readiness-ks4",
            by=by,
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=30),
        )
    # Asked a year ago of today's Years 10 and 11: their year group then was one lower.
    invitations = _invite(survey, _surveyed(institution), year_shift=-1, used_share=0.8, rng=rng)
    _fill(survey, invitations, p_agree=0.45, day=opens + dt.timedelta(days=5), rng=rng)
    return survey


def _readiness_repeat(institution, baseline: Survey, current, today, by, rng) -> None:
    repeat = Survey.objects.filter(baseline=baseline, academic_year=current).first()
    if repeat is None:
        opens = max(current.start_date + dt.timedelta(days=21), today - dt.timedelta(days=30))
        opens = min(opens, today)
        repeat = services.survey_copy(
            survey=baseline, by=by, opens_on=opens, closes_on=today + dt.timedelta(days=21)
        )
    invitations = _invite(repeat, _surveyed(institution), year_shift=0, used_share=0.7, rng=rng)
    _fill(repeat, invitations, p_agree=0.62, day=repeat.opens_on, rng=rng)


def _surveyed(institution):
    """The learners the career-readiness surveys ask: everyone on roll in Years 10 and 11."""
    return Learner.objects.for_institution(institution).on_roll().filter(year_group__in=[10, 11])


def _parents(institution, current, today, by, rng) -> None:
    title = "Parents' and carers' view of the careers programme"
    if _existing(institution, title, current):
        return
    survey = services.survey_from_blueprint(
        institution=institution,
        key="baseline-parents",
        by=by,
        opens_on=max(current.start_date, today - dt.timedelta(days=20)),
        closes_on=today + dt.timedelta(days=14),
    )
    services.open_link_set(survey=survey, on=True)
    _fill(survey, [None] * 42, p_agree=0.55, day=survey.opens_on, rng=rng, texts=PARENT_TEXT)


def _employer_feedback(institution, since: AcademicYear, today, by, rng) -> None:
    encounters = [
        e
        for e in encounter_selectors.encounter_list(institution, year_start=since.start_date)
        if e.date <= today and any(o.kind == "employer" for o in e.organisations.all())
    ][:3]
    for encounter in encounters:
        if Survey.objects.filter(encounter_id=encounter.pk).exists():
            continue
        survey = services.survey_from_blueprint(
            institution=institution,
            key="employer-feedback",
            by=by,
            opens_on=encounter.date,
            closes_on=max(encounter.date + dt.timedelta(days=21), today),
        )
        Survey.objects.filter(pk=survey.pk).update(
            encounter_id=encounter.pk, title=f"Feedback: {encounter.title}"[:200]
        )
        _fill(survey, [None], p_agree=0.8, day=encounter.date, rng=rng, texts=FEEDBACK)


def _invite(survey, learners, *, year_shift: int, used_share: float, rng) -> list[Invitation]:
    """Invitations for the learners not yet invited; the share who answered comes back.

    Only learners without an invitation are asked, so a larger --learners tops the survey up
    (its answers grow with the roll) and running seed_demo again adds nothing.
    """
    rows = [
        Invitation(
            survey=survey,
            learner_id=learner_id,
            year_group=year_group + year_shift,
            send=send != Learner.Send.NONE,
            disadvantaged=disadvantaged,
            gender=gender,
        )
        for learner_id, year_group, send, disadvantaged, gender in learners.exclude(
            pk__in=survey.invitations.exclude(learner=None).values("learner_id")
        )
        .order_by("pk")
        .values_list("pk", "year_group", "send", "disadvantaged", "gender")
    ]
    made = Invitation.objects.bulk_create(rows, batch_size=2000)
    return [inv for inv in made if rng.random() < used_share]


def _fill(survey, invitations, *, p_agree: float, day: dt.date, rng, texts=()) -> None:
    """Responses in bulk (the demo writes history, not a live form), one per invitation.

    Written set-wise, a thousand responses at a time: 20,000 learners give about 100,000
    answers to each career-readiness survey.
    """
    if not invitations:
        return
    questions = list(Question.objects.filter(section__survey=survey))
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    end = min(
        timezone.now(), timezone.make_aware(dt.datetime.combine(survey.closes_on, dt.time(17)))
    )
    span = max((end - start).total_seconds(), 60)
    for first in range(0, len(invitations), 1000):
        batch = invitations[first : first + 1000]
        responses = []
        for invitation in batch:
            when = start + dt.timedelta(seconds=rng.random() * span)
            response = Response(survey=survey, submitted_at=when, via_open_link=invitation is None)
            if invitation is not None:
                invitation.used_at = when
                response.take_group_from(invitation)
            responses.append(response)
        Response.objects.bulk_create(responses)
        used = [inv for inv in batch if inv is not None]
        Invitation.objects.bulk_update(used, ["used_at"], batch_size=1000)
        answers = []
        for response in responses:
            # SEND and disadvantaged learners agree a little less often: the gaps the page shows.
            lean = p_agree - (0.1 if response.send else 0) - (0.08 if response.disadvantaged else 0)
            for q in questions:
                answers.append(_answer(response, q, lean, rng, texts))
        Answer.objects.bulk_create([a for a in answers if a is not None], batch_size=5000)
    # Written in bulk, past the services: the results page's kept tallies are counted again.
    tallies.rebuild(survey.pk)


def _answer(response, q: Question, lean: float, rng, texts) -> Answer | None:
    if q.kind == Question.Kind.AGREEMENT:
        roll = rng.random()
        if roll < lean:
            value = 5 if rng.random() < 0.35 else 4
        elif roll < lean + 0.2:
            value = 3
        else:
            value = 2 if rng.random() < 0.7 else 1
        return Answer(response=response, question=q, number=value)
    if q.kind == Question.Kind.SINGLE:
        return Answer(response=response, question=q, text=rng.choice(q.choices))
    if q.kind == Question.Kind.MULTIPLE:
        return Answer(
            response=response, question=q, options=rng.sample(q.choices, k=rng.randint(1, 2))
        )
    if q.kind == Question.Kind.NUMBER:
        return Answer(response=response, question=q, number=rng.randint(1, 4))
    text = rng.choice(texts) if texts else ""
    return Answer(response=response, question=q, text=text) if text else None

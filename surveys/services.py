"""Writes of the surveys app: building a survey, inviting people, saving a response."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from benchmarks.selectors import Benchmark, CdiLearningArea, SkillsBuilderSkill, Version
from careers_portal.schools.models import AcademicYear, Institution, Learner
from careers_portal.schools.services import academic_year_ensure
from encounters import services as encounter_services
from surveys import blueprints, selectors, tallies
from surveys.models import Answer, Invitation, Question, Response, Section, Survey, new_token


class LinkUnusable(Exception):
    """The link cannot take an answer (used, closed, unknown): `reason` says which in words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _year_of(day: dt.date) -> AcademicYear:
    return academic_year_ensure(start_year=AcademicYear.start_year_for(day))


@transaction.atomic
def survey_from_blueprint(
    *, institution: Institution, key: str, by, opens_on: dt.date, closes_on: dt.date
) -> Survey:
    """A new survey built from one of the ready-made blueprints, for the leader to edit."""
    blueprint = blueprints.BY_KEY[key]
    survey = Survey(
        institution=institution,
        academic_year=_year_of(opens_on),
        title=blueprint.title,
        audience=blueprint.audience,
        purpose=blueprint.purpose,
        introduction=blueprint.introduction,
        anonymous=blueprint.anonymous,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
    )
    survey.full_clean()
    survey.save()
    benchmarks = {b.number: b for b in Benchmark.objects.filter(version=Version.V2025)}
    cdi = {a.code: a for a in CdiLearningArea.objects.filter(stage=blueprint.cdi_stage or "14-16")}
    skills = {s.name: s for s in SkillsBuilderSkill.objects.all()}
    for s_order, spec in enumerate(blueprint.sections, start=1):
        section = Section.objects.create(
            survey=survey, title=spec.title, introduction=spec.introduction, order=s_order
        )
        Question.objects.bulk_create(
            Question(
                section=section,
                text=q.text,
                help_text=q.help_text,
                kind=q.kind,
                choices=list(q.choices),
                required=q.required,
                order=q_order,
                benchmark=benchmarks.get(q.benchmark) if q.benchmark else None,
                cdi_area=cdi.get(q.cdi) if q.cdi else None,
                skill=skills.get(q.skill) if q.skill else None,
            )
            for q_order, q in enumerate(spec.questions, start=1)
        )
    return survey


@transaction.atomic
def survey_copy(*, survey: Survey, by, opens_on: dt.date, closes_on: dt.date) -> Survey:
    """A repeat of the survey (next year's), linked to its baseline question by question."""
    baseline = survey.baseline or survey
    copy = Survey(
        institution=survey.institution,
        academic_year=_year_of(opens_on),
        title=survey.title,
        audience=survey.audience,
        purpose=survey.purpose,
        introduction=survey.introduction,
        anonymous=survey.anonymous,
        opens_on=opens_on,
        closes_on=closes_on,
        baseline=baseline,
        created_by=by,
    )
    copy.full_clean()
    copy.save()
    for section in survey.sections.prefetch_related("questions"):
        new_section = Section.objects.create(
            survey=copy, title=section.title, introduction=section.introduction, order=section.order
        )
        Question.objects.bulk_create(
            Question(
                section=new_section,
                text=q.text,
                help_text=q.help_text,
                kind=q.kind,
                choices=q.choices,
                required=q.required,
                order=q.order,
                benchmark_id=q.benchmark_id,
                cdi_area_id=q.cdi_area_id,
                skill_id=q.skill_id,
                baseline_question_id=q.baseline_question_id or q.pk,
            )
            for q in section.questions.all()
        )
    return copy


def section_add(*, survey: Survey, title: str) -> Section:
    """A new section at the end of the survey."""
    last = survey.sections.aggregate(m=Max("order"))["m"] or 0
    section = Section(survey=survey, title=title, order=last + 1)
    section.full_clean()
    section.save()
    return section


def section_change(*, section: Section, title: str, introduction: str = "") -> Section:
    """Rename a section or change what respondents read at its top."""
    section.title, section.introduction = title.strip(), introduction.strip()
    section.full_clean()
    section.save(update_fields=["title", "introduction"])
    return section


def _swap_with_neighbour(siblings, item, *, up: bool) -> None:
    """Swap `item` with its neighbour above or below among `siblings` (a queryset of one model
    with an `order`), renumbering them 1, 2, 3 in the order they are then in."""
    in_order = list(siblings.order_by("order", "pk"))
    index = next(i for i, s in enumerate(in_order) if s.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(in_order):
        return
    in_order[index], in_order[other] = in_order[other], in_order[index]
    for order, s in enumerate(in_order, start=1):
        if s.order != order:
            siblings.model.objects.filter(pk=s.pk).update(order=order)


@transaction.atomic
def section_move(*, section: Section, up: bool) -> None:
    """Swap the section with its neighbour above or below in the survey."""
    _swap_with_neighbour(Section.objects.filter(survey_id=section.survey_id), section, up=up)


class SectionAnswered(Exception):
    """A section whose questions have answers is kept: they are evidence, and a baseline."""


def section_delete(*, section: Section) -> None:
    """Remove a section and its questions, when nobody has answered them."""
    if Answer.objects.filter(question__section=section).exists():
        raise SectionAnswered(section.title)
    section.delete()


def question_save(*, question: Question) -> Question:
    """Save a new or edited question (a new one goes at the end of its section)."""
    if question.pk is None:
        last = question.section.questions.aggregate(m=Max("order"))["m"] or 0
        question.order = last + 1
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_move(*, question: Question, up: bool) -> None:
    """Swap the question with its neighbour above or below in its section."""
    _swap_with_neighbour(question.section.questions.all(), question, up=up)


def question_delete(*, question: Question) -> None:
    """Remove a question and any answers to it (the leader is asked first)."""
    question.delete()


def invite_learners(*, survey: Survey, year_group: int | None, reg_group: str = "") -> int:
    """Single-use links for the learners on roll in a year or registration group; returns new.

    A learner already invited keeps their link. Year group and cohort flags are copied now, so an
    anonymous answer still counts in its year group and cohort without naming anyone.
    """
    learners = Learner.objects.for_institution(survey.institution).on_roll()
    if year_group:
        learners = learners.filter(year_group=year_group)
    if reg_group:
        learners = learners.filter(reg_group__iexact=reg_group.strip())
    return invite_these_learners(survey=survey, learners=learners)


@dataclass
class EmailInvites:
    created: int
    already: int
    errors: list[str]


EMAIL_LINE = re.compile(r"^\s*(?:(?P<name>[^,<;\t]*?)\s*[,;\t<]\s*)?(?P<email>[^,<>;\s]+)>?\s*$")


def invite_emails(*, survey: Survey, lines: str, send: bool = True) -> EmailInvites:
    """Invitations for "Name, email" lines; each new one is emailed by a task after commit.

    A line that is not an address is listed back in words; an address invited before is skipped.
    """
    from surveys.tasks import send_invitation

    result = EmailInvites(created=0, already=0, errors=[])
    known = {
        e.lower() for e in survey.invitations.exclude(email="").values_list("email", flat=True)
    }
    for number, line in enumerate(lines.splitlines(), start=1):
        if not line.strip():
            continue
        match = EMAIL_LINE.match(line)
        email = match["email"].strip() if match else ""
        try:
            validate_email(email)
        except ValidationError:
            result.errors.append(f"Line {number} ({line.strip()}) has no valid email address.")
            continue
        if email.lower() in known:
            result.already += 1
            continue
        known.add(email.lower())
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    survey=survey, email=email, name=(match["name"] or "").strip()
                )
        except IntegrityError:
            result.already += 1
            continue
        result.created += 1
        if send:
            send_invitation.delay_on_commit(invitation.pk)
    return result


def invitation_send(*, invitation_id: int) -> bool:
    """Email one invitation its link, once: a second run finds it sent and sends nothing."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    invitation = (
        Invitation.objects.select_related("survey__institution").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.email:
        return False
    now = timezone.now()
    # Claim it first: only the run whose update changed the row sends.
    if not Invitation.objects.filter(pk=invitation_id, sent_at=None).update(sent_at=now):
        return False
    base = settings.SITE_URL.rstrip("/")
    context = {
        "invitation": invitation,
        "survey": invitation.survey,
        "url": base + invitation.get_absolute_url(),
    }
    send_mail(
        subject=f"{invitation.survey.institution.name}: {invitation.survey.title}",
        message=render_to_string("surveys/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    return True


def open_link_set(*, survey: Survey, on: bool) -> Survey:
    """Turn the survey's open link (one link for everyone, rate-limited) on or off."""
    survey.open_token = (survey.open_token or new_token()) if on else None
    survey.save(update_fields=["open_token"])
    return survey


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    answers: dict[int, dict],
    invitation: Invitation | None = None,
    today: dt.date,
) -> Response:
    """Save one response whole, in one transaction; a used link raises LinkUnusable.

    `answers` maps a question id to {"number": int | None, "text": str, "options": list}.
    Claiming the invitation is a conditional update, so two answers at the same moment through
    one link save one response.
    """
    if not survey.is_open_on(today):
        raise LinkUnusable("closed")
    with tallies.writing():
        return _response_save(survey, answers, invitation)


def _response_save(survey: Survey, answers: dict[int, dict], invitation) -> Response:
    now = timezone.now()
    response = Response(survey=survey, submitted_at=now, via_open_link=invitation is None)
    if invitation is not None:
        claimed = Invitation.objects.filter(pk=invitation.pk, used_at=None).update(used_at=now)
        if not claimed:
            raise LinkUnusable("used")
        response.take_group_from(invitation)
    response.save()
    questions = {q.pk: q for q in Question.objects.filter(section__survey=survey)}
    saved = Answer.objects.bulk_create(
        Answer(
            response=response,
            question=questions[pk],
            number=value.get("number"),
            text=value.get("text") or "",
            options=list(value.get("options") or []),
        )
        for pk, value in answers.items()
        if pk in questions and answered(value)
    )
    # The results page's kept counts, in the same transaction (surveys/tallies.py).
    tallies.add(response, saved, {pk: q.kind for pk, q in questions.items()})
    return response


def answered(value: dict) -> bool:
    return value.get("number") is not None or bool(value.get("text")) or bool(value.get("options"))


ENCOUNTER_BLUEPRINTS = {"reflection": "Reflection", "employer-feedback": "Feedback"}


class NothingAnswered(Exception):
    """A survey nobody has answered yet evidences nothing."""


def survey_record_as_evidence(*, survey: Survey, encounter, by, today: dt.date) -> int:
    """Record the survey's answers as the evidence of the encounter's reflection or employer
    feedback (DOMAIN section 4); returns how many criteria were ticked.

    Refused while nobody has answered: an empty survey is no evidence. The sentence kept on the
    encounter is read by everyone who may see the encounter, so its figures are suppressed for
    small groups as for the least-entitled reader.
    """
    if not survey.responses.exists():
        raise NothingAnswered
    return encounter_services.encounter_evidence_record(
        encounter=encounter,
        code=selectors.evidence_code(survey),
        summary=selectors.evidence_summary(survey, on=today),
        by=by,
    )


@transaction.atomic
def survey_for_encounter(*, encounter, key: str, by, today: dt.date) -> tuple[Survey, bool]:
    """The encounter's reflection (learners) or feedback (employer) survey; made if missing.

    Returns the survey and whether it was made now. It opens today for three weeks.
    """
    blueprint = blueprints.BY_KEY[key]
    existing = Survey.objects.filter(
        encounter_id=encounter.pk, audience=blueprint.audience, purpose=blueprint.purpose
    ).first()
    if existing:
        return existing, False
    survey = survey_from_blueprint(
        institution=encounter.institution,
        key=key,
        by=by,
        opens_on=today,
        closes_on=today + dt.timedelta(days=21),
    )
    survey.encounter_id = encounter.pk
    survey.title = f"{ENCOUNTER_BLUEPRINTS[key]}: {encounter.title}"[:200]
    survey.save(update_fields=["encounter", "title"])
    return survey, True


def invite_these_learners(*, survey: Survey, learners) -> int:
    """Single-use links for the given learners (those who took part in an encounter)."""
    invited = set(survey.invitations.exclude(learner=None).values_list("learner_id", flat=True))
    new = [
        Invitation(
            survey=survey,
            learner=learner,
            year_group=learner.year_group,
            send=learner.send != Learner.Send.NONE,
            disadvantaged=learner.disadvantaged,
            gender=learner.gender,
        )
        for learner in learners
        if learner.pk not in invited and learner.anonymised_at is None
    ]
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


class SurveyHasAnswers(Exception):
    """A survey with responses is kept: its answers are evidence and a later year's baseline."""


def survey_delete(*, survey: Survey) -> None:
    """Delete a survey nobody has answered (a draft, or one made by mistake)."""
    if survey.responses.exists():
        raise SurveyHasAnswers(survey.title)
    survey.delete()

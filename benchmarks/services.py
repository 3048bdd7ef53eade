"""Writes: self-assessments and their answers, maturity reviews, statement wording, checklists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction

from benchmarks.models import (
    AnnualChecklist,
    Benchmark,
    ChecklistEntry,
    ChecklistItem,
    CompassScore,
    Criterion,
    CriterionAnswer,
    MaturityResponse,
    MaturityReview,
    MaturityStatement,
    MaturityStatementText,
    SelfAssessment,
    audience_for,
)
from careers_portal.schools.models import AcademicYear, Institution


@transaction.atomic
def assessment_start(
    *,
    institution: Institution,
    by,
    assessed_on: dt.date,
    version: str,
    participants: str = "",
    copy_last: bool = False,
) -> SelfAssessment:
    """A new self-assessment, blank or carrying the answers and evidence of the last one."""
    last = SelfAssessment.objects.for_institution(institution).first() if copy_last else None
    if copy_last and last is None:
        raise ValidationError("There is no earlier self-assessment to copy. Start a blank one.")
    if last is not None and last.version != version:
        raise ValidationError(
            {
                "version": (
                    f"Your last self-assessment used the {last.version} benchmarks, so its answers "
                    f"cannot be copied into a {version} one. Choose {last.version}, or start blank."
                )
            }
        )
    assessment = SelfAssessment(
        institution=institution,
        assessed_on=assessed_on,
        version=version,
        audience=audience_for(institution),
        participants=participants,
        created_by=by,
    )
    assessment.full_clean()
    assessment.save()
    if last is not None:
        CriterionAnswer.objects.bulk_create(
            CriterionAnswer(
                self_assessment=assessment,
                criterion_id=answer.criterion_id,
                status=answer.status,
                evidence=answer.evidence,
            )
            for answer in last.answers.filter(criterion__audience=assessment.audience)
        )
    return assessment


@dataclass(frozen=True)
class AnswerInput:
    status: str
    evidence: str = ""


@transaction.atomic
def benchmark_answers_save(
    *,
    assessment: SelfAssessment,
    benchmark: Benchmark,
    answers: Mapping[int, AnswerInput],
    compass_percentage: int | None,
) -> None:
    """Save the answers to one benchmark's criteria and its Compass percentage, all or nothing.

    `answers` maps criterion ids to answers. A criterion of another framework version (or
    audience), or a Compass percentage outside 0-100, raises ValidationError and saves nothing.
    """
    if benchmark.version != assessment.version:
        raise ValidationError(
            f"Benchmark {benchmark.number} ({benchmark.version}) is not part of this "
            f"{assessment.version} self-assessment."
        )
    criteria = Criterion.objects.select_related("benchmark").in_bulk(list(answers))
    existing = {
        answer.criterion_id: answer
        for answer in assessment.answers.filter(criterion_id__in=list(answers))
    }
    to_save = []
    for criterion_id, given in answers.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(f"There is no criterion {criterion_id}.")
        answer = existing.get(criterion_id) or CriterionAnswer(
            self_assessment=assessment, criterion=criterion
        )
        answer.status, answer.evidence = given.status, given.evidence
        answer.full_clean(validate_unique=False)
        if criterion.benchmark_id != benchmark.pk:
            raise ValidationError(f"Criterion {criterion.code} is not part of this benchmark.")
        to_save.append(answer)
    compass = CompassScore.objects.filter(self_assessment=assessment, benchmark=benchmark).first()
    if compass_percentage is not None:
        compass = compass or CompassScore(self_assessment=assessment, benchmark=benchmark)
        compass.percentage = compass_percentage
        compass.full_clean(validate_unique=False)
    for answer in to_save:
        answer.save()
    if compass_percentage is not None:
        compass.save()
    elif compass is not None:
        compass.delete()


@transaction.atomic
def review_start(
    *, institution: Institution, by, reviewed_on: dt.date, participants: str = ""
) -> MaturityReview:
    """A new maturity review."""
    review = MaturityReview(
        institution=institution, reviewed_on=reviewed_on, participants=participants, created_by=by
    )
    review.full_clean()
    review.save()
    return review


def _save_one[M: models.Model](model: type[M], keys: Mapping, fields: Mapping) -> M:
    """Set the fields on the row with these keys (made if there is none yet), check, save."""
    row = model.objects.filter(**keys).first() or model(**keys)
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean(validate_unique=False)
    row.save()
    return row


@transaction.atomic
def response_save(
    *, review: MaturityReview, statement: MaturityStatement, **fields
) -> MaturityResponse:
    """Answer (or re-answer) one statement of a review: level 1-4, position, next steps, marking."""
    return _save_one(MaturityResponse, {"review": review, "statement": statement}, fields)


@transaction.atomic
def statement_text_save(
    *, institution: Institution, statement: MaturityStatement, **texts: str
) -> MaturityStatementText:
    """Keep an institution's own wording of a maturity statement and its levels."""
    return _save_one(
        MaturityStatementText, {"institution": institution, "statement": statement}, texts
    )


@transaction.atomic
def checklist_save(
    *, institution: Institution, academic_year: AcademicYear, items: Iterable[ChecklistItem]
) -> AnnualChecklist:
    """Tick the checklist items done this academic year (the rest are unticked)."""
    checklist, _ = AnnualChecklist.objects.get_or_create(
        institution=institution, academic_year=academic_year
    )
    checklist.items_done.set(list(items))
    checklist.save(update_fields=["updated_at"])
    return checklist


@transaction.atomic
def checklist_entry_save(
    *,
    institution: Institution,
    academic_year: AcademicYear,
    item: ChecklistItem,
    done: bool,
    planned: str = "",
    evidence: str = "",
    actions_for_next_year: str = "",
) -> ChecklistEntry:
    """One item of the year's checklist: its tick and its Kent grid (planned, evidence, actions
    for next year)."""
    checklist, _ = AnnualChecklist.objects.get_or_create(
        institution=institution, academic_year=academic_year
    )
    if done:
        checklist.items_done.add(item)
    else:
        checklist.items_done.remove(item)
    entry, _ = ChecklistEntry.objects.get_or_create(checklist=checklist, item=item)
    entry.planned, entry.evidence = planned.strip(), evidence.strip()
    entry.actions_for_next_year = actions_for_next_year.strip()
    entry.full_clean()
    entry.save()
    checklist.save(update_fields=["updated_at"])
    return entry

"""Reads: benchmark scores, trends, maturity summaries and checklists.

Other apps (plans, insights) read benchmarks only through this module: `latest_scores()`,
`priorities()` and `criteria_not_met()` are their entry points, and the last section serves the
plan pages that link to benchmarks, responses and answers. Every function runs a fixed
number of queries whatever the number of assessments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from benchmarks import evidence
from benchmarks.models import (
    AnnualChecklist,
    AnswerStatus,
    Benchmark,
    ChecklistEntry,
    ChecklistItem,
    CompassScore,
    Criterion,
    CriterionAnswer,
    Marking,
    MaturityResponse,
    MaturityReview,
    MaturityStatement,
    MaturityStatementText,
    MeaningfulCriterion,
    SelfAssessment,
    rag_for_total,
)

# The types other apps name in hints, isinstance checks and relations, re-exported: apps above
# benchmarks import this module, never benchmarks.models (tests/test_layers.py guards it).
from benchmarks.models import CdiLearningArea as CdiLearningArea
from benchmarks.models import SkillsBuilderSkill as SkillsBuilderSkill
from benchmarks.models import Version as Version
from careers_portal.rag import Status
from careers_portal.schools.models import AcademicYear, Institution
from careers_portal.sharing import offer, shared


def score_percent(met: int, total: int) -> int | None:
    """The share of criteria met, as a whole percentage rounded half up; None with no criteria."""
    if not 0 <= met <= total:
        raise ValueError(f"{met} criteria met out of {total} is not possible.")
    if total == 0:
        return None
    return (200 * met + total) // (2 * total)


@dataclass(frozen=True)
class BenchmarkScore:
    """Our score for one benchmark (criteria met), with the official Compass figure beside it."""

    number: int
    title: str
    total: int
    met: int = 0
    in_progress: int = 0
    not_met: int = 0
    compass: int | None = None

    @property
    def percent(self) -> int | None:
        return score_percent(self.met, self.total)

    @property
    def unanswered(self) -> int:
        return self.total - self.met - self.in_progress - self.not_met


@dataclass(frozen=True)
class AssessmentScores:
    assessment: SelfAssessment
    scores: list[BenchmarkScore]


def scores_for(assessments: Sequence[SelfAssessment]) -> dict[int, list[BenchmarkScore]]:
    """Per assessment id, the eight benchmark scores, in three queries for any number of them."""
    ids = [assessment.pk for assessment in assessments]
    # Titles and criteria per audience in one query: a benchmark without criteria still has its
    # title (its audience is then None).
    titles: dict[tuple[str, int], str] = {}
    totals: dict[tuple[str, str, int], int] = {}
    for row in (
        Benchmark.objects.values("version", "number", "title", "criteria__audience")
        .annotate(n=Count("criteria"))
        .order_by()
    ):
        titles[row["version"], row["number"]] = row["title"]
        totals[row["version"], row["criteria__audience"], row["number"]] = row["n"]
    counts = {
        (row["self_assessment_id"], row["criterion__benchmark__number"]): row
        for row in CriterionAnswer.objects.filter(self_assessment_id__in=ids)
        .values("self_assessment_id", "criterion__benchmark__number")
        .annotate(
            met=Count("id", filter=Q(status=AnswerStatus.MET)),
            in_progress=Count("id", filter=Q(status=AnswerStatus.IN_PROGRESS)),
            not_met=Count("id", filter=Q(status=AnswerStatus.NOT_MET)),
        )
        .order_by()
    }
    compass = {
        (assessment_id, number): percentage
        for assessment_id, number, percentage in CompassScore.objects.filter(
            self_assessment_id__in=ids
        ).values_list("self_assessment_id", "benchmark__number", "percentage")
    }
    result = {}
    for assessment in assessments:
        scores = []
        for number in range(1, 9):
            row = counts.get((assessment.pk, number), {})
            scores.append(
                BenchmarkScore(
                    number=number,
                    title=titles.get((assessment.version, number), ""),
                    total=totals.get((assessment.version, assessment.audience, number), 0),
                    met=row.get("met", 0),
                    in_progress=row.get("in_progress", 0),
                    not_met=row.get("not_met", 0),
                    compass=compass.get((assessment.pk, number)),
                )
            )
        result[assessment.pk] = scores
    return result


def assessments(institution: Institution) -> QuerySet[SelfAssessment]:
    """The institution's self-assessments, newest first."""
    return SelfAssessment.objects.for_institution(institution)


def _latest_key(institution: Institution) -> tuple:
    return ("benchmarks.latest_scores", institution.pk)


def latest_scores(institution: Institution) -> AssessmentScores | None:
    """The latest self-assessment and its benchmark scores (for the plan's current state); read
    once per page where the plan's state and its measures both ask (careers_portal/sharing.py)."""

    def read() -> AssessmentScores | None:
        latest = assessments(institution).first()
        if latest is None:
            return None
        return AssessmentScores(latest, scores_for([latest])[latest.pk])

    return shared(_latest_key(institution), read)


def trend(institution: Institution, limit: int = 10) -> list[AssessmentScores]:
    """The latest `limit` self-assessments, oldest first, each with its scores (the last is
    latest_scores(), kept for the rest of the page when a page shares its figures)."""
    recent = list(assessments(institution)[:limit])[::-1]
    scores = scores_for(recent)
    found = [AssessmentScores(assessment, scores[assessment.pk]) for assessment in recent]
    if limit > 0:
        offer(_latest_key(institution), found[-1] if found else None)
    return found


def criteria_with_answers(
    assessment: SelfAssessment, number: int | None = None
) -> list[tuple[Criterion, CriterionAnswer | None]]:
    """The criteria this assessment answers (one benchmark, or all), each with its answer."""
    criteria = Criterion.objects.filter(
        benchmark__version=assessment.version, audience=assessment.audience
    ).select_related("benchmark")
    if number is not None:
        criteria = criteria.filter(benchmark__number=number)
    answers = {answer.criterion_id: answer for answer in assessment.answers.all()}
    return [(criterion, answers.get(criterion.pk)) for criterion in criteria]


def criterion_evidence(
    assessment: SelfAssessment,
    *,
    institution: Institution,
    today,
    role: str,
    benchmarks: Sequence[int] = range(1, 9),
) -> dict[str, list[evidence.Evidence]]:
    """Live evidence the apps above hold for the assessment's criteria, by criterion code.

    The figures are today's, whatever the assessment's date: each item carries its own date.
    """
    return evidence.evidence_for(
        evidence.EvidenceRequest(
            institution=institution,
            version=assessment.version,
            audience=assessment.audience,
            today=today,
            benchmarks=frozenset(benchmarks),
            role=role,
        )
    )


def compass_percentage(assessment: SelfAssessment, benchmark: Benchmark) -> int | None:
    """The official Compass score recorded with the assessment for one benchmark, if any."""
    return (
        CompassScore.objects.filter(self_assessment=assessment, benchmark=benchmark)
        .values_list("percentage", flat=True)
        .first()
    )


def criteria_not_met(institution: Institution) -> QuerySet[CriterionAnswer]:
    """Answers of the latest self-assessment that are not yet met (in progress or not met)."""
    latest = assessments(institution).first()
    if latest is None:
        return CriterionAnswer.objects.none()
    return (
        latest.answers.exclude(status=AnswerStatus.MET)
        .select_related("criterion__benchmark")
        .order_by("criterion__benchmark__number", "criterion__order")
    )


# --- Maturity review ------------------------------------------------------------------------


def reviews(institution: Institution) -> QuerySet[MaturityReview]:
    """The institution's maturity reviews, each with its count of answers, priorities, strengths."""
    return MaturityReview.objects.for_institution(institution).annotate(
        answered=Count("responses"),
        priority_count=Count("responses", filter=Q(responses__marking=Marking.PRIORITY)),
        strength_count=Count("responses", filter=Q(responses__marking=Marking.STRENGTH)),
    )


def priorities(institution: Institution) -> QuerySet[MaturityResponse]:
    """The priority action areas of the latest maturity review, in statement order."""
    latest = MaturityReview.objects.for_institution(institution).first()
    if latest is None:
        return MaturityResponse.objects.none()
    return latest.responses.filter(marking=Marking.PRIORITY).select_related("statement", "review")


@dataclass(frozen=True)
class StatementRow:
    statement: MaturityStatement
    response: MaturityResponse | None
    wording: MaturityStatementText | None


def review_rows(review: MaturityReview) -> list[StatementRow]:
    """Every maturity statement with this review's response and the institution's wording."""
    responses = {response.statement_id: response for response in review.responses.all()}
    wording = {
        text.statement_id: text
        for text in MaturityStatementText.objects.for_institution(review.institution_id)
    }
    return [
        StatementRow(statement, responses.get(statement.pk), wording.get(statement.pk))
        for statement in MaturityStatement.objects.all()
    ]


def response_for(review: MaturityReview, statement: MaturityStatement) -> MaturityResponse:
    """The review's response to the statement, or a new unsaved one to fill in."""
    return MaturityResponse.objects.filter(
        review=review, statement=statement
    ).first() or MaturityResponse(review=review, statement=statement)


def statement_wording(
    institution: Institution, statement: MaturityStatement
) -> MaturityStatementText | None:
    """The institution's own wording of the statement, if it has one."""
    return MaturityStatementText.objects.filter(
        institution=institution, statement=statement
    ).first()


# --- Annual checklist -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistYear:
    academic_year: AcademicYear | None
    done: frozenset[int]

    @property
    def total(self) -> int:
        return len(self.done)

    @property
    def rag(self) -> Status:
        return rag_for_total(self.total)


def checklist_years(
    institution: Institution, academic_year: AcademicYear
) -> tuple[ChecklistYear, ChecklistYear | None]:
    """This year's checklist and last year's (None when last year was not filled in)."""
    lists = (
        AnnualChecklist.objects.for_institution(institution)
        .filter(
            academic_year__start_year__in=[academic_year.start_year, academic_year.start_year - 1]
        )
        .select_related("academic_year")
        .prefetch_related("items_done")
    )
    by_year = {
        checklist.academic_year.start_year: ChecklistYear(
            checklist.academic_year, frozenset(item.number for item in checklist.items_done.all())
        )
        for checklist in lists
    }
    this_year = by_year.get(academic_year.start_year) or ChecklistYear(academic_year, frozenset())
    return this_year, by_year.get(academic_year.start_year - 1)


def checklist_entries(institution: Institution, academic_year: AcademicYear) -> dict[int, object]:
    """The year's Kent grid by item number: planned, evidence and actions for next year."""
    entries = ChecklistEntry.objects.filter(
        checklist__institution=institution, checklist__academic_year=academic_year
    ).select_related("item")
    return {entry.item.number: entry for entry in entries}


def checklist_items() -> QuerySet[ChecklistItem]:
    """Every item of the annual checklist."""
    return ChecklistItem.objects.all()


def group_by_area(rows: Sequence[StatementRow]) -> dict[int, list[StatementRow]]:
    """The statement rows grouped by their area, in the order given."""
    grouped: dict[int, list[StatementRow]] = defaultdict(list)
    for row in rows:
        grouped[row.statement.area].append(row)
    return dict(grouped)


# --- For the plan pages ---------------------------------------------------------------------


def benchmarks_for_version(version: str) -> QuerySet[Benchmark]:
    """The eight benchmarks of one version of the framework, in number order."""
    return Benchmark.objects.filter(version=version).order_by("number")


def benchmark_numbers() -> dict[int, int]:
    """Each benchmark's number by its id, every version (to label a plan's history)."""
    return dict(Benchmark.objects.values_list("pk", "number"))


def maturity_responses() -> QuerySet[MaturityResponse]:
    """Maturity review responses with their statement and review (a plan action's source)."""
    return MaturityResponse.objects.select_related("statement", "review")


def criterion_answers() -> QuerySet[CriterionAnswer]:
    """Self-assessment answers with their benchmark and assessment (a plan action's source)."""
    return CriterionAnswer.objects.select_related("criterion__benchmark", "self_assessment")


# --- For encounters (the benchmarks an encounter evidences, the meaningful criteria) ------------


def benchmarks(**filters) -> QuerySet[Benchmark]:
    """Benchmarks matching `filters` (for example those an encounter can evidence), in order."""
    return Benchmark.objects.filter(**filters).order_by("version", "number")


def benchmark_titles(version: str = "2025") -> dict[int, str]:
    """Each benchmark's title by its number, as the reference data names it (one version)."""
    return dict(Benchmark.objects.filter(version=version).values_list("number", "title").order_by())


def meaningful_criteria() -> QuerySet[MeaningfulCriterion]:
    """The criteria that make an encounter meaningful for BM5, 6 and 7, in order."""
    return MeaningfulCriterion.objects.all()


def cdi_learning_areas() -> QuerySet[CdiLearningArea]:
    """The CDI framework's learning areas, in the framework's order."""
    return CdiLearningArea.objects.order_by("order", "stage")


def skills_builder_skills() -> QuerySet[SkillsBuilderSkill]:
    """The Skills Builder skills, in order."""
    return SkillsBuilderSkill.objects.all()

"""The Gatsby Benchmarks, self-assessments against them, the maturity review and the checklist.

Reference data (benchmarks and their criteria, the meaning of "meaningful", CDI learning areas,
Skills Builder skills, maturity statements, checklist items) ships in data migrations and is the
same for every institution. What an institution records (self-assessments, maturity reviews,
checklists, its own statement wording) is scoped with InstitutionQuerySet.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from careers_portal import rag
from careers_portal.schools.models import AcademicYear, Institution, InstitutionQuerySet


class Version(models.TextChoices):
    V2018 = "2018", "Gatsby Benchmarks 2018"
    V2025 = "2025", "Gatsby Benchmarks 2025"


class Audience(models.TextChoices):
    SCHOOL = "school", "Schools"
    COLLEGE = "college", "Colleges and independent training providers"


def audience_for(institution: Institution) -> str:
    """Which set of criteria an institution answers: colleges and ITPs have their own."""
    return Audience.COLLEGE if institution.is_college else Audience.SCHOOL


class AssessmentPartQuerySet(InstitutionQuerySet):
    institution_path = "self_assessment__institution"


class ReviewPartQuerySet(InstitutionQuerySet):
    institution_path = "review__institution"


# --- Reference data -------------------------------------------------------------------------


class Benchmark(models.Model):
    number = models.PositiveSmallIntegerField()
    version = models.CharField(max_length=4, choices=Version.choices)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="benchmark_unique_number"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=8), name="benchmark_number_1_to_8"
            ),
        ]

    def __str__(self) -> str:
        return f"Benchmark {self.number}: {self.title}"


class Criterion(models.Model):
    """One thing a benchmark asks of a school, or of a college or ITP."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="criteria")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    code = models.CharField(max_length=10, help_text="For example 8.2.")
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["benchmark__version", "benchmark__number", "audience", "order"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["benchmark", "audience", "code"], name="criterion_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class MeaningfulCriterion(models.Model):
    """What makes an encounter meaningful for benchmark 5, 6 or 7 (Gatsby 2025)."""

    benchmark_number = models.PositiveSmallIntegerField(choices=[(5, "5"), (6, "6"), (7, "7")])
    code = models.SlugField(max_length=30)
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["benchmark_number", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["benchmark_number", "code"], name="meaningful_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(benchmark_number__in=[5, 6, 7]), name="meaningful_for_5_6_7"
            ),
        ]

    def __str__(self) -> str:
        return f"BM{self.benchmark_number}: {self.text}"


class CdiLearningArea(models.Model):
    """A learning area of the CDI Career Development Framework at one stage."""

    class Stage(models.TextChoices):
        KS3 = "11-14", "Ages 11 to 14"
        KS4 = "14-16", "Ages 14 to 16"
        POST_16 = "post-16", "Post-16"

    code = models.SlugField(max_length=20)
    title = models.CharField(max_length=100)
    stage = models.CharField(max_length=10, choices=Stage.choices)
    description = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["code", "stage"], name="cdi_area_unique_stage")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_stage_display()})"


class SkillsBuilderSkill(models.Model):
    name = models.CharField(max_length=50, unique=True)
    description = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class MaturityStatement(models.Model):
    """A statement of the careers impact maturity model: code and title; the wording is the
    publisher's, so institutions paste their own (MaturityStatementText)."""

    code = models.CharField(max_length=5, unique=True, help_text="For example 1.2.")
    area = models.PositiveSmallIntegerField(help_text="The first part of the code.")
    title = models.CharField(max_length=120)
    heading = models.CharField(max_length=200, help_text="The longer heading, where there is one.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class MaturityStatementText(models.Model):
    """An institution's own full wording of a statement and its four levels."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="maturity_statement_texts"
    )
    statement = models.ForeignKey(MaturityStatement, on_delete=models.CASCADE, related_name="texts")
    text = models.TextField("full wording of the statement", blank=True)
    level_1 = models.TextField("what level 1 looks like", blank=True)
    level_2 = models.TextField("what level 2 looks like", blank=True)
    level_3 = models.TextField("what level 3 looks like", blank=True)
    level_4 = models.TextField("what level 4 looks like", blank=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["statement__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "statement"], name="statement_text_one_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.statement.code} wording for {self.institution}"

    @property
    def levels(self) -> list[str]:
        return [self.level_1, self.level_2, self.level_3, self.level_4]


class ChecklistItem(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    text = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=20), name="checklist_item_1_to_20"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


# --- Self-assessment ------------------------------------------------------------------------


class SelfAssessment(models.Model):
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="self_assessments"
    )
    assessed_on = models.DateField("date of the assessment")
    version = models.CharField(
        "framework version", max_length=4, choices=Version.choices, default=Version.V2025
    )
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.SCHOOL)
    participants = models.TextField(
        "who took part", blank=True, help_text="Names and roles, for example SR (careers leader)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"Self-assessment of {self.assessed_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("benchmarks:assessment_detail", args=[self.pk])


class AnswerStatus(models.TextChoices):
    MET = "met", "Met"
    IN_PROGRESS = "in_progress", "In progress"
    NOT_MET = "not_met", "Not met"


ANSWER_BADGES = {
    AnswerStatus.MET: rag.MET,
    AnswerStatus.IN_PROGRESS: rag.IN_PROGRESS,
    AnswerStatus.NOT_MET: rag.NOT_MET,
}


class CriterionAnswer(models.Model):
    """Our answer to one criterion in one self-assessment; a plan action may point at it."""

    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="answers"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="answers")
    status = models.CharField(max_length=12, choices=AnswerStatus.choices)
    evidence = models.TextField("evidence notes", blank=True)

    objects = AssessmentPartQuerySet.as_manager()

    class Meta:
        ordering = ["criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "criterion"], name="answer_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AnswerStatus.values), name="answer_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.get_status_display()}"

    @property
    def badge(self) -> rag.Status:
        """The answer in words and colour, from the app's one vocabulary."""
        return ANSWER_BADGES[self.status]

    @property
    def is_met(self) -> bool:
        return self.status == AnswerStatus.MET

    def clean(self) -> None:
        if not (self.self_assessment_id and self.criterion_id):
            return  # the missing field has its own "required" error
        assessment, criterion = self.self_assessment, self.criterion
        if criterion.benchmark.version != assessment.version:
            raise ValidationError(
                {
                    "criterion": (
                        f"Criterion {criterion.code} belongs to the {criterion.benchmark.version} "
                        f"benchmarks, but this self-assessment uses the {assessment.version} "
                        "ones. Answer the criteria of the same version."
                    )
                }
            )
        if criterion.audience != assessment.audience:
            raise ValidationError(
                {"criterion": f"Criterion {criterion.code} is not one this assessment answers."}
            )


class CompassScore(models.Model):
    """The official Compass percentage for one benchmark, kept beside our own score."""

    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="compass_scores"
    )
    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="+")
    percentage = models.PositiveSmallIntegerField()

    objects = AssessmentPartQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "benchmark"], name="compass_one_per_benchmark"
            ),
            models.CheckConstraint(
                condition=Q(percentage__gte=0, percentage__lte=100),
                name="compass_percentage_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"Compass BM{self.benchmark.number}: {self.percentage}%"

    def clean(self) -> None:
        if self.percentage is not None and not 0 <= self.percentage <= 100:
            raise ValidationError(
                {"percentage": "A Compass percentage is between 0 and 100. Check the figure."}
            )
        if not (self.benchmark_id and self.self_assessment_id):
            return
        if self.benchmark.version != self.self_assessment.version:
            raise ValidationError(
                {"benchmark": "This benchmark is from another version of the framework."}
            )


# --- Maturity review ------------------------------------------------------------------------


class MaturityReview(models.Model):
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="maturity_reviews"
    )
    reviewed_on = models.DateField("date of the review")
    participants = models.TextField("who took part", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"Maturity review of {self.reviewed_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("benchmarks:review_detail", args=[self.pk])


class Marking(models.TextChoices):
    NONE = "", "Neither"
    PRIORITY = "priority", "Priority action area"
    STRENGTH = "strength", "Area of strength"


class MaturityResponse(models.Model):
    """One statement answered in a review; a plan action may point at it (stable id)."""

    LEVELS = [(1, "Level 1"), (2, "Level 2"), (3, "Level 3"), (4, "Level 4")]

    review = models.ForeignKey(MaturityReview, on_delete=models.CASCADE, related_name="responses")
    statement = models.ForeignKey(
        MaturityStatement, on_delete=models.PROTECT, related_name="responses"
    )
    # A school often writes its next steps before it settles on a level: the level may wait.
    level = models.PositiveSmallIntegerField(
        "best-fit level", choices=LEVELS, null=True, blank=True
    )
    current_position = models.TextField(blank=True)
    actions_to_improve = models.TextField(blank=True)
    next_steps = models.TextField("next steps", blank=True)
    by_when_who = models.CharField(
        "by when / who", max_length=200, blank=True, help_text="For example HT3 - SR."
    )
    marking = models.CharField(max_length=10, choices=Marking.choices, blank=True, default="")

    objects = ReviewPartQuerySet.as_manager()

    class Meta:
        ordering = ["statement__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "statement"], name="maturity_response_one_per_statement"
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=4),
                name="maturity_level_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(marking__in=Marking.values), name="maturity_marking_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.level_words}"

    @property
    def level_words(self) -> str:
        """ "level 2 of 4", or "no level chosen yet" (next steps were written first)."""
        return f"level {self.level} of 4" if self.level else "no level chosen yet"

    @property
    def is_priority(self) -> bool:
        return self.marking == Marking.PRIORITY

    @property
    def is_strength(self) -> bool:
        return self.marking == Marking.STRENGTH


# --- Annual checklist -----------------------------------------------------------------------


def rag_for_total(total: int) -> rag.Status:
    """The checklist's band: 0-10 red, 11-15 amber, 16-20 green (the app's shared words)."""
    if not 0 <= total <= 20:
        raise ValueError(f"A checklist total is 0 to 20, not {total}.")
    if total <= 10:
        return rag.RED
    if total <= 15:
        return rag.AMBER
    return rag.GREEN


class AnnualChecklist(models.Model):
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="annual_checklists"
    )
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    items_done = models.ManyToManyField(ChecklistItem, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "academic_year"], name="checklist_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"Annual checklist {self.academic_year}"


class ChecklistEntry(models.Model):
    """The Kent grid for one checklist item in one year: what is planned, the evidence of it,
    and the actions for next year (seed 004's PLANNED, EVIDENCE, ACTIONS FOR NEXT YEAR)."""

    checklist = models.ForeignKey(AnnualChecklist, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    planned = models.TextField(blank=True, max_length=4000)
    evidence = models.TextField(blank=True, max_length=4000)
    actions_for_next_year = models.TextField("actions for next year", blank=True, max_length=4000)

    class Meta:
        ordering = ["checklist", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "item"], name="checklist_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.checklist.academic_year})"

    @property
    def is_empty(self) -> bool:
        return not (self.planned.strip() or self.evidence.strip() or self.actions_for_next_year)

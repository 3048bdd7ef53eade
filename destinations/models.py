"""Destinations: what learners hope for, intend, do on leaving and are still doing months later."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from careers_portal.schools.models import AcademicYear, InstitutionQuerySet, Learner


class Category(models.TextChoices):
    """Our destination categories (DOMAIN section 5), which the NCCIS codes map to."""

    SCHOOL_SIXTH_FORM = "school_sixth_form", "School sixth form"
    SIXTH_FORM_COLLEGE = "sixth_form_college", "Sixth-form college"
    FE_COLLEGE = "fe_college", "FE college"
    OTHER_FE = "other_fe", "Other FE or training provider"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"
    SUPPORTED_INTERNSHIP = "supported_internship", "Supported internship or traineeship"
    EMPLOYMENT_WITH_TRAINING = "employment_with_training", "Employment with training"
    EMPLOYMENT_WITHOUT_TRAINING = "employment_without_training", "Employment without training"
    HIGHER_EDUCATION = "higher_education", "Higher education"
    GAP_YEAR = "gap_year", "Gap year or volunteering"
    NEET = "neet", "NEET (not in education, employment or training)"
    UNKNOWN = "unknown", "Not known"
    OTHER = "other", "Other"


EDUCATION = frozenset(
    {
        Category.SCHOOL_SIXTH_FORM,
        Category.SIXTH_FORM_COLLEGE,
        Category.FE_COLLEGE,
        Category.OTHER_FE,
        Category.HIGHER_EDUCATION,
        Category.SUPPORTED_INTERNSHIP,
    }
)
EMPLOYMENT = frozenset({Category.EMPLOYMENT_WITH_TRAINING, Category.EMPLOYMENT_WITHOUT_TRAINING})
# In education, an apprenticeship, employment or training: the destination measures' "sustained".
PARTICIPATING = EDUCATION | EMPLOYMENT | {Category.APPRENTICESHIP}


class NccisCode(models.Model):
    """An NCCIS activity code as local authorities record it, with the category it maps to.

    Versioned by dates because the published lists disagree (550 is NEET in one, employment
    in another) and change: a record keeps its code, and the category comes from this table.
    """

    code = models.CharField(max_length=3)
    label = models.CharField(max_length=200)
    category = models.CharField(max_length=30, choices=Category.choices)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="nccis_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class DestinationRecordQuerySet(InstitutionQuerySet):
    institution_path = "learner__institution"


class DestinationRecord(models.Model):
    class Stage(models.TextChoices):
        ASPIRATION = "aspiration", "Aspiration"
        INTENDED = "intended", "Intended destination"
        ACTUAL = "actual", "Actual destination (on leaving)"
        SUSTAINED = "sustained", "Sustained check (October to March)"

    class Level(models.TextChoices):
        ENTRY = "entry", "Entry level"
        LEVEL_1 = "1", "Level 1"
        LEVEL_2 = "2", "Level 2"
        LEVEL_3 = "3", "Level 3"
        LEVEL_4 = "4", "Level 4 or higher"

    class Source(models.TextChoices):
        LEARNER = "learner", "The learner"
        MIS = "mis", "Our MIS"
        LOCAL_AUTHORITY = "la", "The local authority"

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="destinations")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    category = models.CharField(max_length=30, choices=Category.choices)
    nccis_code = models.CharField(
        "NCCIS activity code", max_length=3, blank=True, help_text="Where you know it."
    )
    provider = models.CharField(
        "provider or employer",
        max_length=200,
        blank=True,
        help_text="For example Leeds City College.",
    )
    level = models.CharField(max_length=5, choices=Level.choices, blank=True)
    date = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LEARNER)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = DestinationRecordQuerySet.as_manager()

    class Meta:
        ordering = ["academic_year", "stage"]
        constraints = [
            # One answer per learner, stage and year: recording again replaces it (and the
            # history keeps the old one), so an import run twice changes nothing.
            models.UniqueConstraint(
                fields=["learner", "academic_year", "stage"], name="destination_one_per_stage"
            ),
            models.CheckConstraint(condition=~Q(category=""), name="destination_has_a_category"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.get_category_display()}"


class ToConfirmQuerySet(InstitutionQuerySet):
    institution_path = "learner__institution"


class DestinationToConfirm(models.Model):
    """A Year 11 leaver whose actual destination is to be confirmed in the autumn, with what
    they intended when they left. Added when the new academic year starts; confirmed once an
    actual destination of that year is recorded (read from the records, never stored twice)."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="+")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    intended_category = models.CharField(max_length=30, choices=Category.choices, blank=True)
    intended_provider = models.CharField(max_length=200, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    objects = ToConfirmQuerySet.as_manager()

    class Meta:
        ordering = ["learner__last_name", "learner__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "academic_year"], name="destination_to_confirm_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner}: actual destination {self.academic_year} to confirm"

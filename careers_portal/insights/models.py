"""What insights stores: national reference figures, the local authority's NEET figure, the
measures of plan objectives, the annual impact reports with their downloads, and (in its own
module) the statutory careers page."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

# The careers page's model lives in its own module; importing it here registers it with the app.
from careers_portal import rag
from careers_portal.insights.careers_page_models import CareersPage  # noqa: F401
from careers_portal.schools.models import AcademicYear, Institution, InstitutionQuerySet

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class NationalFigure(models.Model):
    """The national average number of Gatsby Benchmarks fully met in one academic year
    (the Careers & Enterprise Company's annual report): reference data, a row a year."""

    academic_year = models.CharField(max_length=7, unique=True, help_text='For example "2024/25".')
    average_benchmarks_met = models.DecimalField(
        max_digits=3, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(8)]
    )
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["-academic_year"]

    def __str__(self) -> str:
        return f"{self.average_benchmarks_met} in {self.academic_year}"


class LocalNeetFigure(models.Model):
    """The local authority's NEET share for one year, entered by the careers leader, so
    governors compare the school's NEET with the area's."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    percent = models.DecimalField(
        "local authority NEET (%)", max_digits=4, decimal_places=1, validators=PERCENT
    )
    source = models.CharField(
        max_length=200, blank=True, help_text='For example "County council, NCCIS March 2026".'
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "academic_year"], name="local_neet_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.percent}% NEET in {self.academic_year}"


class MeasureQuerySet(InstitutionQuerySet):
    institution_path = "objective__plan__institution"


class Measure(models.Model):
    """A live figure an objective is measured by, from a baseline (value and date) to a target."""

    class Kind(models.TextChoices):
        BENCHMARK_SCORE = "benchmark_score", "A benchmark's score (criteria met)"
        COVERAGE = "coverage", "Coverage of a benchmark (share of learners meeting its rule)"
        DESTINATION = "destination", "A share of last year's leavers in a destination"
        SURVEY = "survey", "A survey question's share answering positively"

    objective = models.ForeignKey("plans.Objective", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    benchmark = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    year_group = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for every year group."
    )
    category = models.CharField("destination", max_length=40, blank=True)
    question = models.ForeignKey(
        "surveys.Question",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="An agreement question: the share answering 4 or 5.",
    )
    baseline_value = models.DecimalField(
        "baseline (%)", max_digits=4, decimal_places=1, validators=PERCENT
    )
    baseline_date = models.DateField("date of the baseline")
    target = models.DecimalField("target (%)", max_digits=4, decimal_places=1, validators=PERCENT)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["objective", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["benchmark_score", "coverage"]) | Q(benchmark__isnull=False),
                name="measure_benchmark_given",
            ),
            models.CheckConstraint(
                condition=~Q(kind="destination") | ~Q(category=""),
                name="measure_destination_given",
            ),
            models.CheckConstraint(
                condition=~Q(kind="survey") | Q(question__isnull=False),
                name="measure_question_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.objective}"

    def clean(self) -> None:
        if self.kind == self.Kind.COVERAGE and self.benchmark not in (None, 5, 6, 7, 8):
            raise ValidationError({"benchmark": "Coverage is measured for benchmarks 5 to 8."})


class ReportQuerySet(InstitutionQuerySet):
    def active(self):
        return self.filter(status__in=AnnualReport.ACTIVE)


class AnnualReport(models.Model):
    """One build of the annual impact report: recorded before it is queued, then built by a
    worker into a stored PDF. Earlier builds stay listed."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the builder"
        NOT_QUEUED = "not_queued", "Could not be queued"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    ACTIVE = (Status.QUEUED, Status.NOT_QUEUED, Status.BUILDING)

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=120, blank=True)
    reason = models.TextField(blank=True)
    file = models.FileField(upload_to="reports/", blank=True)
    size = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The 1 July build emails governors and SLT when it is ready; claimed once by notified_at.
    notify = models.BooleanField(default=False)
    notified_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year__start_year", "-requested_at", "-pk"]
        constraints = [
            # A second request while one is waiting or building joins it.
            models.UniqueConstraint(
                fields=["institution", "academic_year"],
                condition=Q(status__in=["queued", "not_queued", "building"]),
                name="annual_report_one_active",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="annual_report_progress_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"Annual impact report {self.academic_year} for {self.institution}"

    def get_absolute_url(self) -> str:
        return reverse("insights:reports")

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    # The pages ask the report what it is, in words and colour, never compare its status string.
    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def is_not_queued(self) -> bool:
        return self.status == self.Status.NOT_QUEUED

    @property
    def shown_status(self) -> rag.Status:
        """The status as the list shows it: ready green, refused or failed red, else blue."""
        if self.is_ready:
            colour = rag.Colour.GREEN
        elif self.is_failed or self.is_not_queued:
            colour = rag.Colour.RED
        else:
            colour = rag.Colour.BLUE
        return rag.Status(self.get_status_display(), colour)

    @property
    def filename(self) -> str:
        return f"careers-impact-report-{self.academic_year.start_year}.pdf"


class ReportDownloadQuerySet(InstitutionQuerySet):
    institution_path = "report__institution"


class ReportDownload(models.Model):
    """Who downloaded which report, when."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    objects = ReportDownloadQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} downloaded {self.report} at {self.at:%Y-%m-%d %H:%M}"

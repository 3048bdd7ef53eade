"""Trusts, institutions, their departments, the academic year and the learners on roll."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from careers_portal.schools.identifiers import uln_is_valid, upn_clean


class InstitutionQuerySet(models.QuerySet):
    """The one way to read rows that belong to an institution.

    Every institution-owned model uses this queryset (directly or through a subclass); the access
    helpers in accounts.permissions always start from `for_institution()`, and a test checks that
    no model with an institution foreign key goes without it.
    """

    institution_path = "institution"

    def for_institution(self, institution):
        return self.filter(**{self.institution_path: institution})


class Trust(models.Model):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Institution(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", "School"
        SPECIAL_SCHOOL = "special_school", "Special school"
        SIXTH_FORM = "sixth_form", "Sixth-form college"
        COLLEGE = "college", "FE college"
        ITP = "itp", "Independent training provider"

    class Phase(models.TextChoices):
        SECONDARY = "secondary", "Secondary (11-16)"
        SECONDARY_SIXTH = "secondary_sixth", "Secondary with sixth form (11-18)"
        POST_16 = "post_16", "Post-16"
        ALL_THROUGH = "all_through", "All-through"

    class SecondFactorPolicy(models.TextChoices):
        # Who must use two-step sign-in here; anyone may turn it on for themselves under any.
        # Which roles each choice covers is a rule of accounts.permissions.
        LEADERS_AND_SLT = "leaders_and_slt", "Careers leaders and senior leaders"
        EVERYONE = "everyone", "Everyone"
        OFF = "off", "Nobody has to (each person may turn it on)"

    name = models.CharField(max_length=200)
    trust = models.ForeignKey(
        Trust, null=True, blank=True, on_delete=models.SET_NULL, related_name="institutions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SCHOOL)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.SECONDARY_SIXTH)
    urn = models.CharField("URN", max_length=8, blank=True, help_text="Schools: the 6-digit URN.")
    ukprn = models.CharField(
        "UKPRN", max_length=8, blank=True, help_text="Colleges and ITPs: the 8-digit UKPRN."
    )
    lowest_year_group = models.PositiveSmallIntegerField(default=7)
    highest_year_group = models.PositiveSmallIntegerField(default=13)
    # On for the people who see learners' personal data unless the careers leader says otherwise,
    # as the DfE's cyber security standards for schools and colleges ask.
    second_factor_policy = models.CharField(
        "two-step sign-in required for",
        max_length=20,
        choices=SecondFactorPolicy.choices,
        default=SecondFactorPolicy.LEADERS_AND_SLT,
        # In the database too, so that a row written without it (a raw insert, an older
        # migration's model) is protected rather than refused.
        db_default=SecondFactorPolicy.LEADERS_AND_SLT,
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lowest_year_group__lte=models.F("highest_year_group")),
                name="institution_year_groups_in_order",
            ),
            models.UniqueConstraint(
                fields=["urn"], condition=~Q(urn=""), name="institution_unique_urn"
            ),
            models.UniqueConstraint(
                fields=["ukprn"], condition=~Q(ukprn=""), name="institution_unique_ukprn"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_college(self) -> bool:
        return self.kind in {self.Kind.COLLEGE, self.Kind.ITP, self.Kind.SIXTH_FORM}

    @property
    def year_groups(self) -> list[int]:
        return list(range(self.lowest_year_group, self.highest_year_group + 1))

    def clean(self) -> None:
        if self.urn and not (self.urn.isdigit() and len(self.urn) == 6):
            raise ValidationError({"urn": "A URN is 6 digits, for example 100000."})
        if self.ukprn and not (self.ukprn.isdigit() and len(self.ukprn) == 8):
            raise ValidationError({"ukprn": "A UKPRN is 8 digits starting with 1, e.g. 10001234."})


class Department(models.Model):
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(max_length=120)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class AcademicYearQuerySet(models.QuerySet):
    def containing(self, day: dt.date):
        return self.filter(start_date__lte=day, end_date__gte=day)


class AcademicYear(models.Model):
    """A September-to-August year such as "2025/26", the same for every institution.

    Its half terms are not: each institution may set its own dates (HalfTerm.institution), and
    every reader goes through `HalfTerm.objects.applying_to(institution)`.
    """

    start_year = models.PositiveSmallIntegerField(unique=True)
    start_date = models.DateField()
    end_date = models.DateField()

    objects = AcademicYearQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__lt=models.F("end_date")), name="academic_year_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @staticmethod
    def start_year_for(day: dt.date) -> int:
        return day.year if day.month >= 9 else day.year - 1

    def half_term_for(
        self, day: dt.date, institution: Institution | None = None
    ) -> HalfTerm | None:
        """The half term containing `day` by the institution's dates (England's without one)."""
        return (
            HalfTerm.objects.applying_to(institution)
            .filter(academic_year=self, start_date__lte=day, end_date__gte=day)
            .first()
        )


class HalfTermQuerySet(InstitutionQuerySet):
    def applying_to(self, institution: Institution | None):
        """The one lookup of half-term dates: an institution's own for a year where it set them,
        England's default (the rows without an institution) for every other year."""
        defaults = Q(institution__isnull=True)
        if institution is None:
            return self.filter(defaults)
        own_years = HalfTerm.objects.filter(institution=institution).values("academic_year")
        return self.filter(
            Q(institution=institution) | (defaults & ~Q(academic_year__in=own_years))
        )


class HalfTerm(models.Model):
    class Number(models.IntegerChoices):
        HT1 = 1, "HT1 (autumn 1)"
        HT2 = 2, "HT2 (autumn 2)"
        HT3 = 3, "HT3 (spring 1)"
        HT4 = 4, "HT4 (spring 2)"
        HT5 = 5, "HT5 (summer 1)"
        HT6 = 6, "HT6 (summer 2)"

    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.CASCADE, related_name="half_terms"
    )
    # Empty: England's default dates, which every institution starts from.
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.CASCADE, related_name="half_terms"
    )
    number = models.PositiveSmallIntegerField(choices=Number.choices)
    start_date = models.DateField()
    end_date = models.DateField()

    objects = HalfTermQuerySet.as_manager()

    class Meta:
        ordering = ["academic_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "number"],
                condition=Q(institution__isnull=True),
                name="half_term_unique_number",
            ),
            models.UniqueConstraint(
                fields=["institution", "academic_year", "number"],
                condition=Q(institution__isnull=False),
                name="half_term_unique_number_per_institution",
            ),
            models.CheckConstraint(
                condition=Q(start_date__lte=models.F("end_date")), name="half_term_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"HT{self.number} {self.academic_year.name}"


# On roll: not left and not anonymised. A Q, so a query can combine it with other conditions.
ON_ROLL = models.Q(date_of_leaving__isnull=True, anonymised_at__isnull=True)


class LearnerQuerySet(InstitutionQuerySet):
    def on_roll(self):
        return self.filter(ON_ROLL)

    def year_groups(self) -> set[int]:
        """The year groups these learners are in (one query). Without the default ordering:
        with it, DISTINCT would be over the names too, a row per learner."""
        return set(self.order_by().values_list("year_group", flat=True).distinct())


class Learner(models.Model):
    class Send(models.TextChoices):
        NONE = "N", "No special educational needs"
        SEN_SUPPORT = "K", "SEN support"
        EHCP = "E", "Education, health and care plan"

    class Gender(models.TextChoices):
        FEMALE = "F", "Female"
        MALE = "M", "Male"
        OTHER = "O", "Other or prefer not to say"

    YEAR_GROUPS = [(year, f"Year {year}") for year in range(7, 15)]
    YEAR_GROUP_NUMBERS = range(7, 15)

    # No index of its own: the (institution, year group) index and the identifiers' unique
    # indexes all begin with it, and each index is written for every learner an import adds.
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="learners", db_index=False
    )
    upn = models.CharField(
        "UPN", max_length=13, blank=True, help_text="Schools: the 13-character unique pupil number."
    )
    uln = models.CharField(
        "ULN", max_length=10, blank=True, help_text="Colleges: the 10-digit unique learner number."
    )
    mis_id = models.CharField(
        "MIS reference", max_length=30, blank=True, help_text="Your own learner reference."
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    # The local authority's destinations return asks for it.
    date_of_birth = models.DateField(null=True, blank=True)
    year_group = models.PositiveSmallIntegerField(choices=YEAR_GROUPS)
    # Tells apart two learners with the same name wherever they are listed.
    reg_group = models.CharField("registration group", max_length=20, blank=True)
    gender = models.CharField(max_length=1, choices=Gender.choices, blank=True)
    date_of_leaving = models.DateField(null=True, blank=True)
    planned_end_date = models.DateField(
        null=True, blank=True, help_text="Colleges: the planned end date of the study programme."
    )
    send = models.CharField("SEND", max_length=1, choices=Send.choices, default=Send.NONE)
    disadvantaged = models.BooleanField("disadvantaged (pupil premium)", default=False)
    looked_after = models.BooleanField(default=False)
    eal = models.BooleanField("EAL", default=False)
    young_carer = models.BooleanField(default=False)
    roni_score = models.PositiveSmallIntegerField(
        "RONI score", null=True, blank=True, help_text="Risk of NEET indicator, where you use one."
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = LearnerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["institution", "year_group"])]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "upn"], condition=~Q(upn=""), name="learner_unique_upn"
            ),
            models.UniqueConstraint(
                fields=["institution", "uln"], condition=~Q(uln=""), name="learner_unique_uln"
            ),
            models.UniqueConstraint(
                fields=["institution", "mis_id"],
                condition=~Q(mis_id=""),
                name="learner_unique_mis_id",
            ),
            models.CheckConstraint(
                condition=~Q(upn="", uln="", mis_id="") | Q(anonymised_at__isnull=False),
                name="learner_has_an_identifier",
            ),
            models.CheckConstraint(
                condition=Q(year_group__gte=7, year_group__lte=14), name="learner_year_group_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def cohort_flags(self) -> list[str]:
        flags = []
        if self.send != self.Send.NONE:
            flags.append(self.get_send_display())
        if self.disadvantaged:
            flags.append("Disadvantaged")
        if self.looked_after:
            flags.append("Looked after")
        if self.eal:
            flags.append("EAL")
        if self.young_carer:
            flags.append("Young carer")
        return flags

    def clean(self) -> None:
        errors = {}
        if self.upn:
            cleaned = upn_clean(self.upn)
            if cleaned:
                self.upn = cleaned
            else:
                errors["upn"] = (
                    "This is not a valid UPN: it has 13 characters, a check letter then 12 digits "
                    "(the last may be a letter). Check it against your MIS."
                )
        if self.uln and not (self.uln.isdigit() and len(self.uln) == 10):
            errors["uln"] = "A ULN is 10 digits. Check it against your MIS."
        elif self.uln and not uln_is_valid(self.uln):
            errors["uln"] = "This ULN's check digit is wrong: check it against your MIS."
        if not (self.upn or self.uln or self.mis_id):
            errors["mis_id"] = "Give at least one of UPN, ULN or your MIS reference."
        if errors:
            raise ValidationError(errors)


class LearnerImportMapping(models.Model):
    """How an institution's MIS export names its columns, saved so next month's file maps itself.

    `columns` maps a normalised heading (letters and digits, lower case) to one of our field names
    (or "" for a column to leave out), as the careers leader last confirmed it.
    """

    institution = models.OneToOneField(
        Institution, on_delete=models.CASCADE, related_name="learner_import_mapping"
    )
    columns = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InstitutionQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Learner import columns of {self.institution}"


class NewYearRun(models.Model):
    """An institution started an academic year: learners moved up once, and never twice."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="new_year_runs"
    )
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField()
    applied_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What it did, as the lines the careers leader read: [{"label", "count"}].
    summary = models.JSONField(default=list)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "academic_year"], name="new_year_run_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} started {self.academic_year}"


class ImportJob(models.Model):
    """A big import checked and applied by a Celery worker, and the page that follows it.

    One row per uploaded file: the status and the rows checked so far (written as the worker
    goes, outside the apply transaction, so the page's progress bar moves), the check's result
    for the page to show, then the outcome of applying. The file itself waits in storage under
    `upload_token` (careers_portal/uploads.py), never in this row or the session.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", "Checking"
        CHECKED = "checked", "Checked"
        APPLYING = "applying", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="import_jobs"
    )
    kind = models.CharField(max_length=30)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    upload_token = models.CharField(max_length=64, blank=True)
    upload_fmt = models.CharField(max_length=4, blank=True)
    options = models.JSONField(default=dict, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} import {self.pk} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, 100 * self.rows_done // self.rows_total)

    @property
    def working(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)

    # The page asks the job what it is doing, never compares status strings (tests/test_rag.py).
    @property
    def checking(self) -> bool:
        return self.status == self.Status.CHECKING

    @property
    def checked(self) -> bool:
        return self.status == self.Status.CHECKED

    @property
    def done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def failed(self) -> bool:
        return self.status == self.Status.FAILED

"""Organisations, the encounters learners have with them, and personal guidance meetings.

Benchmarks 4-8 are met one learner at a time: an encounter names the learners who took part
(EncounterLearner), and coverage (encounters.rules) counts, per year group and cohort, the learners
on roll meeting each benchmark's rule. Whether an encounter is meaningful for BM5/6/7 is stored
beside the criteria ticked (`meaningful_bm5` ...) so coverage is a plain indexed filter in SQL;
services.py keeps them in step whenever the criteria or benchmarks change.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from benchmarks.selectors import Benchmark, CdiLearningArea, MeaningfulCriterion, SkillsBuilderSkill
from careers_portal.schools.models import (
    AcademicYear,
    Department,
    HalfTerm,
    Institution,
    InstitutionQuerySet,
    Learner,
)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        EMPLOYER = "employer", "Employer"
        FE_COLLEGE = "fe_college", "FE college"
        SIXTH_FORM = "sixth_form", "Sixth form"
        UNIVERSITY = "university", "University"
        ITP = "itp", "Independent training provider"
        APPRENTICESHIP_PROVIDER = "apprenticeship_provider", "Apprenticeship provider"

    class Size(models.TextChoices):
        UNKNOWN = "", "Not known"
        MICRO = "micro", "Micro (1 to 9 people)"
        SMALL = "small", "Small (10 to 49)"
        MEDIUM = "medium", "Medium (50 to 249)"
        LARGE = "large", "Large (250 or more)"

    PROVIDER_KINDS = (Kind.FE_COLLEGE, Kind.SIXTH_FORM, Kind.ITP, Kind.APPRENTICESHIP_PROVIDER)

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.EMPLOYER)
    sector = models.CharField(
        max_length=100, blank=True, help_text="For example Health or Construction."
    )
    size = models.CharField(max_length=10, choices=Size.choices, blank=True, default="")
    self_employed = models.BooleanField("self-employed", default=False)
    approved_provider = models.BooleanField(
        "approved provider (PAL)",
        default=False,
        help_text="An approved provider of technical education or apprenticeships: its encounters "
        "in the school day count towards the Provider Access Legislation.",
    )
    contacts = models.TextField(blank=True, help_text="Names, emails and phone numbers.")

    history = HistoricalRecords()
    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "institution",
                Lower("name"),
                name="organisation_unique_name_per_institution",
                violation_error_message="This organisation is already in your list.",
            ),
            models.CheckConstraint(
                condition=Q(approved_provider=False) | ~Q(kind="employer"),
                name="organisation_approved_provider_is_a_provider",
                violation_error_message="Only providers of education or training can be approved "
                "providers. Choose the kind of provider, or untick 'approved provider'.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("encounters:organisation", args=[self.pk])


class OrganisationContactQuerySet(InstitutionQuerySet):
    def for_institution(self, institution):
        return self.filter(organisation__institution=institution)


class OrganisationContact(models.Model):
    """A person at an organisation, with an email address surveys can ask for feedback.

    The organisation's free-text `contacts` stays as it was written; these are the people.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contact_people"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    objects = OrganisationContactQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}" if self.role else self.name


# The relations whose changes an encounter's history keeps (who, when, what), beside its fields.
HISTORY_M2M_FIELDS = ["organisations", "benchmarks", "cdi_areas", "skills", "meaningful_criteria"]
# Kept by name so services.py can write one history record per change, after every relation is set.
ENCOUNTER_HISTORY = HistoricalRecords(m2m_fields=HISTORY_M2M_FIELDS)


# The benchmarks an encounter can evidence: 4 (curriculum) to 7, of the 2025 framework.
EVIDENCED_BENCHMARKS = {"version": "2025", "number__in": [4, 5, 6, 7]}


class EncounterQuerySet(InstitutionQuerySet):
    def pal(self):
        """Encounters that count for the Provider Access Legislation."""
        return self.filter(
            is_pal=True,
            in_school_day=True,
            organisations__approved_provider=True,
        ).distinct()


class Encounter(models.Model):
    class Kind(models.TextChoices):
        EMPLOYER_TALK = "employer_talk", "Employer talk"
        CAREERS_FAIR = "careers_fair", "Careers fair"
        MENTORING = "mentoring", "Mentoring"
        ENTERPRISE_CHALLENGE = "enterprise_challenge", "Enterprise challenge"
        WORKPLACE_VISIT = "workplace_visit", "Workplace visit"
        WORK_EXPERIENCE = "work_experience", "Work experience"
        JOB_SHADOWING = "job_shadowing", "Job shadowing"
        VIRTUAL_PLACEMENT = "virtual_placement", "Virtual work placement"
        PROVIDER_TALK = "provider_talk", "Provider talk"
        PROVIDER_VISIT = "provider_visit", "Provider visit"
        PROVIDER_TASTER = "provider_taster", "Provider taster"
        HE_VISIT = "he_visit", "Higher education visit"
        CURRICULUM_LINK = "curriculum_link", "Curriculum link"
        # The taught and whole-school parts of a careers programme, planned and logged too.
        CAREERS_LESSON = "careers_lesson", "Careers lesson"
        PSHE_UNIT = "pshe_unit", "PSHE unit"
        ASSEMBLY = "assembly", "Assembly"
        TUTOR_TIME = "tutor_time", "Tutor-time session"
        OPTIONS = "options", "Options event"
        PARENTS_EVENING = "parents_evening", "Parents' evening"

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="encounters"
    )
    title = models.CharField("what happened", max_length=200)
    date = models.DateField()
    in_school_day = models.BooleanField("in the school day", default=True)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="encounters"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="encounters")
    # Relations to benchmarks' reference data by name: this app reads benchmarks only through
    # benchmarks/selectors.py.
    benchmarks = models.ManyToManyField(
        "benchmarks.Benchmark",
        blank=True,
        related_name="+",
        verbose_name="benchmarks it evidences",
        limit_choices_to=EVIDENCED_BENCHMARKS,
    )
    purpose = models.TextField(blank=True)
    cdi_areas = models.ManyToManyField(
        "benchmarks.CdiLearningArea",
        blank=True,
        related_name="+",
        verbose_name="CDI learning areas",
    )
    skills = models.ManyToManyField(
        "benchmarks.SkillsBuilderSkill",
        blank=True,
        related_name="+",
        verbose_name="Skills Builder skills",
    )
    year_groups = models.JSONField(default=list, blank=True)
    learners = models.ManyToManyField(
        Learner, through="EncounterLearner", blank=True, related_name="encounters"
    )
    meaningful_criteria = models.ManyToManyField(
        "benchmarks.MeaningfulCriterion",
        blank=True,
        related_name="+",
        verbose_name="meaningful criteria met",
    )
    # Kept in step by services.encounter_refresh_meaningful(): all criteria of that benchmark met
    # and the benchmark evidenced.
    meaningful_bm5 = models.BooleanField(default=False, editable=False)
    meaningful_bm6 = models.BooleanField(default=False, editable=False)
    meaningful_bm7 = models.BooleanField(default=False, editable=False)
    is_pal = models.BooleanField("counts for the Provider Access Legislation (PAL)", default=False)
    reflections = models.TextField(blank=True)
    employer_feedback = models.TextField(blank=True)
    # The activity of the careers programme this encounter delivers (planned against delivered).
    planned_activity = models.ForeignKey(
        "PlannedActivity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="encounters",
        verbose_name="planned activity it delivers",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Optimistic lock (careers_portal.locking): moves on with every save.
    version = models.PositiveIntegerField(default=1)

    history = ENCOUNTER_HISTORY
    objects = EncounterQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["institution", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_pal=False) | Q(in_school_day=True),
                name="encounter_pal_in_school_day",
                violation_error_message="Only encounters in the school day count for PAL. "
                "Untick PAL, or tick 'in the school day'.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%-d %B %Y})" if self.date else self.title

    def get_absolute_url(self) -> str:
        return reverse("encounters:detail", args=[self.pk])

    @property
    def year_groups_label(self) -> str:
        return ", ".join(f"Y{year}" for year in sorted(self.year_groups)) or "None"


class EncounterLearnerQuerySet(InstitutionQuerySet):
    institution_path = "encounter__institution"


class EncounterLearner(models.Model):
    encounter = models.ForeignKey(Encounter, on_delete=models.CASCADE, related_name="attendance")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="attendance")

    objects = EncounterLearnerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["encounter", "learner"], name="encounter_learner_once")
        ]
        indexes = [models.Index(fields=["learner", "encounter"])]

    def __str__(self) -> str:
        return f"{self.learner_id} at {self.encounter_id}"


class AttendanceChangeQuerySet(InstitutionQuerySet):
    institution_path = "encounter__institution"


class AttendanceChange(models.Model):
    """History of who took part: one row per change, however many learners it adds or removes.

    Logging an encounter for a year group writes one row ("added 300 learners of Year 9"), not one
    per learner, so logging stays a fixed number of queries; an individual added or removed names
    the learner.
    """

    class Action(models.TextChoices):
        ADDED = "added", "Added"
        REMOVED = "removed", "Removed"

    encounter = models.ForeignKey(
        Encounter, on_delete=models.CASCADE, related_name="attendance_changes"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    count = models.PositiveIntegerField()
    learner = models.ForeignKey(
        Learner, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    year_groups = models.JSONField(default=list, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    objects = AttendanceChangeQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["encounter", "changed_at"])]

    def __str__(self) -> str:
        return self.summary

    @property
    def summary(self) -> str:
        if self.learner_id is not None and self.count == 1:
            who = f"{self.learner.first_name} {self.learner.last_name}"
        else:
            who = f"{self.count} learner{'s' if self.count != 1 else ''}"
            if self.year_groups:
                who += " of " + ", ".join(f"Year {year}" for year in sorted(self.year_groups))
        return f"{self.get_action_display()} {who}"


class GuidanceMeetingQuerySet(InstitutionQuerySet):
    institution_path = "learner__institution"


class GuidanceMeeting(models.Model):
    """Benchmark 8: a personal guidance meeting with a careers adviser."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="guidance_meetings")
    date = models.DateField()
    adviser_name = models.CharField("adviser", max_length=120)
    adviser_level6 = models.BooleanField("adviser qualified to level 6 or above", default=False)
    follow_up = models.TextField("follow-up", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = GuidanceMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        # BM8's rules ask for a learner's meetings in a date range (coverage, a learner's record).
        indexes = [models.Index(fields=["learner", "date"])]

    def __str__(self) -> str:
        return f"Guidance meeting on {self.date:%-d %B %Y}"


# --- The careers programme: what is planned before anything is logged ------------------------


class PlannedActivityQuerySet(InstitutionQuerySet):
    pass


class PlannedActivity(models.Model):
    """One activity of an institution's careers programme for one academic year.

    It sits in a cell of the learning journey (its year groups, or a pathway such as a SEND
    pathway or a college programme area, by its half term) and is delivered by the encounters
    that name it. Copying into the next year makes a new row pointing at this one
    (`carried_from`); the delivery (encounters) stays with this year's row.
    """

    Kind = Encounter.Kind
    MONTHS = [
        (n, dt.date(2000, n, 1).strftime("%B")) for n in (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)
    ]

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="planned_activities"
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="planned_activities"
    )
    title = models.CharField(
        max_length=200, help_text="For example: Year 7 careers lesson: me and my future."
    )
    year_groups = models.JSONField(default=list, blank=True)
    pathway = models.CharField(
        max_length=100,
        blank=True,
        help_text="Instead of year groups, or beside them: a SEND pathway or a college programme "
        "area, for example 'Pathway 2 (semi-formal)' or 'Health and social care'.",
    )
    half_term = models.PositiveSmallIntegerField(choices=HalfTerm.Number.choices)
    month = models.PositiveSmallIntegerField(
        choices=MONTHS,
        null=True,
        blank=True,
        help_text="When you know the month, it is due by the end of that month.",
    )
    kind = models.CharField(max_length=30, choices=Encounter.Kind.choices)
    benchmarks = models.ManyToManyField(
        Benchmark,
        blank=True,
        related_name="+",
        verbose_name="Gatsby benchmarks it serves",
        limit_choices_to={"version": "2025"},
    )
    learning_outcome = models.TextField(
        "learning outcome",
        blank=True,
        help_text="What learners will know or be able to do afterwards.",
    )
    cdi_areas = models.ManyToManyField(
        CdiLearningArea, blank=True, related_name="+", verbose_name="CDI learning areas"
    )
    skills = models.ManyToManyField(
        SkillsBuilderSkill, blank=True, related_name="+", verbose_name="Skills Builder skills"
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_activities",
        help_text="The department that delivers it; its careers champions log it.",
    )
    lead = models.CharField(
        "who delivers it",
        max_length=200,
        blank=True,
        help_text="A person or a team, for example 'Form tutors' or 'Ms Patel'.",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_activities",
        help_text="An employer or provider who delivers it.",
    )
    meaningful_criteria = models.ManyToManyField(
        MeaningfulCriterion,
        blank=True,
        related_name="+",
        verbose_name="meaningful criteria it plans to meet",
    )
    is_pal = models.BooleanField("a Provider Access Legislation (PAL) encounter", default=False)
    order = models.PositiveIntegerField(default=0)
    carried_from = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Optimistic lock (careers_portal.locking): moves on with every save.
    version = models.PositiveIntegerField(default=1)

    objects = PlannedActivityQuerySet.as_manager()

    class Meta:
        ordering = ["half_term", "order", "pk"]
        verbose_name_plural = "planned activities"
        indexes = [models.Index(fields=["institution", "academic_year", "half_term"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(half_term__gte=1, half_term__lte=6),
                name="planned_activity_half_term_1_to_6",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("encounters:activity", args=[self.pk])

    @property
    def who_label(self) -> str:
        """Year groups, then the pathway: 'Y7, Y8' or 'Pathway 2' or 'Y12 (Health and care)'."""
        years = ", ".join(f"Y{year}" for year in sorted(self.year_groups))
        if years and self.pathway:
            return f"{years} ({self.pathway})"
        return years or self.pathway or "No year group"

    @property
    def when_label(self) -> str:
        label = (
            HalfTerm.Number(self.half_term).label
            if self.half_term in HalfTerm.Number.values
            else ""
        )
        if self.month:
            return f"{dt.date(2000, self.month, 1):%B}, {label}"
        return label

    def clean(self) -> None:
        if not self.year_groups and not self.pathway.strip():
            raise ValidationError(
                {"year_groups": "Choose the year groups it is for, or name a pathway."}
            )
        if self.institution_id and self.year_groups:
            offered = set(self.institution.year_groups)
            outside = sorted(set(self.year_groups) - offered)
            if outside:
                names = ", ".join(f"Year {year}" for year in outside)
                raise ValidationError(
                    {"year_groups": f"{names} is not a year group you teach. Untick it."}
                )
        if self.month and self.half_term and self.month not in MONTHS_OF_HALF_TERM[self.half_term]:
            raise ValidationError(
                {
                    "month": f"{dt.date(2000, self.month, 1):%B} is not in "
                    f"{HalfTerm.Number(self.half_term).label}. Choose another month, or leave "
                    "it blank."
                }
            )


# The months each half term can fall in (a half term's first and last months vary by school).
MONTHS_OF_HALF_TERM = {
    1: {9, 10},
    2: {10, 11, 12},
    3: {1, 2},
    4: {2, 3, 4},
    5: {4, 5, 6},
    6: {6, 7, 8},
}


class KeptCoverage(models.Model):
    """When an institution's kept coverage counts (KeptCoverageGroup) were last made right.

    `as_of` is the day the counts were computed for; None when a write outside the services made
    them stale. The coverage page reads the kept counts only when `as_of` is today; otherwise it
    rebuilds them first (encounters.kept). The row is also the lock that serialises rebuilds.
    """

    institution = models.OneToOneField(
        Institution, on_delete=models.CASCADE, primary_key=True, related_name="kept_coverage"
    )
    as_of = models.DateField(null=True, blank=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    objects = InstitutionQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Coverage of {self.institution_id} as of {self.as_of}"


class KeptCoverageGroup(models.Model):
    """The coverage counts of one group of learners on roll (rules.coverage_groups, kept).

    One row per year group and cohort flags (at most a few hundred per institution, whatever its
    size): how many are on roll and how many meet BM5-8's rules on KeptCoverage.as_of. Written
    only by encounters.kept, in the transaction of the write that changed them.
    """

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="kept_coverage_groups"
    )
    year_group = models.PositiveSmallIntegerField()
    send = models.CharField(max_length=1)
    disadvantaged = models.BooleanField()
    looked_after = models.BooleanField()
    gender = models.CharField(max_length=1, blank=True)
    total = models.PositiveIntegerField()
    bm5 = models.PositiveIntegerField()
    bm6 = models.PositiveIntegerField()
    bm7 = models.PositiveIntegerField()
    bm8 = models.PositiveIntegerField()

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "institution",
                    "year_group",
                    "send",
                    "disadvantaged",
                    "looked_after",
                    "gender",
                ],
                name="kept_coverage_group_once",
            )
        ]

    def __str__(self) -> str:
        return f"Year {self.year_group} of {self.institution_id}: {self.total}"

"""The Strategic Careers Plan: vision, current state, SWOT, objectives, actions, reviews."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from benchmarks.selectors import Version
from careers_portal.rag import Colour, Status
from careers_portal.schools.models import HalfTerm, Institution, InstitutionQuerySet
from plans import due, rules

# The Gatsby Benchmarks were revised in 2025: plans starting from then link to the 2025 ones.
BENCHMARKS_2025_FROM_YEAR = 2025


def benchmark_version_for(start_year: int) -> str:
    """The version of the Gatsby Benchmarks a plan starting in `start_year` works with."""
    return Version.V2025 if start_year >= BENCHMARKS_2025_FROM_YEAR else Version.V2018


def _names_period(title: str, start: int, end: int) -> bool:
    """Whether `title` already says the period: 2025-2028, 2025-28, 2025/28, 2025 to 2028,
    with a hyphen or an en or em dash."""
    ends = f"(?:{end}|{end % 100:02d})"
    return re.search(rf"\b{start}\s*(?:-|\u2013|\u2014|/|to)\s*{ends}\b", title) is not None


STATUS_SET_BY_SERVICES = (
    "A plan's status changes only when SLT and governors approve it or it is archived."
)


class StrategicPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        ARCHIVED = "archived", "Archived"

    class ReviewFrequency(models.TextChoices):
        ANNUALLY = "annually", "Annually"
        TERMLY = "termly", "Termly"
        HALF_TERMLY = "half_termly", "Every half term"

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="strategic_plans"
    )
    title = models.CharField(max_length=200, default="Strategic Careers Plan")
    start_year = models.PositiveSmallIntegerField(
        help_text="The year the plan starts, for example 2025 for a plan running 2025-2028."
    )
    end_year = models.PositiveSmallIntegerField(
        help_text="The year the plan ends, for example 2028."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    slt_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    slt_approved_at = models.DateTimeField(null=True, blank=True)
    governors_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    governors_approved_at = models.DateTimeField(null=True, blank=True)
    next_review_date = models.DateField(null=True, blank=True)
    review_frequency = models.CharField(
        max_length=12, choices=ReviewFrequency.choices, default=ReviewFrequency.ANNUALLY
    )

    # Vision
    careers_vision = models.TextField("careers vision statement", blank=True)
    institution_vision = models.TextField("your institution's vision statement", blank=True)
    comments_slt = models.TextField("SLT comments", blank=True)
    comments_governor = models.TextField("link governor comments", blank=True)
    comments_enterprise_adviser = models.TextField("enterprise adviser comments", blank=True)
    comments_parents = models.TextField("parent voice", blank=True)
    comments_students = models.TextField("student voice", blank=True)
    comments_staff = models.TextField("staff voice", blank=True)

    # Current state
    compass_score = models.TextField("Compass score", blank=True)
    priority_benchmarks = models.TextField("priority benchmarks", blank=True)
    destinations_summary = models.TextField("destinations data", blank=True)
    lmi_context = models.TextField("labour market (LMI): local and regional context", blank=True)
    vulnerable_cohorts = models.TextField("vulnerable cohorts and gaps in outcomes", blank=True)

    owner_line = models.CharField(
        "plan owner",
        max_length=200,
        blank=True,
        help_text='Who owns the plan, for example "Quality of Education Manager".',
    )
    key_priority_areas = models.TextField(
        "key priority areas from the SWOT",
        blank=True,
        help_text="One priority area a line.",
    )
    # Optimistic lock (careers_portal.locking): moves on with every save.
    version = models.PositiveIntegerField(default=1)

    # The written sections, by page: their forms edit these, and a plan copied forward keeps them.
    VISION_FIELDS = (
        "careers_vision",
        "institution_vision",
        "comments_slt",
        "comments_governor",
        "comments_enterprise_adviser",
        "comments_parents",
        "comments_students",
        "comments_staff",
    )
    CURRENT_STATE_FIELDS = (
        "compass_score",
        "priority_benchmarks",
        "destinations_summary",
        "lmi_context",
        "vulnerable_cohorts",
    )

    history = HistoricalRecords()
    objects = InstitutionQuerySet.as_manager()

    # The status says what SLT and governors did: only the approval and archive services
    # (plans.services) change it, by setting this for the one save that does. Any other save
    # leaves the stored status alone and refuses an edited one, so no form, admin page or
    # import can mark a plan approved.
    _status_change_allowed = False

    class Meta:
        ordering = ["-start_year", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=F("end_year")), name="plan_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding and not self._status_change_allowed:
            stored = getattr(self, "_stored_status", None)
            if stored is not None and self.status != stored:
                raise ValidationError({"status": STATUS_SET_BY_SERVICES})
            if kwargs.get("update_fields") is None:
                # A copy loaded before an approval must not write the old status back.
                kwargs["update_fields"] = [
                    f.name
                    for f in self._meta.concrete_fields
                    if not f.primary_key and f.name != "status"
                ]
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._stored_status = self.__dict__.get("status")

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED

    @property
    def display_title(self) -> str:
        """The title as typed, with the period after it unless the title already gives it.

        "Strategic Careers Plan (2025-2028)", typed so (with any dash), stays as it is;
        "Strategic Careers Plan" shows as "Strategic Careers Plan (2025-2028)".
        """
        title = self.title.strip()
        if (
            self.start_year
            and self.end_year
            and _names_period(title, self.start_year, self.end_year)
        ):
            return title
        return f"{title} ({self.period})"

    @property
    def status_badge(self) -> Status:
        """The plan's status in words and colour, from the app's one vocabulary."""
        return PLAN_STATUS_BADGES[self.status]

    @property
    def period(self) -> str:
        return f"{self.start_year}-{self.end_year}"

    @property
    def starts_on(self) -> dt.date:
        """Plans follow the academic year: a 2025-2028 plan starts on 1 September 2025."""
        return dt.date(self.start_year, 9, 1)

    @property
    def ends_on(self) -> dt.date:
        return dt.date(self.end_year, 8, 31)

    @property
    def benchmark_version(self) -> str:
        return benchmark_version_for(self.start_year)

    @property
    def priority_area_list(self) -> list[str]:
        lines = self.key_priority_areas.splitlines()
        return [line.strip(" -•\t") for line in lines if line.strip()]

    def check_dated_and_owned(
        self, errors: dict[str, str], *, owner_id: int | None = None, **dates: dt.date | None
    ) -> None:
        """Add to `errors` the dates (by field name) before the plan starts, and an owner who
        does not work at the institution: the rule objectives, actions and milestones share."""
        for field, day in dates.items():
            if day and day < self.starts_on:
                what = field.replace("_", " ")
                errors[field] = (
                    f"The {what} is before the plan starts ({self.starts_on:%-d %B %Y}). "
                    "Choose a later date."
                )
        if (
            owner_id
            and not self.institution.memberships.filter(user_id=owner_id, is_active=True).exists()
        ):
            errors["owner"] = f"Choose someone who works at {self.institution}."

    def clean(self) -> None:
        if not self.title.strip():
            raise ValidationError({"title": "Enter a title, for example Strategic Careers Plan."})
        if self.start_year and not 2000 <= self.start_year <= 2100:
            raise ValidationError({"start_year": "Enter the year the plan starts, like 2025."})
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": "The plan must end in or after the year it starts."})


PLAN_STATUS_BADGES = {
    StrategicPlan.Status.DRAFT: Status("Draft", Colour.BLUE),
    StrategicPlan.Status.APPROVED: Status("Approved", Colour.GREEN),
    StrategicPlan.Status.ARCHIVED: Status("Archived", Colour.GREY),
}


class SwotItemQuerySet(InstitutionQuerySet):
    institution_path = "plan__institution"


class SwotItem(models.Model):
    class Quadrant(models.TextChoices):
        STRENGTH = "strength", "Strengths"
        WEAKNESS = "weakness", "Weaknesses"
        OPPORTUNITY = "opportunity", "Opportunities"
        THREAT = "threat", "Threats"

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="swot_items")
    quadrant = models.CharField(max_length=12, choices=Quadrant.choices)
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)
    # Optimistic lock (careers_portal.locking): moves on with every save.
    version = models.PositiveIntegerField(default=1)

    objects = SwotItemQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "quadrant", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    def clean(self) -> None:
        if not self.text.strip():
            raise ValidationError({"text": "Enter the text of the item."})


class ObjectiveQuerySet(InstitutionQuerySet):
    institution_path = "plan__institution"


class Objective(models.Model):
    class Scope(models.TextChoices):
        CAREERS_PROVISION = "careers_provision", "Careers provision"
        WHOLE_INSTITUTION = "whole_institution", "Whole school or college"

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="objectives")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    problem = models.TextField("the problem", blank=True, help_text="What are you trying to solve?")
    strategic_objective = models.TextField(
        blank=True, help_text="What would solve the problem, and by when?"
    )
    outcomes = models.TextField("outcomes", blank=True, help_text="What would success look like?")
    target_date = models.DateField(null=True, blank=True)
    responsible = models.CharField(
        max_length=300,
        blank=True,
        help_text="Teams or roles responsible for its actions, unless an action names its own.",
    )
    # Relations to benchmarks' reference data by name: plans reads benchmarks only through
    # benchmarks/selectors.py.
    benchmarks = models.ManyToManyField(
        "benchmarks.Benchmark",
        blank=True,
        related_name="plan_objectives",
        verbose_name="linked Gatsby Benchmarks",
        help_text="The Gatsby Benchmarks this objective works on.",
    )
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.CAREERS_PROVISION)
    # Optimistic lock (careers_portal.locking): moves on with every save.
    version = models.PositiveIntegerField(default=1)

    # The linked benchmarks are part of the objective's history too.
    history = HistoricalRecords(m2m_fields=[benchmarks])
    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="objective_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.title.strip():
            errors["title"] = "Enter a title for the objective."
        if self.plan_id:
            self.plan.check_dated_and_owned(errors, target_date=self.target_date)
        if errors:
            raise ValidationError(errors)


class _OwnedWork:
    """Actions and milestones: an owner who has left (membership deactivated) stays on the work
    they owned, shown as "left", and the work stays editable; only a newly chosen owner must
    work at the institution."""

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded_owner_id = instance.__dict__.get("owner_id")
        return instance

    def _new_owner_id(self) -> int | None:
        """The owner to check: none when the owner is the one already stored."""
        if self.owner_id and self.owner_id == getattr(self, "_loaded_owner_id", None):
            return None
        return self.owner_id

    @property
    def owner_left(self) -> bool:
        """Whether the owner has left; selectors annotate `owner_active` (else assumed not)."""
        return bool(self.owner_id) and getattr(self, "owner_active", True) is False

    @property
    def owner_display(self) -> str:
        if not self.owner_id:
            return ""
        return f"{self.owner} (left)" if self.owner_left else str(self.owner)


class _DueWork:
    """Actions and milestones are due on a day, in a month (stored as its last day with
    `due_is_month`) or in a half term (due at its end): plans.due."""

    @property
    def due_on(self) -> dt.date | None:
        """The day the work is due by: the date (a month's last day), else the half term's end."""
        if self.due_date:
            return self.due_date
        return self.half_term.end_date if self.half_term_id else None

    @property
    def due_label(self) -> str:
        """ "3 March 2026", "December 2025", "HT3 2026/27", or "" (no date)."""
        return due.label(
            due_date=self.due_date,
            due_is_month=self.due_is_month,
            half_term=self.half_term if self.half_term_id else None,
        )

    def _clean_due(self, errors: dict[str, str]) -> None:
        if self.due_date and self.half_term_id:
            errors["half_term"] = (
                "Give one due date: a day, a month or a half term, not both a date and a half term."
            )
        if (
            self.due_is_month
            and self.due_date
            and self.due_date != due.month_end(self.due_date.year, self.due_date.month)
        ):
            self.due_date = due.month_end(self.due_date.year, self.due_date.month)
        if self.half_term_id and self.objective_id:
            plan = self.objective.plan
            if not (
                plan.starts_on <= self.half_term.end_date
                and self.half_term.start_date <= plan.ends_on
            ):
                errors["half_term"] = (
                    f"{self.half_term} is outside the plan ({plan.period}): choose a half term "
                    "of the plan's years."
                )


class ActionQuerySet(InstitutionQuerySet):
    institution_path = "objective__plan__institution"


class Action(_DueWork, _OwnedWork, models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        BLOCKED = "blocked", "Blocked"

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    is_cpd = models.BooleanField("CPD", default=False, help_text="Staff training (CPD).")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions",
        help_text="The person who gets reminders and updates progress.",
    )
    responsible = models.CharField(
        max_length=300, blank=True, help_text='Teams or roles, for example "HR".'
    )
    due_date = models.DateField(null=True, blank=True)
    # The due date gives a month ("December 2025"), stored as its last day.
    due_is_month = models.BooleanField(default=False)
    half_term = models.ForeignKey(
        HalfTerm, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    progress_notes = models.TextField(blank=True)
    evidence_links = models.TextField(blank=True, help_text="Links or notes, one a line.")
    carried_over = models.BooleanField(default=False)
    # Where the action came from: a priority of a maturity review, or a criterion not yet met.
    from_maturity_response = models.ForeignKey(
        "benchmarks.MaturityResponse",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions",
        verbose_name="from maturity review statement",
    )
    from_criterion_answer = models.ForeignKey(
        "benchmarks.CriterionAnswer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions",
        verbose_name="from self-assessment criterion",
    )
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["objective__number", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_maturity_response__isnull=True)
                | Q(from_criterion_answer__isnull=True),
                name="action_one_source",
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def rag(self) -> Status:
        """Today's status; pages that list many actions set it once (selectors) instead."""
        if "_rag" not in self.__dict__:
            self._rag = rules.action_rag(self, timezone.localdate())
        return self._rag

    @rag.setter
    def rag(self, value: Status) -> None:
        self._rag = value

    @property
    def status_note(self) -> str:
        """The action's own status, when its RAG says something else ("Overdue": "In progress")."""
        own = self.get_status_display()
        return "" if own == self.rag.label else own

    @property
    def responsible_shown(self) -> str:
        """The action's own responsible text, else its objective's (written once per priority)."""
        return self.responsible or (self.objective.responsible if self.objective_id else "")

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.description.strip():
            errors["description"] = "Describe the action."
        self._clean_due(errors)
        if self.objective_id:
            self.objective.plan.check_dated_and_owned(
                errors, due_date=self.due_date, owner_id=self._new_owner_id()
            )
        if errors:
            raise ValidationError(errors)


class MilestoneQuerySet(InstitutionQuerySet):
    institution_path = "objective__plan__institution"


class Milestone(_DueWork, _OwnedWork, models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="milestones")
    # The action of the objective the milestone marks (optional).
    action = models.ForeignKey(
        Action,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
        verbose_name="action it belongs to",
    )
    title = models.CharField(max_length=300)
    due_date = models.DateField(null=True, blank=True)
    due_is_month = models.BooleanField(default=False)
    half_term = models.ForeignKey(
        HalfTerm, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A milestone that recurs each year in a month ("by July each year") is one row per academic
    # year of the plan, each with its own done date; the rows share `series`.
    series = models.UUIDField(null=True, blank=True, editable=False)
    done_date = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_milestones",
    )
    responsible = models.CharField(
        max_length=300, blank=True, help_text='Teams or roles, for example "Data Coordinators".'
    )
    # Optimistic lock (careers_portal.locking): moves on with every save.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["objective__number", "due_date", "pk"]
        constraints = [
            # One row of a recurring milestone per month it is due in: carrying it into a new
            # year twice cannot make two.
            models.UniqueConstraint(
                fields=["series", "due_date"],
                condition=Q(series__isnull=False),
                name="milestone_series_once_a_year",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def recurs(self) -> bool:
        return self.series is not None

    @staticmethod
    def new_series() -> uuid.UUID:
        return uuid.uuid4()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.title.strip():
            errors["title"] = "Enter what the milestone is."
        self._clean_due(errors)
        if self.action_id and self.objective_id and self.action.objective_id != self.objective_id:
            errors["action"] = (
                f"Choose one of the actions of priority {self.objective.number}: that action "
                "belongs to another priority."
            )
        if self.series is not None and not (self.due_is_month and self.due_date):
            errors["due_date"] = (
                "A milestone that recurs each year needs the month it is due, for example July."
            )
        if self.objective_id:
            self.objective.plan.check_dated_and_owned(
                errors, due_date=self.due_date, owner_id=self._new_owner_id()
            )
        if errors:
            raise ValidationError(errors)


class ReviewQuerySet(InstitutionQuerySet):
    institution_path = "plan__institution"


class Review(models.Model):
    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField()
    findings = models.TextField(help_text="What worked, what did not, and why.")
    adjustments = models.TextField(blank=True, help_text="Changes made to the plan.")
    actions_for_next_year = models.TextField(
        blank=True, help_text="One action a line: they come along when the plan is copied forward."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-date", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.date:%-d %B %Y}"

    @property
    def next_year_list(self) -> list[str]:
        return [
            line.strip(" -•\t") for line in self.actions_for_next_year.splitlines() if line.strip()
        ]


class PlanApprovalQuerySet(InstitutionQuerySet):
    institution_path = "plan__institution"


def _approval_pdf_path(approval: PlanApproval, filename: str) -> str:
    return f"plans/approvals/{approval.plan_id}/{filename}"


class PlanApproval(models.Model):
    """One approval of one version of the plan, by SLT or the governors: who, when, an optional
    comment, the structured snapshot of what was approved and the PDF of it as approved."""

    class By(models.TextChoices):
        SLT = "slt", "Senior leadership team"
        GOVERNORS = "governors", "Governors"

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="approvals")
    kind = models.CharField(max_length=10, choices=By.choices)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField()
    # Version 1 is the first content approved; a later approval of unchanged content keeps the
    # number, one of changed content takes the next.
    content_version = models.PositiveIntegerField()
    comment = models.TextField(blank=True, max_length=2000)
    snapshot = models.JSONField()
    pdf = models.FileField(upload_to=_approval_pdf_path, blank=True)

    objects = PlanApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-approved_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} approved version {self.content_version}"


class ApprovalRequestQuerySet(InstitutionQuerySet):
    institution_path = "plan__institution"


class ApprovalRequest(models.Model):
    """The careers leader asking SLT and governors to approve the plan as it is now."""

    plan = models.ForeignKey(
        StrategicPlan, on_delete=models.CASCADE, related_name="approval_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)

    objects = ApprovalRequestQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Approval asked on {self.requested_at:%-d %B %Y}"


class ApprovalRequestRecipient(models.Model):
    """One person asked; `sent_at` is set by the one send that emails them (never twice)."""

    request = models.ForeignKey(
        ApprovalRequest, on_delete=models.CASCADE, related_name="recipients"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=PlanApproval.By.choices)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="approval_request_once")
        ]

    def __str__(self) -> str:
        return str(self.user)


class ReminderDigest(models.Model):
    """The sent-log of the daily reminders: one row per person and day (DOMAIN section 6).

    A run inserts the row (the claim) with what the digest says before sending it, and sets
    `sent_at` once the mail server has accepted it. The unique key is what keeps a second run
    of the same day from sending again; a row whose send was cut short (the worker died) has no
    `sent_at` and the next run sends it (plans.reminders)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_digests"
    )
    day = models.DateField()
    items = models.JSONField(default=list)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="reminder_digest_once_a_day")
        ]
        indexes = [models.Index(fields=["day", "sent_at"], name="reminder_digest_day_sent")]

    def __str__(self) -> str:
        return f"Reminders for {self.user} on {self.day:%-d %B %Y}"


class ReminderPreference(models.Model):
    """A person's choice about the daily reminders email; no row means they get it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    digests = models.BooleanField(
        "send me the daily reminders email",
        default=True,
        help_text="One email on the mornings something of yours is due in 7 days, due "
        "tomorrow or (on Mondays) overdue.",
    )
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: reminders {'on' if self.digests else 'off'}"

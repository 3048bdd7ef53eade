"""Surveys: questions asked of learners, parents, staff, employers, advisers and governors.

People outside the app answer through a single-use link (an Invitation's token) or an open link,
never with an account. A learner survey is either linked to the learner (career readiness over
the years) or anonymous: an anonymous Response keeps no link to the learner or the invitation,
only the year group and cohort flags copied when the invitation was made.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from benchmarks.selectors import Benchmark, CdiLearningArea, SkillsBuilderSkill
from careers_portal.schools.models import AcademicYear, Institution, InstitutionQuerySet, Learner


def new_token() -> str:
    """A link token nobody can guess (about 190 bits), short enough to print and to type."""
    return secrets.token_urlsafe(24)


class Audience(models.TextChoices):
    LEARNERS = "learners", "Learners"
    PARENTS = "parents", "Parents and carers"
    STAFF = "staff", "Staff"
    EMPLOYERS = "employers", "Employers"
    ADVISERS = "advisers", "Careers advisers"
    GOVERNORS = "governors", "Governors"


class Purpose(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    ANNUAL = "annual", "Annual"
    ENCOUNTER = "encounter", "After an encounter"
    READINESS = "readiness", "Career readiness"


class SurveyQuerySet(InstitutionQuerySet):
    pass


class Survey(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="surveys")
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    introduction = models.TextField(
        blank=True, help_text="What respondents read first: why you ask and how answers are used."
    )
    anonymous = models.BooleanField(
        default=True,
        help_text=(
            "Anonymous: answers keep only the year group and cohort, never who answered. "
            "Linked: a learner's answers are kept with their record, to follow them over the years."
        ),
    )
    opens_on = models.DateField()
    closes_on = models.DateField()
    # The survey this one repeats: results compare question by question with it.
    baseline = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats"
    )
    # After an encounter: the encounter asked about (its page shows the answers).
    encounter = models.ForeignKey(
        "encounters.Encounter",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
    )
    open_token = models.CharField(max_length=64, unique=True, null=True, blank=True, default=None)
    # How many responses the kept tallies (ResponseTally, surveys/tallies.py) count; None when
    # they are not built or were made stale by a write outside the services.
    tallied_responses = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("closes_on")), name="survey_opens_before_close"
            ),
            # Only learner surveys can be linked to the learner.
            models.CheckConstraint(
                condition=Q(anonymous=True) | Q(audience="learners"),
                name="survey_linked_only_for_learners",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.pk])

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.opens_on > self.closes_on:
            raise ValidationError({"closes_on": "The survey must close on or after it opens."})
        if not self.anonymous and self.audience != Audience.LEARNERS:
            raise ValidationError(
                {"anonymous": "Only a learner survey can keep answers with the learner."}
            )
        if self.baseline_id and self.baseline_id == self.pk:
            raise ValidationError({"baseline": "A survey cannot be its own baseline."})


class SectionQuerySet(InstitutionQuerySet):
    def for_institution(self, institution):
        return self.filter(survey__institution=institution)


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class QuestionQuerySet(InstitutionQuerySet):
    def for_institution(self, institution):
        return self.filter(section__survey__institution=institution)


class Question(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", "Agreement scale (1 to 5)"
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        NUMBER = "number", "Number"
        TEXT = "text", "Free text"

    # The agreement scale, 1 to 5; 4 and 5 count as agreeing.
    SCALE = [
        (1, "Strongly disagree"),
        (2, "Disagree"),
        (3, "Neither agree nor disagree"),
        (4, "Agree"),
        (5, "Strongly agree"),
    ]
    AGREEING = (4, 5)

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.AGREEMENT)
    choices = models.JSONField(
        default=list, blank=True, help_text="Single and multiple choice: the options, in order."
    )
    required = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    benchmark = models.ForeignKey(
        Benchmark, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cdi_area = models.ForeignKey(
        CdiLearningArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="CDI learning area",
    )
    skill = models.ForeignKey(
        SkillsBuilderSkill,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Skills Builder skill",
    )
    # The same question in the baseline survey, for change from baseline.
    baseline_question = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats"
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["section__order", "section_id", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    # An option is counted by its text in the kept tallies' unique index (ResponseTally).
    LONGEST_OPTION = 200

    def clean(self) -> None:
        if self.pk is not None:
            kind_before = Question.objects.filter(pk=self.pk).values_list("kind", flat=True).first()
            if kind_before and kind_before != self.kind and self.answers.exists():
                # The answers given are of the old kind: they would not read as the new one.
                raise ValidationError(
                    {
                        "kind": "People have answered this question, so its kind cannot change: "
                        "add a new question of the kind you want instead."
                    }
                )
        if self.has_choices:
            options = [c for c in (self.choices or []) if str(c).strip()]
            if len(options) < 2:
                raise ValidationError({"choices": "Give at least two options, one a line."})
            too_long = next((c for c in options if len(str(c)) > self.LONGEST_OPTION), None)
            if too_long is not None:
                raise ValidationError(
                    {
                        "choices": f"Keep each option to {self.LONGEST_OPTION} characters or "
                        f"fewer: “{str(too_long)[:40]}…” is {len(str(too_long))}."
                    }
                )
        elif self.choices:
            self.choices = []


class InvitationQuerySet(InstitutionQuerySet):
    def for_institution(self, institution):
        return self.filter(survey__institution=institution)


class Invitation(models.Model):
    """A single-use link for one person: a learner (printed), or someone emailed."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    learner = models.ForeignKey(
        Learner, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Someone emailed. A learner's name is never copied here: it is read from the learner, so
    # anonymising the learner (careers_portal/schools/services.py) leaves nothing naming them.
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    # Copied from the learner when the invitation is made, so anonymous answers still break down.
    year_group = models.PositiveSmallIntegerField(null=True, blank=True)
    send = models.BooleanField("SEND", default=False)
    disadvantaged = models.BooleanField(default=False)
    gender = models.CharField(max_length=1, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["year_group", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "learner"],
                condition=Q(learner__isnull=False),
                name="invitation_once_per_learner",
            ),
            models.UniqueConstraint(
                fields=["survey", "email"], condition=~Q(email=""), name="invitation_once_per_email"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or f"Invitation {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:answer", args=[self.token])

    @property
    def display_name(self) -> str:
        """Who the link is for: the learner as they are now, or the person emailed."""
        if self.learner_id:
            return self.learner.full_name
        return self.name or self.email


class ResponseQuerySet(InstitutionQuerySet):
    def for_institution(self, institution):
        return self.filter(survey__institution=institution)


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Only for a linked learner survey; an anonymous response keeps neither.
    learner = models.ForeignKey(
        Learner, null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_responses"
    )
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    year_group = models.PositiveSmallIntegerField(null=True, blank=True)
    send = models.BooleanField("SEND", default=False)
    disadvantaged = models.BooleanField(default=False)
    gender = models.CharField(max_length=1, blank=True)
    via_open_link = models.BooleanField(default=False)
    submitted_at = models.DateTimeField()

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["survey", "submitted_at"])]

    def __str__(self) -> str:
        return f"Response to {self.survey} at {self.submitted_at:%Y-%m-%d %H:%M}"

    def take_group_from(self, invitation: Invitation) -> None:
        """Copy the invitation's year group and cohort flags, so that an anonymous answer still
        counts in its year group and cohort; a survey kept with the learner also keeps who."""
        self.year_group = invitation.year_group
        self.send = invitation.send
        self.disadvantaged = invitation.disadvantaged
        self.gender = invitation.gender
        if not self.survey.anonymous:
            self.learner_id = invitation.learner_id
            self.invitation = invitation


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # Agreement (1-5) and number questions.
    number = models.IntegerField(null=True, blank=True)
    # Free text, and the option of a single choice.
    text = models.TextField(blank=True)
    # The options of a multiple choice.
    options = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_once_per_question"
            )
        ]
        indexes = [
            models.Index(fields=["question", "number"]),
            # The latest written answers of a question, read a page at a time.
            models.Index(fields=["question", "-id"], name="answer_latest_per_question"),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}"


class ResponseTallyQuerySet(InstitutionQuerySet):
    def for_institution(self, institution):
        return self.filter(survey__institution=institution)


class ResponseTally(models.Model):
    """Kept counts of a survey's answers, by respondent group, question and value.

    What the results page reads (surveys/tallies.py), so that its cost does not grow with the
    answers: a few rows per question and group, whatever the number of respondents. The group is
    the response's year group (0 when not known), SEND, disadvantaged and gender. The value is
    `number` for agreement and number questions; `option` for single and multiple choice (one row
    per option chosen, and for multiple choice a row with option "" counting those who answered);
    for free text one row with option "" counting the written answers.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    year_group = models.PositiveSmallIntegerField(default=0)
    send = models.BooleanField("SEND", default=False)
    disadvantaged = models.BooleanField(default=False)
    gender = models.CharField(max_length=1, blank=True, default="")
    number = models.IntegerField(default=0)
    option = models.TextField(blank=True, default="")
    n = models.PositiveIntegerField(default=0)

    objects = ResponseTallyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "question",
                    "year_group",
                    "send",
                    "disadvantaged",
                    "gender",
                    "number",
                    "option",
                ],
                name="tally_once_per_group_and_value",
            )
        ]

    def __str__(self) -> str:
        return f"{self.n} for question {self.question_id}"

"""Forms for the plan: input shape only; the rules live in the models and services."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from benchmarks import selectors as benchmark_selectors
from benchmarks.selectors import Benchmark
from careers_portal.accounts.models import User
from careers_portal.locking import VersionedModelForm
from careers_portal.schools.models import HalfTerm
from plans import due
from plans.models import (
    Action,
    Milestone,
    Objective,
    Review,
    StrategicPlan,
    SwotItem,
)
from plans.selectors import departed_owners, plan_half_terms, plan_people

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class="btn-lg"))
    return helper


def _style(form: forms.Form) -> None:
    """Bootstrap classes for forms rendered field by field (without crispy)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


class _OwnerChoice(forms.ModelChoiceField):
    left: frozenset[int] = frozenset()

    def label_from_instance(self, user) -> str:
        return f"{user} (left)" if user.pk in self.left else str(user)


def _owner_field(
    plan: StrategicPlan, label: str = "Owner", *, current_id: int | None = None
) -> forms.ModelChoiceField:
    """Who may own the work: the institution's active people, and the current owner even when
    they have left (shown "left"), so the work stays editable without reassigning it."""
    people = plan_people(plan)
    queryset = people
    left: frozenset[int] = frozenset()
    if current_id and not people.filter(pk=current_id).exists():
        queryset = (people | User.objects.filter(pk=current_id)).distinct()
        left = frozenset({current_id})
    field = _OwnerChoice(
        queryset=queryset,
        required=False,
        label=label,
        help_text="Someone at your institution who gets reminders and updates progress.",
        error_messages={
            "invalid_choice": f"Choose someone who works at {plan.institution}: that person "
            "is not one of your institution's users."
        },
    )
    field.left = left
    return field


class _HalfTermChoice(forms.ModelChoiceField):
    def label_from_instance(self, half_term: HalfTerm) -> str:
        return f"{half_term.get_number_display()} {half_term.academic_year.name}"


ONE_DUE = "Give one due date: a day, a month or a half term, not more than one."


class DueFields:
    """A due date as real plans give it: a day, a month ("December 2025") or a half term of the
    plan's years (plans.due). Cleaning leaves the model's own fields (`due_date`, `due_is_month`,
    `half_term`) in cleaned_data and on the instance; `due_month` is the form's only."""

    recurring = False  # a milestone that recurs each year needs only a month

    def add_due_fields(self, plan: StrategicPlan, *, instance=None) -> None:
        self.fields["due_date"] = forms.DateField(
            required=False,
            widget=DATE,
            label="Due date",
            help_text="A day, or give a month or a half term below.",
            error_messages={"invalid": "Enter a date, like 3 March 2027."},
        )
        self.fields["due_month"] = forms.CharField(
            required=False,
            max_length=40,
            label="Due month",
            help_text='Or a month, for example "December 2025": due by the end of the month.',
        )
        self.fields["half_term"] = _HalfTermChoice(
            queryset=plan_half_terms(plan),
            required=False,
            label="Due half term",
            empty_label="No half term",
            help_text=f"Or a half term of the plan's years ({plan.period}): due by its end.",
            error_messages={"invalid_choice": "Choose one of the half terms listed."},
        )
        if instance is not None and instance.due_is_month and instance.due_date:
            self.initial["due_month"] = f"{instance.due_date:%B %Y}"
            self.initial["due_date"] = None

    def clean_due(self, cleaned: dict) -> None:
        day, month_text = cleaned.get("due_date"), cleaned.pop("due_month", "").strip()
        half_term = cleaned.get("half_term")
        if sum(bool(x) for x in (day, month_text, half_term)) > 1:
            self.add_error("due_month", ONE_DUE)
            return
        cleaned["due_is_month"] = False
        if month_text:
            try:
                month, year = due.parse_month(month_text, year_needed=not self.recurring)
            except due.MonthError as error:
                self.add_error(
                    "due_month", f'{error} Enter a month and year, for example "December 2025".'
                )
                return
            if year is None:  # a recurring milestone: the plan's first year with that month
                plan_start = self.due_plan.start_year
                year = due.month_in_academic_year(plan_start, month)
            cleaned["due_date"] = due.month_end(year, month)
            cleaned["due_is_month"] = True
        instance = getattr(self, "instance", None)
        if instance is not None:
            instance.due_is_month = cleaned["due_is_month"]


class PlanCreateForm(forms.ModelForm):
    copy_from = forms.ModelChoiceField(
        queryset=StrategicPlan.objects.none(),
        required=False,
        label="Start from",
        empty_label="A blank plan",
        help_text="Copying a previous plan brings its unfinished actions and milestones, and the "
        "last review's actions for next year, marked as carried over.",
    )

    class Meta:
        model = StrategicPlan
        fields = [
            "title",
            "start_year",
            "end_year",
            "review_frequency",
            "next_review_date",
            "owner_line",
        ]
        widgets = {"next_review_date": DATE}

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.departed: dict[int, object] = {}
        self.instance.institution = institution
        self.fields["copy_from"].queryset = StrategicPlan.objects.for_institution(institution)
        self.fields["title"].error_messages["required"] = (
            "Enter a title, for example Strategic Careers Plan."
        )
        # Someone who left owns unfinished work: who takes it on in the new plan?
        for person in departed_owners(institution):
            self.fields[f"reassign_{person.pk}"] = _OwnerChoice(
                queryset=User.objects.filter(
                    memberships__institution=institution, memberships__is_active=True
                ).order_by("first_name", "last_name", "email"),
                required=False,
                label=f"Unfinished work of {person} (left)",
                empty_label="Nobody yet: carry it over without an owner",
                help_text=f"{person} no longer works here. Choose who takes on their unfinished "
                "actions and milestones when the plan is copied forward.",
                error_messages={"invalid_choice": f"Choose someone who works at {institution}."},
            )
            self.departed[person.pk] = person
        self.helper = _helper("Create the plan")

    def reassignments(self) -> dict[int, object]:
        """Departed owner's id -> the person taking on their work (None: carried unowned)."""
        return {pk: self.cleaned_data.get(f"reassign_{pk}") for pk in self.departed}

    def model_data(self) -> dict:
        """The plan's own fields, without the copy choices."""
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k != "copy_from" and not k.startswith("reassign_")
        }


class PlanDetailsForm(VersionedModelForm):
    class Meta:
        model = StrategicPlan
        fields = [
            "title",
            "start_year",
            "end_year",
            "review_frequency",
            "next_review_date",
            "owner_line",
        ]
        widgets = {"next_review_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = (
            "Enter a title, for example Strategic Careers Plan."
        )
        self.helper = _helper("Save plan details")


TEXT = forms.Textarea(attrs={"rows": 3})


class VisionForm(VersionedModelForm):
    class Meta:
        model = StrategicPlan
        fields = StrategicPlan.VISION_FIELDS
        widgets = dict.fromkeys(fields, TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save vision")


class CurrentStateForm(VersionedModelForm):
    class Meta:
        model = StrategicPlan
        fields = StrategicPlan.CURRENT_STATE_FIELDS
        widgets = dict.fromkeys(fields, TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save current state")


class KeyPrioritiesForm(VersionedModelForm):
    class Meta:
        model = StrategicPlan
        fields = ["key_priority_areas"]
        widgets = {"key_priority_areas": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save key priority areas")


class SwotItemForm(forms.Form):
    quadrant = forms.ChoiceField(choices=SwotItem.Quadrant.choices, widget=forms.HiddenInput)
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the text of the item before adding it."},
    )


class SwotTextForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the text of the item, or remove the item."},
    )
    # The item's version when the editor opened it (careers_portal.locking).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class BenchmarksField(forms.ModelMultipleChoiceField):
    """Checkboxes "1 A stable careers programme" ... for the plan's version of the benchmarks."""

    def __init__(self, *, version: str, **kwargs):
        super().__init__(
            queryset=benchmark_selectors.benchmarks_for_version(version),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": "Choose from the eight Gatsby Benchmarks listed.",
                "invalid_pk_value": "Choose from the eight Gatsby Benchmarks listed.",
            },
            **kwargs,
        )

    def label_from_instance(self, benchmark: Benchmark) -> str:
        return f"{benchmark.number} {benchmark.title}"


class ObjectiveForm(VersionedModelForm):
    class Meta:
        model = Objective
        fields = [
            "number",
            "title",
            "scope",
            "problem",
            "strategic_objective",
            "outcomes",
            "target_date",
            "responsible",
            "benchmarks",
        ]
        widgets = {
            "target_date": DATE,
            "problem": TEXT,
            "strategic_objective": TEXT,
            "outcomes": TEXT,
            "scope": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["benchmarks"] = BenchmarksField(
            version=self.instance.plan.benchmark_version,
            label="Linked Gatsby Benchmarks",
            help_text=f"The Gatsby Benchmarks ({self.instance.plan.benchmark_version}) this "
            "objective works on.",
        )
        self.fields["number"].required = False
        self.fields["number"].help_text = "Leave empty to number it after the last one."
        self.fields["title"].error_messages["required"] = "Enter a title for the objective."
        self.helper = _helper("Save objective")

    def clean_number(self):
        number = self.cleaned_data.get("number")
        plan = self.instance.plan
        if number and plan.objectives.exclude(pk=self.instance.pk).filter(number=number).exists():
            raise forms.ValidationError(f"Objective {number} already exists: choose another.")
        return number


class ActionForm(DueFields, VersionedModelForm):
    class Meta:
        model = Action
        fields = [
            "description",
            "is_cpd",
            "owner",
            "responsible",
            "due_date",
            "half_term",
            "status",
            "progress_notes",
            "evidence_links",
        ]
        widgets = {
            "description": TEXT,
            "due_date": DATE,
            "progress_notes": TEXT,
            "evidence_links": TEXT,
        }
        labels = {"is_cpd": "This action is staff training (CPD)"}
        help_texts = {"is_cpd": ""}

    def __init__(self, *args, plan: StrategicPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _owner_field(plan, current_id=self.instance.owner_id)
        self.fields["description"].error_messages["required"] = "Describe the action."
        self.due_plan = plan
        self.add_due_fields(plan, instance=self.instance)
        self.order_fields(
            [
                "description",
                "is_cpd",
                "owner",
                "responsible",
                "due_date",
                "due_month",
                "half_term",
            ]
        )
        self.helper = _helper("Save action")

    def clean(self):
        cleaned = super().clean()
        self.clean_due(cleaned)
        return cleaned


class ActionProgressForm(VersionedModelForm):
    """What an owner changes from "My actions": status and progress notes."""

    class Meta:
        model = Action
        fields = ["status", "progress_notes", "evidence_links"]
        widgets = {"progress_notes": TEXT, "evidence_links": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        self.helper = _helper("Save progress")


class _ActionChoice(forms.ModelChoiceField):
    def label_from_instance(self, action: Action) -> str:
        text = " ".join(action.description.split())
        return text if len(text) <= 90 else text[:89].rstrip() + "…"


class MilestoneForm(DueFields, VersionedModelForm):
    recurs_each_year = forms.BooleanField(
        required=False,
        label="It recurs each year in this month",
        help_text='For example "Annual review by July each year": one milestone for each year '
        "of the plan, each with its own done date. Give the month above (the year is not needed).",
    )

    class Meta:
        model = Milestone
        fields = ["title", "action", "owner", "responsible", "due_date", "half_term", "done_date"]
        widgets = {"due_date": DATE, "done_date": DATE}
        labels = {"done_date": "Done on"}

    def __init__(self, *args, plan: StrategicPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.due_plan = plan
        self.fields["owner"] = _owner_field(plan, current_id=self.instance.owner_id)
        self.fields["title"].error_messages["required"] = "Enter what the milestone is."
        self.fields["action"] = _ActionChoice(
            queryset=self.instance.objective.actions.order_by("order", "pk"),
            required=False,
            label="Action it belongs to (optional)",
            empty_label="The priority as a whole",
            help_text="The action of this priority the milestone marks, if one.",
            error_messages={"invalid_choice": "Choose one of this priority's actions."},
        )
        self.add_due_fields(plan, instance=self.instance)
        if self.instance.pk:
            del self.fields["recurs_each_year"]  # each year's row is edited on its own
        self.order_fields(
            [
                "title",
                "action",
                "owner",
                "responsible",
                "due_date",
                "due_month",
                "recurs_each_year",
                "half_term",
                "done_date",
            ]
        )
        self.helper = _helper("Save milestone")

    def clean(self):
        cleaned = super().clean()
        self.recurring = bool(cleaned.pop("recurs_each_year", False))
        if self.recurring and not (self.data.get(self.add_prefix("due_month")) or "").strip():
            self.add_error("due_month", "Give the month it recurs in each year, for example July.")
            return cleaned
        self.clean_due(cleaned)
        if self.recurring:
            self.instance.series = Milestone.new_series()
        return cleaned

    def model_data(self) -> dict:
        return {k: v for k, v in super().model_data().items() if k != "recurs_each_year"}


class MilestoneDoneForm(VersionedModelForm):
    class Meta:
        model = Milestone
        fields = ["done_date"]
        widgets = {"done_date": DATE}
        labels = {"done_date": "Done on"}
        help_texts = {"done_date": "Leave empty if it is not done yet."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ApprovalForm(forms.Form):
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text="Kept with your approval in the plan's history.",
        error_messages={"max_length": "Keep the comment to 2,000 characters or fewer."},
    )


class ReviewForm(forms.ModelForm):
    next_review_date = forms.DateField(required=False, widget=DATE)

    class Meta:
        model = Review
        fields = ["date", "findings", "adjustments", "actions_for_next_year"]
        widgets = {
            "date": DATE,
            "findings": forms.Textarea(attrs={"rows": 5}),
            "adjustments": TEXT,
            "actions_for_next_year": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].error_messages["required"] = (
            "Write what the review found, even briefly."
        )
        self.helper = _helper("Record the review")


class ActionFilterForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=None, required=False, empty_label="Anyone")
    status = forms.ChoiceField(choices=[("", "Any status"), *Action.Status.choices], required=False)
    objective = forms.ModelChoiceField(queryset=None, required=False, empty_label="All objectives")
    overdue = forms.BooleanField(required=False, label="Only overdue actions")

    def __init__(self, *args, plan: StrategicPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = plan_people(plan)
        self.fields["objective"].queryset = plan.objectives.all()
        _style(self)


class _ObjectiveChoice(forms.ModelChoiceField):
    def label_from_instance(self, objective: Objective) -> str:
        return f"Priority {objective.number}: {objective.title}"


class ActionFromPriorityForm(DueFields, forms.Form):
    """One step from a maturity priority (or a criterion not met) to a plan action."""

    objective = _ObjectiveChoice(
        queryset=Objective.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Objective it belongs to",
        error_messages={
            "required": "Choose the objective the action belongs to.",
            "invalid_choice": "Choose one of your current plan's objectives.",
        },
    )
    description = forms.CharField(
        label="The action",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="We copied it from the review: change it to what you will do.",
        error_messages={"required": "Describe the action."},
    )
    responsible = forms.CharField(
        required=False,
        max_length=300,
        label="Responsible",
        help_text='Who does it, as the review says, for example "SR".',
    )

    def __init__(self, *args, plan: StrategicPlan, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives
        self.fields["owner"] = _owner_field(plan)
        self.due_plan = plan
        self.add_due_fields(plan)
        self.order_fields(
            ["objective", "description", "owner", "responsible", "due_date", "due_month"]
        )
        self.helper = _helper("Add to the plan")
        # Our own error messages say what to fix; the browser's would not.
        self.helper.attrs = {"novalidate": ""}

    def clean(self):
        cleaned = super().clean()
        self.clean_due(cleaned)
        return cleaned


class ReminderPreferenceForm(forms.Form):
    """On or off for the daily reminders email."""

    digests = forms.TypedChoiceField(
        label="Daily reminders email",
        choices=[
            ("yes", "Yes, email me when something of mine is due or overdue"),
            ("no", "No, do not email me reminders"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you want the daily reminders email."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save")

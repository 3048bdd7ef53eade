from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from benchmarks.models import (
    AnswerStatus,
    Criterion,
    CriterionAnswer,
    Marking,
    MaturityResponse,
    MaturityStatementText,
    Version,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AssessmentStartForm(forms.Form):
    assessed_on = forms.DateField(label="Date of the assessment", widget=DATE_WIDGET)
    version = forms.ChoiceField(
        label="Which version of the benchmarks?",
        choices=Version.choices,
        initial=Version.V2025,
        widget=forms.RadioSelect,
        help_text="The 2025 benchmarks apply from September 2025.",
    )
    participants = forms.CharField(
        label="Who took part",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: SR (careers leader), NR (deputy head), link governor.",
    )
    copy_last = forms.TypedChoiceField(
        label="How do you want to start?",
        choices=[
            ("", "With blank answers"),
            ("1", "With the answers and evidence of the last self-assessment"),
        ],
        coerce=bool,
        empty_value=False,
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, can_copy: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_copy:
            del self.fields["copy_last"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Start the self-assessment", css_class="btn-lg"))


class BenchmarkAnswersForm(forms.Form):
    """Met / in progress / not met and evidence for each criterion of one benchmark."""

    compass_percentage = forms.IntegerField(
        label="Official Compass percentage (optional)",
        required=False,
        min_value=0,
        max_value=100,
        help_text="From your Compass or Compass+ report. Kept beside our score, never mixed in.",
        error_messages={
            "min_value": "A Compass percentage is between 0 and 100. Check the figure.",
            "max_value": "A Compass percentage is between 0 and 100. Check the figure.",
            "invalid": "Enter the Compass percentage as a whole number from 0 to 100.",
        },
    )

    def __init__(
        self,
        *args,
        criteria: list[tuple[Criterion, CriterionAnswer | None]],
        compass: int | None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.fields["compass_percentage"].initial = compass
        for criterion, answer in criteria:
            self.fields[f"status_{criterion.pk}"] = forms.ChoiceField(
                label=f"{criterion.code} {criterion.text}",
                choices=AnswerStatus.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=answer.status if answer else None,
                error_messages={
                    "required": f"Choose met, in progress or not met for {criterion.code}."
                },
            )
            self.fields[f"evidence_{criterion.pk}"] = forms.CharField(
                label=f"Evidence for {criterion.code}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.evidence if answer else "",
            )

    def rows(self):
        """Each criterion with its bound status and evidence fields, for the template."""
        return [
            (criterion, self[f"status_{criterion.pk}"], self[f"evidence_{criterion.pk}"])
            for criterion, _ in self.criteria
        ]

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            criterion.pk: (
                self.cleaned_data[f"status_{criterion.pk}"],
                self.cleaned_data[f"evidence_{criterion.pk}"],
            )
            for criterion, _ in self.criteria
        }


class ReviewStartForm(forms.Form):
    reviewed_on = forms.DateField(label="Date of the review", widget=DATE_WIDGET)
    participants = forms.CharField(
        label="Who took part",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: SR (careers leader), NR (deputy head), Enterprise Adviser.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Start the review", css_class="btn-lg"))


class MaturityResponseForm(forms.ModelForm):
    level = forms.TypedChoiceField(
        label="Best-fit level",
        choices=MaturityResponse.LEVELS,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="You can save your next steps first and choose the level later.",
        error_messages={
            "invalid_choice": "Choose a level from 1 to 4: there is no level %(value)s.",
        },
    )
    marking = forms.ChoiceField(
        label="Mark this statement as",
        choices=Marking.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = MaturityResponse
        fields = [
            "level",
            "current_position",
            "actions_to_improve",
            "next_steps",
            "by_when_who",
            "marking",
        ]
        widgets = {
            "current_position": forms.Textarea(attrs={"rows": 3}),
            "actions_to_improve": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class StatementTextForm(forms.ModelForm):
    class Meta:
        model = MaturityStatementText
        fields = ["text", "level_1", "level_2", "level_3", "level_4"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save the wording", css_class="btn-lg"))


class ChecklistEntryForm(forms.Form):
    """One item of the year's checklist with the Kent grid's three columns."""

    done = forms.BooleanField(required=False, label="This is true this year")
    planned = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you plan for the year (June or July, for the year ahead).",
    )
    evidence = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Evidence",
        help_text="What shows it happened: documents, links, dates.",
    )
    actions_for_next_year = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Actions for next year",
        help_text="From the April review: what to improve or keep next year.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in ("planned", "evidence", "actions_for_next_year"):
            self.fields[field].error_messages["max_length"] = (
                "Keep it to 4,000 characters or fewer (it has %(show_value)d)."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False


class ChecklistForm(forms.Form):
    items = forms.MultipleChoiceField(
        label="Tick every statement that is true this year",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["items"].choices = [
            (str(item.pk), f"{item.number}. {item.text}") for item in self.items
        ]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save the checklist", css_class="btn-lg"))

    def chosen(self):
        chosen = set(self.cleaned_data["items"])
        return [item for item in self.items if str(item.pk) in chosen]

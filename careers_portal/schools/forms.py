"""Forms of the learners pages: input shape only; the rules are in learner_import and services."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms

from careers_portal import uploads
from careers_portal.schools import learner_import, services
from careers_portal.schools.models import HalfTerm, Learner
from careers_portal.schools.services import LEARNER_DETAILS


class RollUploadForm(forms.Form):
    file = forms.FileField(
        label="The roll exported from your MIS (CSV or Excel)",
        help_text="One row per learner with the column headings your MIS gives them: you check "
        "how they are read on the next page. Up to 10,000 rows and 5 MB.",
    )

    def clean_file(self):
        return uploads.check_upload(self.cleaned_data["file"])


FIELD_CHOICES = [
    ("", "Leave this column out"),
    *((name, label) for name, (label, _) in learner_import.FIELDS.items()),
]


class MappingForm(forms.Form):
    """One choice per heading of the file: which of our fields it holds, or none."""

    def __init__(self, *args, headings: list[str], initial_mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.headings = headings
        for index, heading in enumerate(headings):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=heading or f"Column {index + 1}",
                choices=FIELD_CHOICES,
                required=False,
                initial=initial_mapping.get(heading, ""),
            )

    def clean(self):
        cleaned = super().clean()
        problems = learner_import.mapping_problems(self.mapping())
        for problem in problems:
            self.add_error(None, problem)
        return cleaned

    def mapping(self) -> dict[str, str]:
        return {
            heading: self.cleaned_data.get(f"column_{index}", "")
            for index, heading in enumerate(self.headings)
        }

    def rows(self):
        """(bound field, example values) per column, for the template."""
        return [(self[f"column_{index}"], index) for index in range(len(self.headings))]


class ApplyForm(forms.Form):
    skip_invalid = forms.BooleanField(
        required=False,
        label="Import the rows without errors and leave out the rows with errors",
    )
    mark_left = forms.BooleanField(
        required=False,
        label="Mark the learners who are not in this file as left today",
    )


YES_NO = [("", "Any"), ("yes", "Yes"), ("no", "No")]


class LearnerFilterForm(forms.Form):
    q = forms.CharField(label="Name, UPN, ULN or MIS reference", required=False, max_length=100)
    year_group = forms.TypedChoiceField(
        label="Year group",
        choices=[("", "Any"), *Learner.YEAR_GROUPS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    reg_group = forms.CharField(label="Registration group", required=False, max_length=20)
    send = forms.ChoiceField(
        label="SEND",
        choices=[("", "Any"), ("any", "Any SEND"), *Learner.Send.choices],
        required=False,
    )
    disadvantaged = forms.ChoiceField(label="Disadvantaged", choices=YES_NO, required=False)
    looked_after = forms.ChoiceField(label="Looked after", choices=YES_NO, required=False)
    eal = forms.ChoiceField(label="EAL", choices=YES_NO, required=False)
    young_carer = forms.ChoiceField(label="Young carer", choices=YES_NO, required=False)
    status = forms.ChoiceField(
        label="On roll or left",
        choices=[("on_roll", "On roll"), ("left", "Left"), ("all", "Both")],
        required=False,
    )


DATE_INPUT = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class TermDatesForm(forms.Form):
    """The six half terms of one academic year: first and last day of each."""

    def __init__(self, *args, academic_year, initial_dates: dict[int, tuple], **kwargs):
        super().__init__(*args, **kwargs)
        self.academic_year = academic_year
        for number, label in HalfTerm.Number.choices:
            start, end = initial_dates.get(number, (None, None))
            self.fields[f"ht{number}_start"] = forms.DateField(
                label=f"{label}: first day", initial=start, widget=DATE_INPUT
            )
            self.fields[f"ht{number}_end"] = forms.DateField(
                label=f"{label}: last day", initial=end, widget=DATE_INPUT
            )
            for part in ("start", "end"):
                self.fields[f"ht{number}_{part}"].error_messages["required"] = (
                    f"Enter the {'first' if part == 'start' else 'last'} day of HT{number}."
                )

    def rows(self):
        """(label, first-day field, last-day field) per half term, for the table."""
        return [
            (label, self[f"ht{number}_start"], self[f"ht{number}_end"])
            for number, label in HalfTerm.Number.choices
        ]

    def dates(self) -> dict[int, tuple]:
        return {
            number: (self.cleaned_data[f"ht{number}_start"], self.cleaned_data[f"ht{number}_end"])
            for number in HalfTerm.Number.values
        }

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            problems = services.term_dates_problems(self.academic_year, self.dates())
            for number, problem in problems.items():
                self.add_error(f"ht{number}_start", problem)
        return cleaned


class NewYearRollForm(RollUploadForm):
    """The roll upload, for next year's roll: the same checks, its own words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Next year's roll exported from your MIS (CSV or Excel)"
        self.fields["file"].help_text = (
            "Every learner on roll in September, in their new year group. Learners not in the "
            "file are marked as left on the last day of this year. Up to 10,000 rows and 5 MB."
        )


class LearnerDetailsForm(forms.ModelForm):
    """A learner's details as the careers leader corrects them (the MIS import sets them too)."""

    class Meta:
        model = Learner
        fields = list(LEARNER_DETAILS)
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "planned_end_date": forms.DateInput(attrs={"type": "date"}),
            "date_of_leaving": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"date_of_leaving": "Leave empty while the learner is on roll."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

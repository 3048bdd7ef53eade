"""Forms of the learners pages: input shape only; the rules are in learner_import and services."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms

from careers_portal import uploads
from careers_portal.schools import learner_import
from careers_portal.schools.models import Learner
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

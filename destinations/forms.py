"""Forms of the destinations pages: input shape only."""

from __future__ import annotations

from django import forms

from careers_portal.schools.models import AcademicYear
from destinations.models import DestinationRecord, NccisCode

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DestinationForm(forms.ModelForm):
    academic_year = forms.ModelChoiceField(
        queryset=AcademicYear.objects.order_by("-start_year"),
        label="Academic year",
        help_text="The year the learner leaves (or left).",
        empty_label=None,
    )

    class Meta:
        model = DestinationRecord
        fields = [
            "academic_year",
            "stage",
            "category",
            "nccis_code",
            "provider",
            "level",
            "date",
            "source",
        ]
        widgets = {"date": DATE_WIDGET}
        help_texts = {
            "category": "Leave as it is when you give an NCCIS code: the code decides it.",
            "nccis_code": "The local authority's three-digit activity code, for example 310, "
            "where you know it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].required = False
        self.fields["category"].choices = [
            ("", "Choose a destination"),
            *list(self.fields["category"].choices)[1:],
        ]
        self.fields["level"].choices = [
            ("", "Not given or not a course"),
            *list(self.fields["level"].choices)[1:],
        ]

    def clean_nccis_code(self):
        code = self.cleaned_data["nccis_code"].strip()
        if code and not NccisCode.objects.filter(code=code).exists():
            raise forms.ValidationError(
                f"{code} is not an NCCIS activity code we know: check it with your local "
                "authority, or leave it empty and choose the destination."
            )
        return code

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("category") and not cleaned.get("nccis_code") and not self.errors:
            self.add_error("category", "Choose the destination, or give its NCCIS code.")
        return cleaned

    def validate_unique(self):
        pass  # recording a stage again replaces it (the service finds the old record)


class YearForm(forms.Form):
    year = forms.ModelChoiceField(
        queryset=AcademicYear.objects.order_by("-start_year"),
        to_field_name="start_year",
        required=False,
        label="Leavers of",
        empty_label=None,
    )


class DestinationImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file of destinations",
        help_text="One row per learner: a UPN, ULN or MIS reference column, and an NCCIS "
        "activity code or a destination column; provider, level and date if you have them. "
        "A local authority activity file works as it is.",
    )
    academic_year = forms.ModelChoiceField(
        queryset=AcademicYear.objects.order_by("-start_year"),
        label="Academic year the learners leave",
        empty_label=None,
    )
    stage = forms.ChoiceField(
        label="What the file records", choices=DestinationRecord.Stage.choices
    )
    source = forms.ChoiceField(
        label="Where it comes from", choices=DestinationRecord.Source.choices
    )

    def clean_file(self):
        from careers_portal import uploads

        return uploads.check_upload(self.cleaned_data["file"])


class SkipForm(forms.Form):
    skip_invalid = forms.BooleanField(
        required=False, label="Import the rows without errors and leave out the rows with errors"
    )

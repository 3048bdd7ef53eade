"""The careers leader's form for the statutory careers page: input shape only."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from careers_portal.insights.careers_page import careers_leaders
from careers_portal.insights.careers_page_models import CareersPage
from careers_portal.locking import VersionedModelForm

TEXT = {"rows": 4}


class _LeaderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class CareersPageForm(VersionedModelForm):
    class Meta:
        model = CareersPage
        fields = [
            "careers_leader",
            "contact_email",
            "telephone",
            "programme_summary",
            "finding_out",
            "measuring_impact",
            "next_review_date",
            "provider_requests",
            "grounds",
            "premises",
            "published",
        ]
        widgets = {
            "next_review_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "programme_summary": forms.Textarea(attrs=TEXT),
            "finding_out": forms.Textarea(attrs=TEXT),
            "measuring_impact": forms.Textarea(attrs=TEXT),
            "provider_requests": forms.Textarea(attrs=TEXT),
            "grounds": forms.Textarea(attrs=TEXT),
            "premises": forms.Textarea(attrs=TEXT),
        }

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        user_ids = careers_leaders(institution).values("user_id")
        users = CareersPage._meta.get_field("careers_leader").related_model.objects
        self.fields["careers_leader"] = _LeaderChoice(
            queryset=users.filter(pk__in=user_ids).order_by("first_name", "last_name"),
            required=False,
            label="Careers leader",
            help_text="The person named on the page.",
            empty_label="Choose the careers leader",
        )
        self.fields["next_review_date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["next_review_date"].error_messages["invalid"] = (
            "Enter the date of the next review, for example 15 July 2027."
        )
        self.fields["contact_email"].error_messages["invalid"] = (
            "Enter an email address like careers@school.example.org."
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save the page", css_class="btn-lg"))

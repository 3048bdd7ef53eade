"""Forms of the surveys app: the leader's (build, invite) and the public answering form."""

from __future__ import annotations

import datetime as dt

from crispy_forms.helper import FormHelper
from django import forms

from benchmarks.selectors import Benchmark, CdiLearningArea, SkillsBuilderSkill, Version
from careers_portal.schools.models import Learner
from surveys import blueprints
from surveys.models import Question, Section, Survey

DATE = forms.DateInput(attrs={"type": "date"})


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class DatesForm(forms.Form):
    opens_on = forms.DateField(label="Opens on", widget=DATE)
    closes_on = forms.DateField(label="Closes on", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The survey must close on or after the day it opens.")
        return data


class FromBlueprintForm(DatesForm):
    blueprint = forms.ChoiceField(
        label="Start from",
        choices=[(b.key, b.title) for b in blueprints.BLUEPRINTS],
        widget=forms.RadioSelect,
    )
    field_order = ["blueprint", "opens_on", "closes_on"]


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "audience",
            "purpose",
            "introduction",
            "anonymous",
            "opens_on",
            "closes_on",
        ]
        widgets = {
            "opens_on": DATE,
            "closes_on": DATE,
            "introduction": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"anonymous": "Anonymous (answers never name the learner)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class SectionForm(forms.Form):
    title = forms.CharField(label="New section", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class SectionEditForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "introduction"]
        labels = {"title": "Section title", "introduction": "Introduction (optional)"}
        help_texts = {"introduction": "What respondents read at the top of this page."}
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(forms.ModelForm):
    options = forms.CharField(
        label="Options (single and multiple choice), one a line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Question
        fields = ["text", "help_text", "kind", "required", "benchmark", "cdi_area", "skill"]
        labels = {"text": "Question", "help_text": "Hint (optional)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["benchmark"].queryset = Benchmark.objects.filter(version=Version.V2025)
        self.fields["benchmark"].label_from_instance = lambda b: f"{b.number} {b.title}"
        self.fields["cdi_area"].queryset = CdiLearningArea.objects.all()
        self.fields["skill"].queryset = SkillsBuilderSkill.objects.all()
        if self.instance.pk and not self.is_bound:
            self.fields["options"].initial = "\n".join(self.instance.choices or [])
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        self.instance.choices = [
            line.strip() for line in (data.get("options") or "").splitlines() if line.strip()
        ]
        return data

    def _update_errors(self, errors):
        # The model names its options "choices"; the form shows them as "options".
        if hasattr(errors, "error_dict") and "choices" in errors.error_dict:
            errors.error_dict["options"] = errors.error_dict.pop("choices")
        super()._update_errors(errors)


class InviteLearnersForm(forms.Form):
    year_group = forms.TypedChoiceField(
        label="Year group",
        choices=[("", "Choose a year group"), *Learner.YEAR_GROUPS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    reg_group = forms.CharField(
        label="Or a registration group",
        max_length=20,
        required=False,
        help_text="For example 10B. Leave empty to invite the whole year group.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if not data.get("year_group") and not (data.get("reg_group") or "").strip():
            raise forms.ValidationError("Choose a year group or type a registration group.")
        return data


class InviteEmailsForm(forms.Form):
    lines = forms.CharField(
        label="People to invite, one a line",
        help_text="A name and an email address, for example: Sam Jones, sam@example.com",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=200_000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


# ---------------------------------------------------------------------- the public form


class AnswerForm(forms.Form):
    """One section of a survey, one field per question, named q<id>; a honeypot field."""

    # People never see it (hidden by CSS, out of the tab order); bots fill it in.
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"q{q.pk}"] = _field(q)
        self.helper = _helper()

    def values(self) -> dict[int, dict]:
        """The section's answers, by question id, as services.response_submit takes them."""
        out = {}
        for q in self.questions:
            value = self.cleaned_data.get(f"q{q.pk}")
            if q.kind in (Question.Kind.AGREEMENT, Question.Kind.NUMBER):
                out[q.pk] = {"number": int(value) if value not in (None, "") else None}
            elif q.kind == Question.Kind.MULTIPLE:
                out[q.pk] = {"options": list(value or [])}
            else:
                out[q.pk] = {"text": (value or "").strip()}
        return out

    @staticmethod
    def initial_from(questions: list[Question], saved: dict) -> dict:
        """What the respondent gave before (kept in their session), as the form's initial."""
        initial = {}
        for q in questions:
            value = saved.get(str(q.pk))
            if not value:
                continue
            if q.kind in (Question.Kind.AGREEMENT, Question.Kind.NUMBER):
                initial[f"q{q.pk}"] = value.get("number")
            elif q.kind == Question.Kind.MULTIPLE:
                initial[f"q{q.pk}"] = value.get("options")
            else:
                initial[f"q{q.pk}"] = value.get("text")
        return initial


def _field(q: Question) -> forms.Field:
    common = {"label": q.text, "required": q.required, "help_text": q.help_text}
    if q.kind == Question.Kind.AGREEMENT:
        return forms.TypedChoiceField(
            choices=Question.SCALE,
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": "Choose how far you agree."},
            **common,
        )
    if q.kind == Question.Kind.SINGLE:
        return forms.ChoiceField(
            choices=[(c, c) for c in q.choices],
            widget=forms.RadioSelect,
            error_messages={"required": "Choose one answer."},
            **common,
        )
    if q.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in q.choices],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Choose at least one answer."},
            **common,
        )
    if q.kind == Question.Kind.NUMBER:
        return forms.IntegerField(
            min_value=0,
            max_value=1_000_000,
            error_messages={
                "required": "Give a number.",
                "invalid": "Give a whole number, for example 3.",
            },
            **common,
        )
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Write an answer."},
        **common,
    )


def next_year_dates(survey: Survey) -> dict[str, dt.date]:
    """The copy's suggested dates: the same days a year on."""

    def year_on(day: dt.date) -> dt.date:
        try:
            return day.replace(year=day.year + 1)
        except ValueError:  # 29 February
            return day.replace(year=day.year + 1, day=28)

    return {"opens_on": year_on(survey.opens_on), "closes_on": year_on(survey.closes_on)}

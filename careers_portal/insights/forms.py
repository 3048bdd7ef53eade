"""Forms of the insights pages: input shape only."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms

from careers_portal.insights.models import LocalNeetFigure, Measure
from careers_portal.schools.models import AcademicYear
from destinations.models import Category
from surveys.models import Question

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeasureForm(forms.ModelForm):
    benchmark = forms.TypedChoiceField(
        choices=[("", "Choose a benchmark"), *[(n, f"Benchmark {n}") for n in range(1, 9)]],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="For a benchmark's score, or its coverage (benchmarks 5 to 8).",
    )
    category = forms.ChoiceField(
        label="Destination",
        choices=[("", "Choose a destination"), *Category.choices],
        required=False,
        help_text="For a share of last year's leavers, for example NEET.",
    )

    class Meta:
        model = Measure
        fields = [
            "kind",
            "benchmark",
            "year_group",
            "category",
            "question",
            "baseline_value",
            "baseline_date",
            "target",
        ]
        widgets = {"baseline_date": DATE_WIDGET}
        labels = {"kind": "What to measure"}

    def __init__(self, *args, institution=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        # Agreement questions of the institution's surveys, newest survey first.
        question = self.fields["question"]
        question.queryset = (
            Question.objects.for_institution(institution)
            .filter(kind=Question.Kind.AGREEMENT)
            .select_related("section__survey")
            .order_by("-section__survey__opens_on", "section__order", "order")
            if institution is not None
            else Question.objects.none()
        )
        question.label_from_instance = lambda q: f"{q.section.survey.title}: {q.text}"
        question.empty_label = "Choose a survey question"
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in (Measure.Kind.BENCHMARK_SCORE, Measure.Kind.COVERAGE) and not data.get(
            "benchmark"
        ):
            self.add_error("benchmark", "Choose the benchmark this measure counts.")
        if kind == Measure.Kind.COVERAGE and data.get("benchmark") not in (None, 5, 6, 7, 8):
            self.add_error("benchmark", "Coverage is counted for benchmarks 5 to 8.")
        year_group = data.get("year_group")
        groups = self.institution.year_groups if self.institution else []
        if year_group is not None and groups and year_group not in groups:
            self.add_error(
                "year_group", f"{self.institution.name} has Year {groups[0]} to Year {groups[-1]}."
            )
        if kind == Measure.Kind.SURVEY and not data.get("question"):
            self.add_error("question", "Choose the survey question this measure follows.")
        if kind == Measure.Kind.DESTINATION and not data.get("category"):
            self.add_error("category", "Choose the destination this measure counts.")
        return data


class LocalNeetForm(forms.ModelForm):
    academic_year = forms.ModelChoiceField(
        queryset=AcademicYear.objects.order_by("-start_year"),
        label="Year of the leavers",
        empty_label=None,
    )

    class Meta:
        model = LocalNeetFigure
        fields = ["academic_year", "percent", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def validate_unique(self):
        # One figure a year: saving the year again corrects it (the service updates the row).
        pass


class BuildForm(forms.Form):
    academic_year = forms.ModelChoiceField(
        queryset=AcademicYear.objects.order_by("-start_year"),
        label="Academic year",
        empty_label=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
